/**
 * "Delete all data": every IndexedDB database of the app's origin (the
 * Codelumi database, the share inbox, any other), and the page's local and
 * session storage. Cache Storage holds only the app itself (the precache,
 * the highlighter's grammars, the code sandbox's runtime), no user data, so
 * it stays and the app still opens offline; so do Workbox's own databases
 * (`workbox-*`, its bookkeeping of those caches, held open by the service worker).
 * The app's other open tabs are told first and let go of the database for good
 * (./data-wipe.ts), so none of them recreates it.
 */
import type { Services } from './services';

/** What is wiped, passed in so the wipe runs under Node with fake-indexeddb. */
export interface WipeTargets {
  indexedDB: IDBFactory;
  /** localStorage and sessionStorage. */
  storages: Pick<Storage, 'clear'>[];
  /** How long a deletion may wait for another connection to close before it is given up (10 s unless given). */
  blockedMs?: number;
}

/** Long enough for a busy tab to finish its transaction and close; short enough that the user is not left waiting. */
const BLOCKED_MS = 10_000;

/** Databases that belong to the service worker's caches, not to the user. */
const isCacheBookkeeping = (name: string) => name.startsWith('workbox-');

function deleteDatabase(factory: IDBFactory, name: string, blockedMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A blocked deletion waits for other connections to close (the app's tabs close theirs on 'versionchange'). One that
    // never closes (a stuck tab, a tool holding it) must not leave the user waiting forever: the deletion stays queued
    // and finishes when it closes, but the user is told now.
    req.onblocked = () => {
      timer ??= setTimeout(
        () => reject(new Error(`Another tab or window still has the database ${name} open.`)),
        blockedMs,
      );
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error ?? new Error(`Could not delete the database ${name}.`));
    };
  });
}

/**
 * Stops this tab's use of the database (forgetting timers, the analysis
 * worker, the connection), tells the app's other tabs to stop theirs, then
 * deletes every database and clears the storages. Returns the names of the
 * databases deleted; rejects when one stays blocked by another connection for
 * `blockedMs`. The caller reloads the page, which starts an empty app.
 */
export async function deleteAllData(services: Services, targets: WipeTargets): Promise<string[]> {
  services.forgetting.stop();
  services.release();
  services.db.close();
  services.dataWipe.announce();
  const names = (await targets.indexedDB.databases())
    .map((d) => d.name)
    .filter((name): name is string => !!name && !isCacheBookkeeping(name));
  for (const name of names) await deleteDatabase(targets.indexedDB, name, targets.blockedMs ?? BLOCKED_MS);
  for (const storage of targets.storages) storage.clear();
  return names;
}
