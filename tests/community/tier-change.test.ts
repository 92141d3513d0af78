import { describe, expect, it } from 'vitest';
import { changePrivacyTier } from '@/lib/community/tier-change';
import { discardQueued } from '@/lib/community/queue';
import { PACK_KEY, readStoredPack, writeStoredPack } from '@/lib/community/pack/store';
import { getSettings } from '@/lib/db/settings';
import type { Contribution } from '@/lib/core/records';
import type { CodelumiDB } from '@/lib/db/db';
import { freshDatabase } from '../support/db';

const row = (id: string, status: Contribution['status'], tier?: 2 | 3): Contribution => ({
  id,
  status,
  createdAt: 1,
  tier,
  payload: { signals: [], patterns: [] },
});

async function seed(db: CodelumiDB) {
  await db.contributions.bulkAdd([
    row('q2', 'queued', 2),
    row('q3', 'queued', 3),
    row('p3', 'previewed', 3),
    row('p2', 'previewed', 2),
    row('s3', 'sent', 3),
    row('odd', 'queued'),
  ]);
}
/** The rows still to be sent or already sent (a discarded one is never sent). */
const ids = async (db: CodelumiDB) =>
  (await db.contributions.toArray())
    .filter((c) => c.status !== 'discarded')
    .map((c) => c.id)
    .sort();

describe('discardQueued', () => {
  it('at tier 2 sets aside unsent batches built for tier 3 (and ones that do not say), keeps the rest', async () => {
    const db = freshDatabase();
    await seed(db);
    expect(await discardQueued(db, 2)).toBe(3);
    expect(await ids(db)).toEqual(['p2', 'q2', 's3']);
  });

  it('below tier 2 sets aside every unsent batch, never the log of what was sent', async () => {
    const db = freshDatabase();
    await seed(db);
    expect(await discardQueued(db, 1)).toBe(5);
    expect(await ids(db)).toEqual(['s3']);
  });

  it('at tier 3 discards nothing', async () => {
    const db = freshDatabase();
    await seed(db);
    expect(await discardQueued(db, 3)).toBe(0);
  });
});

describe('changePrivacyTier', () => {
  it('stores the tier, discards what it no longer allows and at tier 0 deletes the received pack', async () => {
    const db = freshDatabase();
    await seed(db);
    await writeStoredPack(db, { checkedAt: 5, noPackYet: true });
    expect(await changePrivacyTier(db, 1)).toEqual({ discarded: 5, packDeleted: false });
    expect((await getSettings(db)).privacyTier).toBe(1);
    expect((await readStoredPack(db)).checkedAt).toBe(5);

    expect(await changePrivacyTier(db, 0)).toEqual({ discarded: 0, packDeleted: true });
    expect((await getSettings(db)).privacyTier).toBe(0);
    expect(await db.meta.get(PACK_KEY)).toBeUndefined();
  });
});
