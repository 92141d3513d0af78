import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  approveBatch,
  batchBody,
  batchOf,
  contributionLog,
  discardBatch,
  discardQueued,
  prepareBatch,
  prepareWeekly,
  removeItem,
  sendDue,
  sendNow,
  WEEK_MS,
} from '@/lib/community/queue';
import { BASE_BACKOFF_MS, retryAfterMs } from '@/lib/community/send';
import { readInstallKey } from '@/lib/community/install-key';
import type { CodelumiDB } from '@/lib/db/db';
import { setSetting } from '@/lib/db/settings';
import type { PrivacyTier } from '@/lib/privacy/tiers';
import { freshDatabase } from '../support/db';
import { startHubDouble, type HubDouble } from '../support/hub';
import { startPlainServer } from '../support/servers';
import { addAnswer, addConversation, DAY, NOW } from './seed';

let db: CodelumiDB;
let hub: HubDouble;
const half = () => 0.5; // backoff without spread
const access = (privacyTier: PrivacyTier = 3) => ({ privacyTier, hubUrl: hub.url });

beforeEach(async () => {
  db = freshDatabase();
  hub = await startHubDouble();
  // The queue reads the tier stored now before each batch leaves (`access` may be from before a change).
  await setSetting(db, 'privacyTier', 3);
  const c = await addConversation(db);
  for (let i = 0; i < 8; i++) await addAnswer(db, c, { signals: ['code_copied'] });
  await addAnswer(db, c, { kind: 'python/write', signals: ['thanks'] });
});
afterEach(async () => {
  await hub.close();
  await db.delete();
});

async function approved(options: { sendNow?: boolean; tier?: 2 | 3 } = { sendNow: true }) {
  const row = await prepareBatch(db, options.tier ?? 3, NOW);
  return (await approveBatch(db, row!.id, NOW, options))!;
}

