import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '@/lib/services/services';
import { startContributions } from '@/lib/services/contributions';
import { setSetting } from '@/lib/db/settings';
import { approveBatch, prepareBatch } from '@/lib/community/queue';
import { startHubDouble } from '../support/hub';
import { addAnswer, addConversation } from '../community/seed';
import { fakePlatform } from './fake-platform';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function tab(options?: Parameters<typeof fakePlatform>[0]) {
  const fake = fakePlatform(options);
  const services = createServices(fake.platform);
  const unfollow = services.settings.follow(fake.db);
  const stop = startContributions(services);
  cleanup.push(() => fake.db.close(), unfollow, stop);
  return { ...fake, services };
}

describe('startContributions', () => {
  it('sends an approved batch once however many tabs run the queue', async () => {
    const hub = await startHubDouble();
    cleanup.push(() => hub.close());
    const first = await tab();
    const second = await tab({ sameBrowserAs: first });
    const { db, clock } = first;
    await setSetting(db, 'hubUrl', hub.url);
    await setSetting(db, 'privacyTier', 2);
    const c = await addConversation(db);
    await addAnswer(db, c, { signals: ['thanks'], at: clock.now - 1000 });
    const row = (await prepareBatch(db, 2, clock.now))!;
    await approveBatch(db, row.id, clock.now, { sendNow: true });
    await vi.waitFor(async () => expect((await db.contributions.get(row.id))!.status).toBe('sent'), { timeout: 5000 });
    expect(hub.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(second.services).not.toBe(first.services);
  });
});
