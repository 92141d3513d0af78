/**
 * Where the service worker leaves a shared item for the app: a small database
 * of its own ("codelumi-share"), so the worker never opens the app's database
 * (whose schema version only the app may move). The app reads an item once,
 * puts it in a draft, then deletes it.
 */
import type { SharedItem } from './share-payload';

export const SHARE_DB_NAME = 'codelumi-share';
const STORE = 'inbox';
/** Items the app never picked up (the share window was closed at once) are dropped after a day. */
const KEEP_MS = 24 * 60 * 60 * 1000;

interface InboxRow extends SharedItem {
  id: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(SHARE_DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
  return request(req).then((db) => {
    // Never hold up a future version of this database.
    db.onversionchange = () => db.close();
    return db;
  });
}

async function inTransaction<T>(
  factory: IDBFactory,
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => Promise<T>,
): Promise<T> {
  const db = await open(factory);
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new DOMException('Transaction aborted', 'AbortError'));
    });
    const result = await fn(tx.objectStore(STORE));
    await done;
    return result;
  } finally {
    db.close();
  }
}

/** Stores a shared item and returns its id; drops items older than a day. Rejects as IndexedDB does (e.g. QuotaExceededError). */
export async function putSharedItem(
  factory: IDBFactory,
  item: SharedItem,
  id: string = crypto.randomUUID(),
): Promise<string> {
  await inTransaction(factory, 'readwrite', async (store) => {
    const rows = (await request(store.getAll())) as InboxRow[];
    for (const row of rows) if (row.receivedAt < item.receivedAt - KEEP_MS) store.delete(row.id);
    store.put({ ...item, id } satisfies InboxRow);
  });
  return id;
}

/** The shared item with this id, or undefined when there is none (already taken, or never stored). */
export async function readSharedItem(factory: IDBFactory, id: string): Promise<SharedItem | undefined> {
  const row = await inTransaction(
    factory,
    'readonly',
    (store) => request(store.get(id)) as Promise<InboxRow | undefined>,
  );
  if (!row) return undefined;
  const { id: _id, ...item } = row;
  return item;
}

/** Deletes a shared item once the app has kept it elsewhere. */
export async function deleteSharedItem(factory: IDBFactory, id: string): Promise<void> {
  await inTransaction(factory, 'readwrite', async (store) => {
    store.delete(id);
  });
}
