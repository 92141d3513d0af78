/**
 * The contribution queue, in the `contributions` table. A batch is prepared
 * (status `previewed`: waiting for the user to look), approved (`queued`),
 * sent at the weekly send or at once on "Send now", with retries, and kept
 * as the log of what was sent (`sent`, with its exact bytes and the hub's
 * receipt). Nothing is queued that the user did not approve, and what is sent
 * is byte for byte what the preview showed (`batchBody`).
 */
import type { CodelumiDB } from '../db/db';
import type { Contribution } from '../core/records';
import { guardWrite } from '../db/guard';
import { getSettings } from '../db/settings';
import { newId } from '../core/ids';
import type { HubAccess } from '../privacy/egress';
import { tierAllows, type PrivacyTier } from '../privacy/tiers';
import type { ContributionBatch } from '../privacy/hub-api';
import { buildBatch, itemKey, type BuildOptions } from './build';
import { anyUnshareable, readContributionSources } from './sources';
import { ensureInstallKey, newInstallKey, readInstallKey } from './install-key';
import { postBatch, purposeOf } from './send';

const DAY = 86_400_000;
/** Approved batches leave at most once a week (Send now excepted); a new batch is prepared once a week. */
export const WEEK_MS = 7 * DAY;
/** The first batch reaches back this far; every later one starts where the previous batch ended. */
export const FIRST_BATCH_LOOKBACK_MS = 28 * DAY;

/** The exact bytes sent for a batch: what the preview shows. */
export function batchBody(batch: ContributionBatch): string {
  return JSON.stringify(batch, null, 2);
}

/** The batch a row carries (rows are written only by this file, so the payload is a batch). */
export function batchOf(row: Contribution): ContributionBatch {
  return row.payload as ContributionBatch;
}

/** The batch waiting for the user's look, if any (there is at most one). */
export async function pendingPreview(db: CodelumiDB): Promise<Contribution | undefined> {
  return db.contributions.where('status').equals('previewed').first();
}

/**
 * Where batches restored from a backup ended (`meta`): the contributions
 * themselves are never imported (lib/archive/device-own.ts), but the next
 * batch must not send again what the backup's device had already covered.
 */
export const COVERED_THROUGH_META = 'community.coveredThrough';

/**
 * Where the next batch starts: the end of the newest batch ever prepared
 * (sent, queued or set aside) here or on the device a restored backup came
 * from, or the lookback.
 */
async function nextFrom(db: CodelumiDB, now: number): Promise<number> {
  let from = now - FIRST_BATCH_LOOKBACK_MS;
  const restored = (await db.meta.get(COVERED_THROUGH_META))?.value;
  if (typeof restored === 'number' && restored > from) from = restored;
  await db.contributions.each((row) => {
    if (row.covers && row.covers.to > from) from = row.covers.to;
  });
  return from;
}

/**
 * Prepares the next batch for the user to look at, from everything learned
 * since the previous batch. Returns the batch already waiting when there is
 * one, and undefined when there is nothing to share yet (nothing is stored).
 */
export async function prepareBatch(
  db: CodelumiDB,
  tier: PrivacyTier,
  now: number,
  anonymize?: BuildOptions['anonymize'],
): Promise<Contribution | undefined> {
  if (tier < 2) return undefined;
  const waiting = await pendingPreview(db);
  if (waiting) return waiting;
  const from = await nextFrom(db, now);
  if (from >= now) return undefined;
  // The key is made with the first batch that holds something, not before.
  const stored = await readInstallKey(db);
  const sources = await readContributionSources(db, from, now);
  const built = buildBatch(sources, {
    tier: tier as 2 | 3,
    batchId: newId(),
    installKey: stored ?? newInstallKey(),
    from,
    to: now,
    anonymize,
  });
  if (!built) return undefined;
  if (!stored) built.batch = { ...built.batch, installKey: await ensureInstallKey(db) };
  const row: Contribution = {
    id: built.batch.batchId,
    payload: built.batch,
    status: 'previewed',
    createdAt: now,
    tier: tier as 2 | 3,
    covers: { from, to: now },
    removed: built.removed,
    conversationIds: built.conversationIds,
  };
  // Another tab may have prepared one meanwhile: keep theirs.
  return guardWrite(() =>
    db.transaction('rw', [db.contributions, db.meta], async () => {
      const other = await pendingPreview(db);
      if (other) return other;
      // Withdrawn meanwhile (the key was replaced): a batch under the old key could never be withdrawn.
      if (stored && (await readInstallKey(db)) !== stored) return undefined;
      // Another tab prepared a batch for this period meanwhile and it was approved or set aside already: this one
      // would send the period twice, or offer again what the user set aside.
      if ((await nextFrom(db, now)) !== from) return undefined;
      await db.contributions.add(row);
      return row;
    }),
  );
}

