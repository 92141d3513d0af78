/**
 * Every tab's view of the conversations in the bin, whichever tab (or the
 * worker) deleted or restored them: a live query on the `deletedAt` index,
 * which Dexie re-runs after this tab's writes and, through its own
 * BroadcastChannel, after other tabs' and workers'. It reads the database
 * itself rather than trusting a message, so a tab always schedules from what
 * is stored: a deletion it never heard of (it started afterwards, or missed
 * the moment) still shows up. Only writes that touch `deletedAt` wake it, so
 * a streaming answer (which updates its conversation) costs nothing here.
 */
import { liveQuery } from 'dexie';
import type { CodelumiDB } from '../db/db';

/** A conversation in the bin, and when it went there. */
export interface Deletion {
  id: string;
  deletedAt: number;
}

/** A running watch: `ready` settles once the first read was handed over (or failed, or the watch stopped); `stop` ends it. */
export interface DeletionsWatch {
  ready: Promise<void>;
  stop(): void;
}

/**
 * Calls `onChange` with every deletion now, then again after each change to
 * any of them (a new deletion, a restore, a forgetting), from any tab.
 * `onError` hears when a read fails (Dexie stays silent when the database
 * was closed: the tab is stopping then).
 */
export function watchDeletions(
  db: CodelumiDB,
  onChange: (deletions: Deletion[]) => void,
  onError: (err: Error) => void,
): DeletionsWatch {
  let settle!: () => void;
  const ready = new Promise<void>((resolve) => (settle = resolve));
  const subscription = liveQuery(async () =>
    // Only deleted conversations are in the index (a restored one has no deletedAt).
    (await db.conversations.where('deletedAt').above(0).toArray()).map((c) => ({ id: c.id, deletedAt: c.deletedAt! })),
  ).subscribe({
    next: (deletions) => {
      onChange(deletions);
      settle();
    },
    error: (err: unknown) => {
      onError(err instanceof Error ? err : new Error(String(err)));
      settle();
    },
  });
  return {
    ready,
    stop: () => {
      subscription.unsubscribe();
      // Dexie says nothing when the database was closed under the query: nobody may be left waiting for its first read.
      settle();
    },
  };
}
