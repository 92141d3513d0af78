/** Reading every IndexedDB database of the app's origin from a page, to look for what must be gone (or unchanged). */
import type { Page } from '@playwright/test';

/** Every row of every object store of every IndexedDB database of the origin, by database and store. */
export function dumpIndexedDB(page: Page): Promise<Record<string, Record<string, unknown[]>>> {
  return page.evaluate(async () => {
    const done = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await done(indexedDB.open(name));
      out[name] = {};
      for (const store of [...db.objectStoreNames]) {
        const rows = await done(db.transaction(store).objectStore(store).getAll());
        // Vectors and other typed arrays as plain arrays, so the text of every row can be searched.
        out[name][store] = JSON.parse(
          JSON.stringify(rows, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)),
        ) as unknown[];
      }
      db.close();
    }
    return out;
  });
}

/** Where in the dump `word` occurs ("database/store"), none when it is nowhere. */
export async function placesOf(page: Page, word: string): Promise<string[]> {
  const dump = await dumpIndexedDB(page);
  return Object.entries(dump).flatMap(([db, stores]) =>
    Object.entries(stores)
      .filter(([, rows]) => JSON.stringify(rows).includes(word))
      .map(([store]) => `${db}/${store}`),
  );
}