/** Applies `change` to a row in one transaction when it is in one of `from`; returns the row after, or undefined. */
async function changeRow(
  db: CodelumiDB,
  id: string,
  from: Contribution['status'][],
  change: (row: Contribution) => Contribution,
): Promise<Contribution | undefined> {
  return guardWrite(() =>
    db.transaction('rw', db.contributions, async () => {
      const row = await db.contributions.get(id);
      if (!row || !from.includes(row.status)) return undefined;
      const next = change(row);
      await db.contributions.put(next);
      return next;
    }),
  );
}

/**
 * Takes one item out of a batch still waiting for the user's look (it will
 * not be sent); a batch left empty is set aside. Returns the row after.
 */
export async function removeItem(
  db: CodelumiDB,
  id: string,
  section: 'signals' | 'patterns',
  index: number,
): Promise<Contribution | undefined> {
  return changeRow(db, id, ['previewed'], (row) => {
    const batch = batchOf(row);
    const items = batch[section] as unknown[];
    if (index < 0 || index >= items.length) return row;
    const payload = { ...batch, [section]: items.filter((_, i) => i !== index) } as ContributionBatch;
    const empty = payload.signals.length + payload.patterns.length === 0;
    return {
      ...row,
      payload,
      status: empty ? 'discarded' : row.status,
      removed: [...(row.removed ?? []), { section, item: items[index], by: 'you' }],
    };
  });
}

/** Sets a batch aside (waiting or queued): it is never sent. Returns the row after, or undefined when it was not pending. */
export async function discardBatch(db: CodelumiDB, id: string): Promise<Contribution | undefined> {
  return changeRow(db, id, ['previewed', 'queued'], (row) => ({
    ...row,
    status: 'discarded',
    nextAttemptAt: undefined,
  }));
}

/**
 * Sets aside every batch not yet sent that was built for a tier above `tier`
 * (all of them below tier 2): going down a tier stops sharing at once.
 * Returns how many were set aside.
 */
export async function discardQueued(db: CodelumiDB, tier: PrivacyTier): Promise<number> {
  return guardWrite(() =>
    db.transaction('rw', db.contributions, () =>
      db.contributions
        .where('status')
        .anyOf('previewed', 'queued')
        .filter((row) => tier < 2 || (row.tier ?? 3) > tier)
        .modify((row) => {
          row.status = 'discarded';
          delete row.nextAttemptAt;
        }),
    ),
  );
}

/** When the weekly send next goes: a week after the last batch the hub stored (now when none was). */
export async function nextWeeklySend(db: CodelumiDB, now: number): Promise<number> {
  let last = 0;
  await db.contributions
    .where('status')
    .equals('sent')
    .each((row) => {
      if ((row.sentAt ?? 0) > last) last = row.sentAt ?? 0;
    });
  return Math.max(now, last + WEEK_MS);
}

/**
 * Builds a waiting batch again for the same period, id and key, without what
 * the user removed and without conversations that can no longer be shared
 * from. A batch left with nothing is set aside. Returns the row after.
 */
async function rebuildPreview(
  db: CodelumiDB,
  row: Contribution,
  now: number,
  anonymize?: BuildOptions['anonymize'],
): Promise<Contribution | undefined> {
  const batch = batchOf(row);
  const covers = row.covers ?? { from: now - FIRST_BATCH_LOOKBACK_MS, to: Date.parse(batch.createdAt) };
  const yours = (row.removed ?? []).filter((r) => r.by === 'you');
  const leaveOut = new Set(yours.map((r) => itemKey(r.section, r.item as never)));
  const sources = await readContributionSources(db, covers.from, covers.to);
  const built = buildBatch(sources, {
    tier: row.tier ?? batch.tier,
    batchId: row.id,
    installKey: batch.installKey,
    from: covers.from,
    to: covers.to,
    leaveOut,
    anonymize,
  });
  return changeRow(db, row.id, ['previewed'], (current) =>
    built
      ? {
          ...current,
          payload: built.batch,
          removed: [...built.removed, ...yours],
          conversationIds: built.conversationIds,
          rebuiltAt: now,
        }
      : { ...current, status: 'discarded', rebuiltAt: now },
  );
}

