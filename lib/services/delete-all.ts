/**
 * "Delete all data": every IndexedDB database of the app's origin (the
 * Codelumi database, the share inbox, any other), and the page's local and
 * session storage. Cache Storage holds only the app itself (the precache,
 * the highlighter's grammars, the code sandbox's runtime), no user data, so
 * it stays and the app still opens offline; so do Workbox's own databases
 * (`workbox-*`, its bookkeeping of those caches, held open by the service worker).
 */
import type { Services } from './services';

/** What is wiped, passed in so the wipe runs under Node with fake-indexeddb. */
export interface WipeTargets {
  indexedDB: IDBFactory;
  /** localStorage and sessionStorage. */
  storages: Pick<Storage, 'clear'>[];
}

/** Databases that belong to the service worker's caches, not to the user. */
const isCacheBookkeeping = (name: string) => name.startsWith('workbox-');

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory.deleteDatabase(name);
    // A blocked deletion waits for other connections to close (Dexie closes on 'versionchange'); it then succeeds.
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`Could not delete the database ${name}.`));
  });
}

/**
 * Stops this tab's use of the database (forgetting timers, the analysis
 * worker, the connection), then deletes every database and clears the
 * storages. Returns the names of the databases deleted. The caller reloads
 * the page, which starts an empty app.
 */
export async function deleteAllData(services: Services, targets: WipeTargets): Promise<string[]> {
  services.forgetting.stop();
  services.release();
  services.db.close();
  const names = (await targets.indexedDB.databases())
    .map((d) => d.name)
    .filter((name): name is string => !!name && !isCacheBookkeeping(name));
  for (const name of names) await deleteDatabase(targets.indexedDB, name);
  for (const storage of targets.storages) storage.clear();
  return names;
}
