/**
 * A slow disk, as a loaded machine looks to the page: a readwrite transaction
 * that keeps some stores busy while timers and other stores run on. Either at
 * one precise moment for a time (`installSlowStorage`: once armed, the next
 * delete from the `drafts` store, the send clearing the draft, is followed by
 * one on conversations and messages that stays busy for `ms`, so the app's
 * next writes wait behind it), or until the test lets go (`holdStores`,
 * `holdDraftsFromNextPage`, `letStoresGo`).
 */
import type { Page } from '@playwright/test';
import { NEW_CHAT_DRAFT } from '../../lib/db/drafts';

/** Installs the hook (before the app loads); arm it with `armSlowStorage`. */
export async function installSlowStorage(page: Page, ms = 800): Promise<void> {
  await page.addInitScript((busyMs: number) => {
    const del = IDBObjectStore.prototype.delete;
    IDBObjectStore.prototype.delete = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
      const request = del.call(this, key);
      const w = window as unknown as { __slowStorageArmed?: boolean };
      if (this.name === 'drafts' && w.__slowStorageArmed) {
        w.__slowStorageArmed = false;
        // Created right after the drafts transaction, so IndexedDB runs it before the app's next write.
        const busy = this.transaction.db.transaction(['conversations', 'messages'], 'readwrite');
        const store = busy.objectStore('conversations');
        const until = performance.now() + busyMs;
        const spin = () => {
          if (performance.now() < until) store.count().onsuccess = spin;
        };
        spin();
      }
      return request;
    };
  }, ms);
}

/** Makes the next draft delete slow (see installSlowStorage). */
export async function armSlowStorage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __slowStorageArmed?: boolean }).__slowStorageArmed = true;
  });
}

/**
 * A slow disk until the test lets go (`letStoresGo`): a readwrite transaction
 * on `stores` that stays busy, so the app's reads and writes of them wait.
 * Resolves once the transaction holds them.
 */
export async function holdStores(page: Page, stores: string[]): Promise<void> {
  await page.evaluate(
    (names) =>
      new Promise<void>((held) => {
        const open = indexedDB.open('codelumi');
        open.onsuccess = () => {
          const busy = open.result.transaction(names, 'readwrite');
          const store = busy.objectStore(names[0]);
          const w = window as unknown as { __letGo?: boolean };
          const spin = () => {
            if (!w.__letGo) store.count().onsuccess = spin;
          };
          store.count().onsuccess = () => {
            held();
            spin();
          };
          busy.oncomplete = () => open.result.close();
        };
      }),
    stores,
  );
}

/**
 * The same from the app's next page on, with `draft` stored as the new chat's
 * draft in the transaction: the composer's draft loads only once the test
 * lets go. The database must exist already.
 */
export async function holdDraftsFromNextPage(page: Page, draft: string): Promise<void> {
  await page.addInitScript(
    ({ key, text }) => {
      const open = indexedDB.open('codelumi');
      open.onsuccess = () => {
        if (!open.result.objectStoreNames.contains('drafts')) return open.result.close();
        const busy = open.result.transaction(['drafts'], 'readwrite');
        const store = busy.objectStore('drafts');
        const w = window as unknown as { __letGo?: boolean };
        const spin = () => {
          if (!w.__letGo) store.count().onsuccess = spin;
        };
        store.put({ key, text, updatedAt: Date.now() }).onsuccess = spin;
        busy.oncomplete = () => open.result.close();
      };
    },
    { key: NEW_CHAT_DRAFT, text: draft },
  );
}

/** Ends a hold of `holdStores` or `holdDraftsFromNextPage`. */
export async function letStoresGo(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __letGo?: boolean }).__letGo = true;
  });
}
