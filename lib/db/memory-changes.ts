/**
 * A change feed for the `memories` table. Every write through Dexie (add,
 * put, update, modify, delete, clear, in any context that opened the database
 * with createDatabase) reports the ids it touched, so a cache of the memories
 * re-reads exactly those rows. It goes by primary key, not by time: a memory
 * written with an older `updatedAt` (an import, a merge) is reported like any
 * other. Writes in this context are reported as soon as the write resolves
 * (a read started afterwards queues behind the write's transaction); writes
 * in other contexts (a tab, a worker) arrive by BroadcastChannel once their
 * transaction has committed. Those are best effort: a tab closed right after
 * its commit, or a writer without this middleware (an older app version),
 * sends none, and one may arrive after a read the page asked for later. A
 * cache fed by it re-reads from the database what a prompt will get
 * (lib/memory/learned-context.ts).
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

/** What changed: these memory ids, or every row (a clear or a range delete). */
export type MemoryChange = { ids: string[] } | { all: true };

type Listener = (change: MemoryChange) => void;

/** Listeners by database name (one context may open a database more than once, e.g. in tests). */
const listeners = new Map<string, Set<Listener>>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('codelumi:memories-changed') : undefined;
channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as { db?: unknown; change?: MemoryChange } | null;
  if (data && typeof data.db === 'string' && data.change)
    for (const listener of listeners.get(data.db) ?? []) listener(data.change);
});

/**
 * Calls `listener` with every change to the memories of the database named
 * `dbName`, in this context and in others; returns the unsubscribe.
 */
export function watchMemoryChanges(dbName: string, listener: Listener): () => void {
  let set = listeners.get(dbName);
  if (!set) listeners.set(dbName, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function changeOf(req: DBCoreMutateRequest): MemoryChange {
  if (req.type === 'deleteRange') return { all: true };
  if (req.type === 'delete') return { ids: req.keys.map(String) };
  const keys = req.keys ?? req.values.map((v: { id?: unknown }) => v?.id);
  // A row without a readable key cannot be re-read alone: read them all.
  if (keys.some((k) => typeof k !== 'string')) return { all: true };
  return { ids: keys as string[] };
}

/** Creates the middleware for the database named `dbName`: it reports every write to `memories` (see the file comment). */
export function memoryChangesMiddleware(dbName: string): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'codelumi:memory-changes',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'memories') return table;
        return {
          ...table,
          mutate: async (req: DBCoreMutateRequest) => {
            const result = await table.mutate(req);
            const change = changeOf(req);
            // Here, at once: a read this context starts now runs after the write's transaction.
            for (const listener of listeners.get(dbName) ?? []) listener(change);
            // Elsewhere, once committed: their reads are not ordered after this transaction.
            const trans = req.trans as unknown as Partial<IDBTransaction>;
            if (typeof trans.addEventListener === 'function')
              trans.addEventListener('complete', () => channel?.postMessage({ db: dbName, change }));
            else channel?.postMessage({ db: dbName, change });
            return result;
          },
        };
      },
    }),
  };
}
