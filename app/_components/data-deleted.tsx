'use client';
/**
 * The whole page once all data was deleted from another tab (or the database
 * was deleted under this one): the tab has stopped using the database so it
 * cannot bring anything back (lib/services/data-wipe.ts), and a reload starts
 * an empty Codelumi.
 */
import { Logo } from './logo';

export function DataDeleted({ onReload }: { onReload: () => void }) {
  return (
    <main className="flex h-dvh flex-col items-center justify-center gap-4 p-6 text-center">
      <Logo className="h-10 w-10" />
      <h1 className="text-xl font-semibold">Your data was deleted in another tab</h1>
      <p className="max-w-md text-sm text-muted">
        Everything Codelumi kept on this device was deleted from another tab or window. This tab has stopped, so nothing
        of it comes back. Reload to start again with an empty Codelumi.
      </p>
      <button
        type="button"
        onClick={onReload}
        autoFocus
        className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:opacity-90"
      >
        Reload
      </button>
    </main>
  );
}
