import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { deleteSharedItem, putSharedItem, readSharedItem } from '@/lib/pwa/share-inbox';
import type { SharedItem } from '@/lib/pwa/share-payload';

const item = (receivedAt: number, text = 'shared text'): SharedItem => ({
  title: '',
  text,
  url: '',
  files: [],
  receivedAt,
});

describe('the share inbox (its own small database)', () => {
  it('keeps a shared item until the app deletes it', async () => {
    const idb = new IDBFactory();
    const id = await putSharedItem(idb, item(1_000));
    expect(await readSharedItem(idb, id)).toEqual(item(1_000));
    expect(await readSharedItem(idb, id)).toEqual(item(1_000));
    await deleteSharedItem(idb, id);
    expect(await readSharedItem(idb, id)).toBeUndefined();
  });

  it('drops items nobody picked up for a day when a new one arrives', async () => {
    const idb = new IDBFactory();
    const day = 24 * 60 * 60 * 1000;
    const old = await putSharedItem(idb, item(1_000, 'old'));
    const recent = await putSharedItem(idb, item(day, 'recent'));
    await putSharedItem(idb, item(day + 2_000, 'new'));
    expect(await readSharedItem(idb, old)).toBeUndefined();
    expect((await readSharedItem(idb, recent))?.text).toBe('recent');
  });

  it('never touches the app database', async () => {
    const idb = new IDBFactory();
    await putSharedItem(idb, item(1));
    const names = (await idb.databases()).map((d) => d.name);
    expect(names).toEqual(['codelumi-share']);
  });
});