/**
 * The user approves a batch they looked at: it is queued to leave at the
 * weekly send, or at once with `sendNow`. Its bytes are fixed here, and must
 * be the ones shown (`shown`): a batch changed meanwhile (in another tab)
 * comes back as it is now, still `previewed`, and undefined means there was
 * nothing to approve (already approved or set aside). If a
 * conversation it draws on was forgotten, binned or kept out of learning
 * since it was built, it is not queued but rebuilt without it, for the user
 * to look at again (the row comes back `previewed`, with `rebuiltAt`).
 */
export async function approveBatch(
  db: CodelumiDB,
  id: string,
  now: number,
  options: {
    sendNow?: boolean;
    anonymize?: BuildOptions['anonymize'];
    /** The bytes the user looked at: when the batch is no longer exactly these (another tab changed it), nothing is approved. */
    shown?: string;
  } = {},
): Promise<Contribution | undefined> {
  const at = options.sendNow ? now : await nextWeeklySend(db, now);
  // The check and the queueing in one transaction: a conversation deleted meanwhile cannot slip in between.
  const outcome = await guardWrite(() =>
    db.transaction('rw', [db.contributions, db.conversations], async () => {
      const row = await db.contributions.get(id);
      if (!row || row.status !== 'previewed') return { row: undefined };
      if (options.shown !== undefined && batchBody(batchOf(row)) !== options.shown) return { row };
      if (await anyUnshareable(db, row.conversationIds ?? [])) return { row, stale: true };
      const queued: Contribution = {
        ...row,
        status: 'queued',
        approvedAt: now,
        sendNow: !!options.sendNow,
        body: batchBody(batchOf(row)),
        attempts: row.attempts ?? 0,
        nextAttemptAt: at,
        lastError: undefined,
      };
      await db.contributions.put(queued);
      return { row: queued };
    }),
  );
  return outcome.stale && outcome.row ? rebuildPreview(db, outcome.row, now, options.anonymize) : outcome.row;
}

/** "Send now" on a queued batch: it goes at the next run of the queue, whatever its wait. */
export async function sendNow(db: CodelumiDB, id: string, now: number): Promise<Contribution | undefined> {
  return changeRow(db, id, ['queued'], (row) => ({ ...row, sendNow: true, nextAttemptAt: now }));
}

/** What one run of the queue did. */
export interface QueueRun {
  sent: string[];
  /** Approved batches set aside just before they would have left, with why (the user is told). */
  setAside: { id: string; message: string }[];
  retrying: string[];
  rejected: string[];
  /** The earliest time a queued batch is due next, if any is left. */
  nextDueAt?: number;
}

/**
 * The queued row `id` as it is now, if it may leave: still queued, allowed by
 * the tier stored now (`access` may be from before a change), made under the
 * install key the device holds now, and drawing on no conversation that was
 * forgotten, binned or kept out of learning since it was approved. A batch
 * made under a withdrawn key (it could never be withdrawn) or drawing on such
 * a conversation is set aside (`setAside`: why, for the user); anything else
 * that stops it now (set aside meanwhile, a lower tier) is `skip`.
 */
async function readyToSend(
  db: CodelumiDB,
  id: string,
  access: HubAccess,
  now: number,
): Promise<{ row: Contribution } | { setAside: string } | { skip: true }> {
  return guardWrite(() =>
    db.transaction('rw', [db.contributions, db.conversations, db.settings, db.meta], async () => {
      const row = await db.contributions.get(id);
      if (!row || row.status !== 'queued') return { skip: true as const };
      const tierNow = Math.min(access.privacyTier, (await getSettings(db)).privacyTier) as PrivacyTier;
      if (!tierAllows(tierNow, purposeOf(row.tier ?? batchOf(row).tier))) return { skip: true as const };
      const setAside = async (message: string) => {
        await db.contributions.put({
          ...row,
          status: 'discarded',
          nextAttemptAt: undefined,
          lastError: { error: 'set_aside', message, at: now },
        });
        return { setAside: message };
      };
      if (batchOf(row).installKey !== (await readInstallKey(db)))
        return setAside('Set aside: it was made under an install key that was withdrawn since.');
      if (await anyUnshareable(db, row.conversationIds ?? []))
        return setAside(
          'Set aside: a conversation it drew on was deleted or kept out of learning after you approved it.',
        );
      return { row };
    }),
  );
}

