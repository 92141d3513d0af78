/**
 * When Codelumi asks the browser to keep its data (persistent storage): once
 * the user has something worth keeping, the tenth conversation or the first
 * memory, and only once. Firefox shows the user a prompt for it, so asking
 * again at every start (or after a refusal) would nag; the Settings storage
 * section keeps a button to ask again by hand.
 */
import { liveQuery } from 'dexie';
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { readPersistence, requestPersistence, type Persistence, type StorageLike } from './storage';

/** Conversations after which the data is worth keeping (one memory is, on its own). */
export const PERSIST_AFTER_CONVERSATIONS = 10;
/** The meta row saying when persistence was asked for (never asked again automatically). */
export const PERSIST_ASKED_KEY = 'storage.persistAsked';

/** True once there is something worth keeping: PERSIST_AFTER_CONVERSATIONS conversations, or one memory. */
export async function worthKeeping(db: CodelumiDB): Promise<boolean> {
  const [conversations, memories] = await Promise.all([db.conversations.count(), db.memories.count()]);
  return conversations >= PERSIST_AFTER_CONVERSATIONS || memories > 0;
}

/**
 * Watches the database and asks for persistent storage the first time it is
 * worth keeping, unless the browser already keeps it, cannot say, or was
 * asked before (by this rule, in any earlier session). The ask is recorded
 * before it is made, so two tabs or a crash never ask twice. `onAsked` hears
 * the outcome. Returns the function that stops watching.
 */
export function persistOnceWorthKeeping(
  db: CodelumiDB,
  storage: StorageLike | undefined,
  onAsked: (result: Persistence) => void = () => undefined,
  now: () => number = Date.now,
): () => void {
  let done = false;
  // Called only after an await (never while subscribing), so `subscription` is set by then.
  const finish = () => {
    done = true;
    subscription.unsubscribe();
  };
  const ask = async () => {
    if ((await readPersistence(storage)) !== 'not-granted') return finish();
    const first = await guardWrite(() =>
      db.transaction('rw', db.meta, async () => {
        if (await db.meta.get(PERSIST_ASKED_KEY)) return false;
        await db.meta.put({ key: PERSIST_ASKED_KEY, value: now() });
        return true;
      }),
    );
    finish();
    if (first) onAsked(await requestPersistence(storage));
  };
  const subscription = liveQuery(() => worthKeeping(db)).subscribe({
    next: (worth) => {
      if (worth && !done) {
        done = true;
        ask().catch((err: unknown) => console.error('Codelumi could not ask to keep its data', err));
      }
    },
    error: (err: unknown) => console.error('Codelumi could not watch whether its data is worth keeping', err),
  });
  if (done) subscription.unsubscribe();
  return finish;
}
