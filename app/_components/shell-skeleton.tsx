import { Logo } from './logo';

/** What shows while the app chunk loads: the frame of the app, nothing that pretends to work. */
export function ShellSkeleton() {
  return (
    <div className="flex h-dvh overflow-hidden" aria-busy="true">
      <aside className="hidden w-72 shrink-0 flex-col border-r border-border bg-panel md:flex">
        <div className="flex items-center gap-2 px-4 py-4">
          <Logo className="h-7 w-7" />
          <span className="text-lg font-semibold tracking-tight">Codelumi</span>
        </div>
        <div className="mx-3 h-9 rounded-lg bg-subtle" />
        <div className="mx-3 mt-3 h-9 rounded-lg bg-subtle" />
      </aside>
      <main className="flex flex-1 items-center justify-center">
        <p className="text-sm text-muted" role="status">
          Loading Codelumi…
        </p>
      </main>
    </div>
  );
}
