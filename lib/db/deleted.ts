/**
 * What a connection does when its database is deleted from elsewhere ("Delete
 * all data" in another tab, or any `indexedDB.deleteDatabase`). Dexie's own
 * answer is to close and reopen on the next use, and that next use (a
 * worker's batch, a draft's save, a timer) would make a new database right
 * after the user deleted everything. Here the connection closes for good
 * instead: every later use fails with Dexie's DatabaseClosedError until the
 * page (or worker) starts again.
 */
import type Dexie from 'dexie';

/**
 * Makes `db` close for good, without reopening, when its database is deleted
 * (an upgrade by a newer version of the app keeps Dexie's handling: close,
 * then reopen on use), and calls `onDeleted` once that happened. Returns the
 * function that removes the handling again.
 */
export function closeForGoodWhenDeleted(db: Dexie, onDeleted: () => void = () => undefined): () => void {
  const handler = (event: IDBVersionChangeEvent) => {
    // A deletion has no new version; an upgrade has one.
    if (event.newVersion) return undefined;
    // Dexie's default close: no automatic reopening.
    db.close();
    onDeleted();
    // Dexie's own handler (close and reopen on use) must not run after this one.
    return false;
  };
  db.on('versionchange', handler);
  return () => db.on('versionchange').unsubscribe(handler);
}
