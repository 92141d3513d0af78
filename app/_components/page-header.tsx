'use client';
import { useShell } from './shell-context';
import { MenuIcon } from './icons';

/** The title bar of a non-chat page, with the sidebar button on narrow screens. */
export function PageHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  const shell = useShell();
  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-border px-3">
      <button
        type="button"
        onClick={shell.openSidebar}
        className="rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg md:hidden"
        aria-label="Open sidebar"
        aria-controls="sidebar"
      >
        <MenuIcon className="h-5 w-5" />
      </button>
      <h1 className="px-1 text-base font-semibold">{title}</h1>
      <div className="ml-auto flex items-center gap-2">{children}</div>
    </header>
  );
}