describe('the contribution queue', () => {
  it('sends nothing the user has not approved', async () => {
    const row = await prepareBatch(db, 3, NOW);
    expect(row!.status).toBe('previewed');
    const run = await sendDue(db, access(), NOW + 30 * DAY);
    expect(run.sent).toEqual([]);
    expect(hub.requests).toEqual([]);
  });

  it('sends exactly the bytes the preview showed and logs them with the receipt', async () => {
    const row = await approved();
    const run = await sendDue(db, access(), NOW);
    expect(run.sent).toEqual([row.id]);
    expect(hub.requests).toHaveLength(1);
    expect(hub.requests[0].body).toBe(batchBody(batchOf(row)));
    const sent = await db.contributions.get(row.id);
    expect(sent).toMatchObject({ status: 'sent', sentAt: NOW, attempts: 1 });
    expect(sent!.receipt).toEqual({ batchId: row.id, accepted: { signals: 2, patterns: 1 }, duplicate: false });
    const log = await contributionLog(db);
    expect(log).toEqual([
      {
        batchId: row.id,
        sentAt: NOW,
        tier: 3,
        body: hub.requests[0].body,
        bytes: Buffer.byteLength(hub.requests[0].body),
        withdrawnAt: undefined,
      },
    ]);
  });

  it('leaves out what the user removed from the batch before approving it', async () => {
    const row = (await prepareBatch(db, 3, NOW))!;
    const before = batchOf(row).signals.map((s) => s.questionKind);
    expect(before).toEqual(['python/write', 'react/debug']);
    await removeItem(db, row.id, 'signals', 0);
    await removeItem(db, row.id, 'patterns', 0);
    await approveBatch(db, row.id, NOW, { sendNow: true });
    await sendDue(db, access(), NOW);
    const sent = JSON.parse(hub.requests[0].body) as { signals: { questionKind: string }[]; patterns: unknown[] };
    expect(sent.signals.map((s) => s.questionKind)).toEqual(['react/debug']);
    expect(sent.patterns).toEqual([]);
    expect((await db.contributions.get(row.id))!.removed!.map((r) => [r.section, r.by])).toEqual([
      ['signals', 'you'],
      ['patterns', 'you'],
    ]);
  });

  it('sets aside a batch emptied by the user, and a discarded batch is never sent', async () => {
    const row = (await prepareBatch(db, 2, NOW))!;
    await removeItem(db, row.id, 'signals', 0);
    expect((await removeItem(db, row.id, 'signals', 0))!.status).toBe('discarded');
    // What a set-aside batch held is not offered again; the next batch starts where it ended.
    expect(await prepareBatch(db, 2, NOW + DAY)).toBeUndefined();
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    const other = (await prepareBatch(db, 2, NOW + 2 * DAY))!;
    await approveBatch(db, other.id, NOW + 2 * DAY, { sendNow: true });
    await discardBatch(db, other.id);
    await sendDue(db, access(), NOW + 2 * DAY);
    expect(hub.requests).toEqual([]);
  });

  it('waits for the hub’s Retry-After after a 429, then sends the same batch id', async () => {
    const row = await approved();
    hub.script.push({
      status: 429,
      body: { error: 'rate_limited', message: 'Slow down' },
      headers: { 'Retry-After': '120' },
    });
    const first = await sendDue(db, access(), NOW, undefined, half);
    expect(first).toMatchObject({ retrying: [row.id], nextDueAt: NOW + 120_000 });
    expect((await db.contributions.get(row.id))!.lastError).toMatchObject({ status: 429, message: 'Slow down' });
    await sendDue(db, access(), NOW + 119_000, undefined, half);
    expect(hub.requests).toHaveLength(1);
    const second = await sendDue(db, access(), NOW + 120_000, undefined, half);
    expect(second.sent).toEqual([row.id]);
    expect(hub.requests.map((r) => JSON.parse(r.body).batchId)).toEqual([row.id, row.id]);
  });

  it('backs off exponentially after 5xx answers and when the hub cannot be reached', async () => {
    const row = await approved();
    hub.script.push({ status: 503, body: { error: 'unavailable', message: 'Down for maintenance' } });
    expect((await sendDue(db, access(), NOW, undefined, half)).nextDueAt).toBe(NOW + BASE_BACKOFF_MS);
    hub.script.push({ status: 500, body: 'oops' });
    const t2 = NOW + BASE_BACKOFF_MS;
    expect((await sendDue(db, access(), t2, undefined, half)).nextDueAt).toBe(t2 + 2 * BASE_BACKOFF_MS);
    const gone = await startPlainServer();
    await gone.close(); // a port nothing listens on
    const t3 = t2 + 2 * BASE_BACKOFF_MS;
    const third = await sendDue(db, { privacyTier: 3, hubUrl: gone.url }, t3, undefined, half);
    expect(third.nextDueAt).toBe(t3 + 4 * BASE_BACKOFF_MS);
    expect((await db.contributions.get(row.id))!.lastError).toMatchObject({ error: 'unreachable' });
    expect((await sendDue(db, access(), t3 + 4 * BASE_BACKOFF_MS)).sent).toEqual([row.id]);
  });

  it('counts a batch the hub already had as sent (idempotent by batch id)', async () => {
    const row = await approved();
    hub.stored.set(row.id, { installKey: batchOf(row).installKey });
    expect((await sendDue(db, access(), NOW)).sent).toEqual([row.id]);
    expect((await db.contributions.get(row.id))!.receipt).toMatchObject({ duplicate: true });
  });

  for (const status of [400, 413, 422]) {
    it(`does not retry a batch the hub refused with ${status}; it goes back to the user with the hub’s message`, async () => {
      const row = await approved();
      hub.script.push({
        status,
        body: { error: status === 422 ? 'personal_data' : 'bad', message: `Refused (${status})`, findings: ['email'] },
      });
      const run = await sendDue(db, access(), NOW);
      expect(run.rejected).toEqual([row.id]);
      expect(run.nextDueAt).toBeUndefined();
      expect(await db.contributions.get(row.id)).toMatchObject({
        status: 'previewed',
        lastError: { status, message: `Refused (${status})`, findings: ['email'] },
      });
      await sendDue(db, access(), NOW + 30 * DAY);
      expect(hub.requests).toHaveLength(1);
    });
  }

  it('keeps an approved batch for the weekly send unless the user says Send now', async () => {
    const first = await approved();
    await sendDue(db, access(), NOW);
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    const second = (await prepareBatch(db, 3, NOW + 2 * DAY))!;
    expect(batchOf(second).signals.map((s) => s.questionKind)).toEqual(['go/debug']);
    const queued = (await approveBatch(db, second.id, NOW + 2 * DAY))!;
    expect(queued.nextAttemptAt).toBe(NOW + WEEK_MS);
    expect((await sendDue(db, access(), NOW + 3 * DAY)).sent).toEqual([]);
    await sendNow(db, second.id, NOW + 3 * DAY);
    expect((await sendDue(db, access(), NOW + 3 * DAY)).sent).toEqual([second.id]);
    expect((await contributionLog(db)).map((e) => e.batchId)).toEqual([second.id, first.id]);
  });

  it('does not send a batch the tier no longer allows, and a lower tier sets aside what it may not send', async () => {
    const full = await approved({ sendNow: true, tier: 3 });
    expect((await sendDue(db, access(2), NOW)).sent).toEqual([]);
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    const anonymous = await approveBatch(db, (await prepareBatch(db, 2, NOW + 2 * DAY))!.id, NOW + 2 * DAY, {
      sendNow: true,
    });
    expect(await discardQueued(db, 2)).toBe(1);
    expect((await db.contributions.get(full.id))!.status).toBe('discarded');
    expect((await db.contributions.get(anonymous!.id))!.status).toBe('queued');
    expect(await discardQueued(db, 1)).toBe(1);
    expect(await sendDue(db, access(3), NOW + 2 * DAY)).toMatchObject({ sent: [] });
    expect(hub.requests).toEqual([]);
  });

  it('rebuilds a waiting batch without a conversation kept out of learning before approval, keeping the user’s removals', async () => {
    const other = await addConversation(db);
    await addAnswer(db, other, { kind: 'go/debug', signals: ['thanks'] });
    const row = (await prepareBatch(db, 3, NOW))!;
    expect(batchOf(row).signals.map((s) => s.questionKind)).toEqual(['go/debug', 'python/write', 'react/debug']);
    await removeItem(db, row.id, 'signals', 1);
    await db.conversations.update(other, { noLearn: true });

    const rebuilt = (await approveBatch(db, row.id, NOW + 1000, { sendNow: true }))!;
    expect(rebuilt).toMatchObject({ status: 'previewed', rebuiltAt: NOW + 1000 });
    expect(batchOf(rebuilt).batchId).toBe(row.id);
    expect(batchOf(rebuilt).signals.map((s) => s.questionKind)).toEqual(['react/debug']);
    expect(batchOf(rebuilt).patterns.map((p) => p.questionKind)).toEqual(['react/debug']);
    expect(rebuilt.removed!.map((r) => r.by)).toEqual(['you']);
    expect(hub.requests).toEqual([]);

    await approveBatch(db, row.id, NOW + 2000, { sendNow: true });
    await sendDue(db, access(), NOW + 2000);
    expect(hub.requests[0].body).toBe(batchBody(batchOf(rebuilt)));
  });

  it('approves only the bytes the user looked at: a batch changed in another tab meanwhile is not queued', async () => {
    const row = (await prepareBatch(db, 3, NOW))!;
    const shown = batchBody(batchOf(row));
    // Another tab takes an item out after this one showed the batch.
    await removeItem(db, row.id, 'signals', 0);
    const after = (await approveBatch(db, row.id, NOW, { sendNow: true, shown }))!;
    expect(after.status).toBe('previewed');
    expect(await sendDue(db, access(), NOW)).toMatchObject({ sent: [] });
    // Looked at again, it goes.
    const seen = batchBody(batchOf(after));
    expect((await approveBatch(db, row.id, NOW, { sendNow: true, shown: seen }))!.status).toBe('queued');
    expect((await sendDue(db, access(), NOW)).sent).toEqual([row.id]);
    expect(hub.requests[0].body).toBe(seen);
  });

  it('starts after what a restored backup’s device already covered', async () => {
    await db.meta.put({ key: 'community.coveredThrough', value: NOW });
    // Everything learned before NOW was that device's to send: nothing here to share yet.
    expect(await prepareBatch(db, 3, NOW + 1000)).toBeUndefined();
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    const next = (await prepareBatch(db, 3, NOW + 2 * DAY))!;
    expect(next.covers).toEqual({ from: NOW, to: NOW + 2 * DAY });
    expect(batchOf(next).signals.map((s) => s.questionKind)).toEqual(['go/debug']);
  });

  it('looks at a batch again just before it leaves: a tier lowered since, a withdrawn key or a forgotten conversation stops it', async () => {
    // The tier went down after the run read it (another tab, or while an earlier batch was in flight).
    const first = await approved();
    await setSetting(db, 'privacyTier', 1);
    expect((await sendDue(db, access(3), NOW)).sent).toEqual([]);
    expect(hub.requests).toEqual([]);
    await setSetting(db, 'privacyTier', 3);

    // Made under a key that was withdrawn and replaced since: set aside, never sent under the old key.
    await db.meta.put({ key: 'community.installKey', value: `ck_${'z'.repeat(43)}` });
    const run = await sendDue(db, access(), NOW);
    expect(run.sent).toEqual([]);
    // The runner tells the user why (lib/services/contributions.ts).
    expect(run.setAside).toEqual([{ id: first.id, message: expect.stringContaining('withdrawn') }]);
    expect(await db.contributions.get(first.id)).toMatchObject({
      status: 'discarded',
      lastError: { error: 'set_aside', message: expect.stringContaining('withdrawn') },
    });

    // A conversation it drew on was kept out of learning after approval: set aside, saying why.
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    const second = (await prepareBatch(db, 3, NOW + 2 * DAY))!;
    await approveBatch(db, second.id, NOW + 2 * DAY, { sendNow: true });
    await db.conversations.update(c, { noLearn: true });
    expect((await sendDue(db, access(), NOW + 2 * DAY)).sent).toEqual([]);
    expect(await db.contributions.get(second.id)).toMatchObject({
      status: 'discarded',
      lastError: { message: expect.stringContaining('kept out of learning') },
    });
    expect(hub.requests).toEqual([]);
  });

  it('sets aside a waiting batch whose every conversation was deleted before approval', async () => {
    const row = (await prepareBatch(db, 2, NOW))!;
    await db.conversations.clear();
    expect(await approveBatch(db, row.id, NOW, { sendNow: true })).toMatchObject({ status: 'discarded' });
    await sendDue(db, access(), NOW);
    expect(hub.requests).toEqual([]);
  });

  it('prepares one batch a week and none while one waits for the user', async () => {
    const first = (await prepareWeekly(db, 3, NOW))!;
    expect(await prepareWeekly(db, 3, NOW + 8 * DAY)).toBeUndefined();
    await approveBatch(db, first.id, NOW, { sendNow: true });
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    expect(await prepareWeekly(db, 3, NOW + 6 * DAY)).toBeUndefined();
    const next = await prepareWeekly(db, 3, NOW + 7 * DAY);
    expect(next!.covers).toEqual({ from: NOW, to: NOW + 7 * DAY });
    expect(await prepareWeekly(db, 1, NOW + 30 * DAY)).toBeUndefined();
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs(null, NOW)).toBeUndefined();
  });
});

describe('the install key', () => {
  it('is made with the first batch that holds something, and kept for the next', async () => {
    const empty = freshDatabase();
    expect(await prepareBatch(empty, 3, NOW)).toBeUndefined();
    expect(await readInstallKey(empty)).toBeUndefined();
    await empty.delete();
    const first = (await prepareBatch(db, 3, NOW))!;
    expect(batchOf(first).installKey).toBe(await readInstallKey(db));
    await discardBatch(db, first.id);
    const c = await addConversation(db);
    await addAnswer(db, c, { kind: 'go/debug', signals: ['thanks'], at: NOW + DAY });
    expect(batchOf((await prepareBatch(db, 3, NOW + 2 * DAY))!).installKey).toBe(batchOf(first).installKey);
  });
});
