/** "Delete all data" (lib/services/delete-all.ts) over fake-indexeddb: every database of the app goes. */
import { describe, expect, it } from 'vitest';
import { createServices } from '@/lib/services/services';
import { deleteAllData } from '@/lib/services/delete-all';
import { createConversation } from '@/lib/db/conversations';
import { putSharedItem } from '@/lib/pwa/share-inbox';
import { createDatabase } from '@/lib/db/db';
import { createPlan } from '@/lib/planner/store';
import { writeFiles } from '@/lib/planner/workspace';
import { IDBKeyRange } from '../support/db';
import { fakePlatform } from './fake-platform';

describe('deleteAllData', () => {
  it("deletes the app's databases and clears storage, keeping only the service worker's cache bookkeeping", async () => {
    const { platform, db, factory } = fakePlatform();
    const services = createServices(platform);
    await createConversation(db, { title: 'secret' });
    const plan = await createPlan(db, { request: 'Build a secret app', model: 'm' });
    await writeFiles(db, plan.id, [{ path: 'src/secret.ts', content: 'secret' }], { stepId: 's1', source: 'model' });
    await putSharedItem(factory, { title: 'shared', text: 'secret', url: '', files: [], receivedAt: 1 });
    await new Promise<void>((resolve) => {
      const req = factory.open('workbox-expiration');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
    });
    const local = {
      cleared: 0,
      clear() {
        this.cleared++;
      },
    };
    const session = {
      cleared: 0,
      clear() {
        this.cleared++;
      },
    };

    const deleted = await deleteAllData(services, { indexedDB: factory, storages: [local, session] });

    expect(deleted.sort()).toEqual([db.name, 'codelumi-share'].sort());
    expect((await factory.databases()).map((d) => d.name)).toEqual(['workbox-expiration']);
    expect([local.cleared, session.cleared]).toEqual([1, 1]);
    // Opened again, the database is empty: plans and their workspaces too.
    const reopened = createDatabase({ name: db.name, indexedDB: factory, IDBKeyRange });
    expect([await reopened.plans.count(), await reopened.workspaceFiles.count()]).toEqual([0, 0]);
    reopened.close();
  });
});
