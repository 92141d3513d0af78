/**
 * "Delete all data" with another tab open (lib/services/data-wipe.ts, delete-all.ts): the other tab stops, its
 * database connection stays closed, and nothing it does afterwards recreates the database. Two platforms of one fake
 * browser play the two tabs (one fake-indexeddb factory, Node's BroadcastChannel).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '@/lib/services/services';
import { startBackground } from '@/lib/services/background';
import { deleteAllData } from '@/lib/services/delete-all';
import { createConversation } from '@/lib/db/conversations';
import { fakePlatform } from './fake-platform';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Tab A (which deletes) and tab B (left open, its background running), in one browser. */
async function twoTabs() {
  const a = fakePlatform();
  const b = fakePlatform({ sameBrowserAs: a });
  const servicesA = createServices(a.platform);
  const servicesB = createServices(b.platform);
  await createConversation(a.db, { title: 'secret' });
  const stopB = startBackground(servicesB);
  await stopB.startup;
  cleanup.push(() => {
    stopB();
    a.db.close();
    b.db.close();
    return stopB.startup;
  });
  return { a, b, servicesA, servicesB, dbName: a.db.name };
}

const names = async (factory: IDBFactory) => (await factory.databases()).map((d) => d.name);

describe('Delete all data with another tab open', () => {
  it('stops the other tab for good: its answer, its worker and its connection, and it recreates nothing', async () => {
    const { a, b, servicesA, servicesB, dbName } = await twoTabs();
    const abort = vi.fn();
    // Tab B's worker runs (the fake one never answers), and an answer streams there.
    void servicesB.analysis.ping().catch(() => undefined);
    servicesB.streams.start({
      messageId: 'm1',
      conversationId: 'c1',
      content: '',
      thinking: '',
      phase: 'answering',
      startedAt: 0,
      abort,
    });
    expect(b.workers).toHaveLength(1);

    await deleteAllData(servicesA, { indexedDB: a.factory, storages: [] });

    await vi.waitFor(() => expect(servicesB.dataWipe.deletedElsewhere.get()).toBe(true));
    expect(abort).toHaveBeenCalled();
    expect(b.workers.every((w) => w.terminated)).toBe(true);
    // Tab B acts as if nothing happened: a write, a read. Neither reopens (so neither recreates) the database.
    await expect(createConversation(b.db, { title: 'after' })).rejects.toThrow();
    await expect(b.db.conversations.count()).rejects.toThrow();
    expect(await names(a.factory)).not.toContain(dbName);
    expect(servicesA.dataWipe.deletedElsewhere.get()).toBe(false);
  });

  it('lets go as soon as another tab announces the wipe, before any database is deleted', async () => {
    const { b, servicesA, servicesB } = await twoTabs();
    servicesA.dataWipe.announce();
    await vi.waitFor(() => expect(servicesB.dataWipe.deletedElsewhere.get()).toBe(true));
    expect(b.db.isOpen()).toBe(false);
    await expect(b.db.conversations.count()).rejects.toThrow();
  });

  it('lets go when the database is deleted under it without a word (versionchange)', async () => {
    const { a, b, servicesB, dbName } = await twoTabs();
    await new Promise<void>((resolve, reject) => {
      const req = a.factory.deleteDatabase(dbName);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    expect(servicesB.dataWipe.deletedElsewhere.get()).toBe(true);
    await expect(createConversation(b.db, { title: 'after' })).rejects.toThrow();
    expect(await names(a.factory)).not.toContain(dbName);
  });

  it('does not hear its own announcement', async () => {
    const { a, servicesB } = await twoTabs();
    const servicesA = createServices(a.platform);
    const stopA = startBackground(servicesA);
    cleanup.push(() => {
      stopA();
      return stopA.startup;
    });
    servicesA.dataWipe.announce();
    await vi.waitFor(() => expect(servicesB.dataWipe.deletedElsewhere.get()).toBe(true));
    // Delivered to every other channel of the browser at once; tab A's own one has had its turn too.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(servicesA.dataWipe.deletedElsewhere.get()).toBe(false);
  });

  it('gives up, with a message, on a deletion another connection keeps blocked', async () => {
    const { a, servicesA, dbName } = await twoTabs();
    // A connection that never closes on versionchange (a stuck tab, a tool).
    const stuck = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = a.factory.open(dbName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    cleanup.push(() => stuck.close());
    await expect(deleteAllData(servicesA, { indexedDB: a.factory, storages: [], blockedMs: 50 })).rejects.toThrow(
      /still has the database .* open/,
    );
  });
});
