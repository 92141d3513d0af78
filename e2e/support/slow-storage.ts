/**
 * Simulates a slow disk at one precise moment: once armed, the next delete
 * from the `drafts` store (the send clearing the draft) is followed by a
 * readwrite transaction on conversations and messages that stays busy for
 * `ms`, so the app's next writes wait behind it. Timers and other stores run
 * on as normal, which is what a loaded machine looks like to the page.
 */
import type { Page } from '@playwright/test';

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