/**
 * Sends every queued batch that is due, oldest first, once each. A batch the
 * tier no longer allows is left alone (lowering the tier discards it, see
 * `discardQueued`). 2xx: sent (a duplicate counts: the hub has it). 429 and
 * 5xx or no answer: tried again later (Retry-After, else backoff). 400, 413,
 * 422: back to the user with the hub's message, never retried as is.
 * Run it under the queue's Web Lock (lib/services/contributions.ts).
 */
export async function sendDue(
  db: CodelumiDB,
  access: HubAccess,
  now: number,
  fetchImpl?: typeof fetch,
  random?: () => number,
): Promise<QueueRun> {
  const run: QueueRun = { sent: [], setAside: [], retrying: [], rejected: [] };
  const queued = await db.contributions.where('status').equals('queued').sortBy('createdAt');
  for (const listed of queued) {
    if ((listed.nextAttemptAt ?? 0) > now) continue;
    // Looked at again just before it leaves: a batch set aside, a lower tier, a withdrawn key or a conversation
    // forgotten while an earlier batch was in flight (or in another tab) stops it here.
    const ready = await readyToSend(db, listed.id, access, now);
    if ('setAside' in ready) run.setAside.push({ id: listed.id, message: ready.setAside });
    if (!('row' in ready)) continue;
    const row = ready.row;
    const tier = row.tier ?? batchOf(row).tier;
    const body = row.body ?? batchBody(batchOf(row));
    const attempts = (row.attempts ?? 0) + 1;
    const outcome = await postBatch(access, tier, body, attempts, now, fetchImpl, random);
    // Written whatever the row became meanwhile: if the hub stored the bytes, the log must say so.
    await guardWrite(() =>
      db.transaction('rw', db.contributions, async () => {
        const current = (await db.contributions.get(row.id)) ?? row;
        if (outcome.kind === 'sent') {
          run.sent.push(row.id);
          await db.contributions.put({
            ...current,
            status: 'sent',
            attempts,
            sentAt: now,
            body,
            receipt: outcome.receipt,
            nextAttemptAt: undefined,
            lastError: undefined,
          });
        } else if (current.status !== 'queued') {
          return; // set aside while it was in flight, and not stored: nothing more to do
        } else if (outcome.kind === 'retry') {
          run.retrying.push(row.id);
          await db.contributions.put({
            ...current,
            attempts,
            nextAttemptAt: outcome.at,
            lastError: { ...outcome.error, at: now },
          });
        } else {
          run.rejected.push(row.id);
          await db.contributions.put({
            ...current,
            status: 'previewed',
            attempts,
            sendNow: false,
            nextAttemptAt: undefined,
            lastError: { ...outcome.error, at: now },
          });
        }
      }),
    );
  }
  const left = await db.contributions.where('status').equals('queued').toArray();
  const due = left.map((r) => r.nextAttemptAt ?? now);
  if (due.length) run.nextDueAt = Math.min(...due);
  return run;
}

/** One line of the log of what was sent. */
export interface SentEntry {
  batchId: string;
  sentAt: number;
  tier: 2 | 3;
  /** The exact bytes sent, and their length in UTF-8. */
  body: string;
  bytes: number;
  /** Set when the user later withdrew everything sent under the batch's install key. */
  withdrawnAt?: number;
}

/** Everything sent, newest first. */
export async function contributionLog(db: CodelumiDB): Promise<SentEntry[]> {
  const rows = await db.contributions.where('status').equals('sent').toArray();
  return rows
    .map((row) => {
      const body = row.body ?? batchBody(batchOf(row));
      return {
        batchId: row.id,
        sentAt: row.sentAt ?? row.createdAt,
        tier: row.tier ?? batchOf(row).tier,
        body,
        bytes: new TextEncoder().encode(body).length,
        withdrawnAt: row.withdrawnAt,
      };
    })
    .sort((a, b) => b.sentAt - a.sentAt);
}

/**
 * The weekly preparation: a new batch for the user to look at when the last
 * one ended a week ago or more (or none was ever made) and nothing waits for
 * the user yet. Undefined when not due or there is nothing to share.
 */
export async function prepareWeekly(db: CodelumiDB, tier: PrivacyTier, now: number): Promise<Contribution | undefined> {
  if (tier < 2 || (await pendingPreview(db))) return undefined;
  if ((await nextFrom(db, now)) > now - WEEK_MS) return undefined;
  return prepareBatch(db, tier, now);
}
