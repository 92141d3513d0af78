import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withdrawAndReset } from '@/lib/community/withdraw';
import { approveBatch, batchOf, prepareBatch, sendDue } from '@/lib/community/queue';
import { readInstallKey } from '@/lib/community/install-key';
import { isCodelumiError } from '@/lib/core/errors';
import type { CodelumiDB } from '@/lib/db/db';
import { setSetting } from '@/lib/db/settings';
import { freshDatabase } from '../support/db';
import { startHubDouble, type HubDouble } from '../support/hub';
import { startPlainServer } from '../support/servers';
import { addAnswer, addConversation, DAY, NOW } from './seed';

let db: CodelumiDB;
let hub: HubDouble;

beforeEach(async () => {
  db = freshDatabase();
  hub = await startHubDouble();
  await setSetting(db, 'privacyTier', 2);
  const c = await addConversation(db);
  await addAnswer(db, c, { signals: ['thanks'] });
  const row = (await prepareBatch(db, 2, NOW))!;
  await approveBatch(db, row.id, NOW, { sendNow: true });
  await sendDue(db, { privacyTier: 2, hubUrl: hub.url }, NOW);
  await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
});
afterEach(async () => {
  await hub.close();
  await db.delete();
});

describe('withdrawAndReset', () => {
  it('deletes what was sent under the install key at the hub, even at tier 0, then makes a new key', async () => {
    const oldKey = (await readInstallKey(db))!;
    expect(hub.stored.size).toBe(1);
    const waiting = (await prepareBatch(db, 2, NOW + 2 * DAY))!;
    expect(batchOf(waiting).installKey).toBe(oldKey);

    const result = await withdrawAndReset(db, { privacyTier: 0, hubUrl: hub.url }, NOW + 3 * DAY);
    expect(result).toEqual({ deleted: 1, discarded: 1 });
    expect(hub.requests.at(-1)).toMatchObject({ method: 'DELETE', url: `/v1/contributions/${oldKey}` });
    expect(hub.stored.size).toBe(0);
    const newKey = await readInstallKey(db);
    expect(newKey).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
    expect(newKey).not.toBe(oldKey);
    expect((await db.contributions.get(waiting.id))!.status).toBe('discarded');
    expect((await db.contributions.where('status').equals('sent').first())!.withdrawnAt).toBe(NOW + 3 * DAY);
  });

  it('changes nothing and says the hub could not be reached when it cannot', async () => {
    const oldKey = await readInstallKey(db);
    const gone = await startPlainServer();
    await gone.close();
    const error = await withdrawAndReset(db, { privacyTier: 2, hubUrl: gone.url }, NOW).catch((e: unknown) => e);
    expect(isCodelumiError(error) && error.code).toBe('unreachable:hub');
    expect(String((error as Error).message)).toContain('nothing was withdrawn yet');
    expect(await readInstallKey(db)).toBe(oldKey);
    expect((await db.contributions.where('status').equals('sent').first())!.withdrawnAt).toBeUndefined();
  });

  it('changes nothing when the hub answers without confirming', async () => {
    const oldKey = await readInstallKey(db);
    hub.script.push({ status: 503, body: { error: 'unavailable', message: 'Down for maintenance' } });
    const error = await withdrawAndReset(db, { privacyTier: 2, hubUrl: hub.url }, NOW).catch((e: unknown) => e);
    expect(isCodelumiError(error) && error.code).toBe('unreachable:hub');
    expect(String((error as Error).message)).toContain('Down for maintenance');
    expect(await readInstallKey(db)).toBe(oldKey);
    expect(hub.stored.size).toBe(1);
  });
});
