/**
 * The scratch database of an archive upgrade (lib/archive/upgrade.ts): one an
 * interrupted upgrade left behind is deleted, one an upgrade is still using
 * is not, and no other database is ever touched.
 */
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { removeUpgradeLeftovers, SCRATCH_PREFIX, scratchLock, upgradeArchive } from '@/lib/archive/upgrade';
import { ARCHIVE_FORMAT } from '@/lib/archive/format';
import { createDatabase } from '@/lib/db/db';
import { IDBFactory, IDBKeyRange } from '../support/db';
import { createTestLocks } from '../support/locks';

const names = async (factory: IDBFactory) => (await factory.databases()).map((d) => d.name).sort();

/** A scratch database as an upgrade cut short leaves it: the archive's rows in an old-version database. */
async function leftover(factory: IDBFactory, name: string) {
  const scratch = new Dexie(name, { indexedDB: factory, IDBKeyRange });
  scratch.version(1).stores({ conversations: 'id' });
  await scratch.table('conversations').put({ id: 'c1', title: 'Someone’s archived chat' });
  scratch.close();
}

describe('removeUpgradeLeftovers', () => {
  it('deletes what an interrupted upgrade left and never the real database or another one', async () => {
    const factory = new IDBFactory();
    const real = createDatabase({ indexedDB: factory, IDBKeyRange });
    await real.conversations.add({
      id: 'mine',
      title: 'Mine',
      titleSource: 'user',
      pinned: 0,
      createdAt: 1,
      updatedAt: 1,
    });
    const other = new Dexie('codelumi-archive-upgrade', { indexedDB: factory, IDBKeyRange });
    other.version(1).stores({ t: 'id' });
    await other.open();
    other.close();
    await leftover(factory, `${SCRATCH_PREFIX}0b1d`);

    const removed = await removeUpgradeLeftovers({ indexedDB: factory, IDBKeyRange, locks: createTestLocks() });
    expect(removed).toEqual([`${SCRATCH_PREFIX}0b1d`]);
    expect(await names(factory)).toEqual(['codelumi', 'codelumi-archive-upgrade']);
    expect(await real.conversations.get('mine')).toBeDefined();
    real.close();
  });

  it('leaves alone a scratch database whose upgrade still runs in another tab (its lock is held)', async () => {
    const factory = new IDBFactory();
    const locks = createTestLocks();
    const name = `${SCRATCH_PREFIX}busy`;
    await leftover(factory, name);
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let granted: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (granted = resolve));
    void locks.request(scratchLock(name), () => {
      granted();
      return holding;
    });
    await held;
    expect(await removeUpgradeLeftovers({ indexedDB: factory, IDBKeyRange, locks })).toEqual([]);
    expect(await names(factory)).toEqual([name]);
    release();
    await holding;
    await expect.poll(() => removeUpgradeLeftovers({ indexedDB: factory, IDBKeyRange, locks })).toEqual([name]);
    expect(await names(factory)).toEqual([]);
  });

  it('an upgrade holds its scratch database’s lock while it works, and deletes it at the end', async () => {
    const factory = new IDBFactory();
    const locks = createTestLocks();
    const file = {
      header: {
        format: ARCHIVE_FORMAT,
        formatVersion: 1,
        schemaVersion: 1,
        exportedAt: 1,
        app: '0',
        tables: { conversations: 1 },
        options: { projectFiles: false },
      },
      rows: new Map([
        ['conversations', [{ id: 'c1', title: 'Old', titleSource: 'auto', pinned: 0, createdAt: 1, updatedAt: 2 }]],
      ]),
      count: 1,
    } as unknown as Parameters<typeof upgradeArchive>[0];
    let during: Promise<[IDBDatabaseInfo[], LockManagerSnapshot]> | undefined;
    const upgraded = await upgradeArchive(
      file,
      9,
      { indexedDB: factory, IDBKeyRange, locks },
      { onProgress: () => void (during ??= Promise.all([factory.databases(), locks.query()])) },
    );
    expect(upgraded.rows.get('conversations')).toHaveLength(1);
    const [databases, snapshot] = await during!;
    const scratch = databases.map((d) => d.name!).filter((n) => n.startsWith(SCRATCH_PREFIX));
    expect(scratch).toHaveLength(1);
    expect(snapshot.held?.map((l) => l.name)).toContain(scratchLock(scratch[0]));
    expect(await names(factory)).toEqual([]);
  });
});
