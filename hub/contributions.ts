/**
 * Storing what installs send and removing it on request. An install sends
 * what is new since its last batch (lib/community: each batch covers its own
 * period, and what the user removed from one is never offered again), so each
 * (install, cell) keeps one row that adds up every batch's counts. A batch id
 * is applied once (a retry is answered as a duplicate), so nothing is counted
 * twice. `created_at` is the newest batch's (a createdAt after the time of
 * receipt counts as the time of receipt).
 */
import type { ContributionBatch, ContributionReceipt } from '../lib/privacy/hub-api';
import type { HubDb, Queryable } from './db/db';

export interface RateLimit {
  batches: number;
  windowSeconds: number;
}

export type StoreOutcome =
  | { status: 'stored' | 'duplicate'; receipt: ContributionReceipt }
  | { status: 'rate_limited'; retryAfterSeconds: number };

async function upsertPatterns(tx: Queryable, batch: ContributionBatch, countsAt: string): Promise<void> {
  if (batch.patterns.length === 0) return;
  const p = batch.patterns;
  await tx.query(
    `INSERT INTO pattern_contributions
       (install_key, question_kind, answer_style, successes, failures, description, created_at, batch_id)
     SELECT $1, q, a, s, f, d, $2, $3
       FROM unnest($4::text[], $5::text[], $6::int[], $7::int[], $8::text[]) AS t(q, a, s, f, d)
     ON CONFLICT (install_key, question_kind, answer_style) DO UPDATE
       SET successes = pattern_contributions.successes + EXCLUDED.successes,
           failures = pattern_contributions.failures + EXCLUDED.failures,
           description = EXCLUDED.description,
           created_at = GREATEST(pattern_contributions.created_at, EXCLUDED.created_at),
           batch_id = EXCLUDED.batch_id`,
    [
      batch.installKey,
      countsAt,
      batch.batchId,
      p.map((r) => r.questionKind),
      p.map((r) => r.answerStyle),
      p.map((r) => r.successes),
      p.map((r) => r.failures),
      p.map((r) => r.description),
    ],
  );
}

async function upsertSignals(tx: Queryable, batch: ContributionBatch, countsAt: string): Promise<void> {
  if (batch.signals.length === 0) return;
  const s = batch.signals;
  await tx.query(
    `INSERT INTO signal_contributions (install_key, week, question_kind, signal, count, created_at, batch_id)
     SELECT $1, w, q, s, c, $2, $3
       FROM unnest($4::text[], $5::text[], $6::text[], $7::int[]) AS t(w, q, s, c)
     ON CONFLICT (install_key, week, question_kind, signal) DO UPDATE
       SET count = signal_contributions.count + EXCLUDED.count,
           created_at = GREATEST(signal_contributions.created_at, EXCLUDED.created_at),
           batch_id = EXCLUDED.batch_id`,
    [
      batch.installKey,
      countsAt,
      batch.batchId,
      s.map((r) => r.week),
      s.map((r) => r.questionKind),
      s.map((r) => r.signal),
      s.map((r) => r.count),
    ],
  );
}

/**
 * The receipt of a batch id already stored, or undefined. A batch sent again
 * (a retry whose first answer was lost) is answered from this before any check
 * of its body, so a rule changed in between cannot refuse what is stored.
 */
export async function storedReceipt(db: HubDb, batchId: string): Promise<ContributionReceipt | undefined> {
  const [stored] = await db.query<{ signal_rows: number; pattern_rows: number }>(
    'SELECT signal_rows, pattern_rows FROM batches WHERE batch_id = $1',
    [batchId],
  );
  return stored
    ? { batchId, accepted: { signals: stored.signal_rows, patterns: stored.pattern_rows }, duplicate: true }
    : undefined;
}

/**
 * Stores a validated batch in one transaction. A batchId already stored is
 * answered as a duplicate and changes nothing (even over the rate limit, so
 * a retry is always safe); otherwise an install key that sent `limit.batches`
 * batches within the window is refused with the seconds until one leaves it.
 */
export async function storeBatch(
  db: HubDb,
  batch: ContributionBatch,
  limit: RateLimit,
  now: Date = new Date(),
): Promise<StoreOutcome> {
  return db.transaction(async (tx) => {
    // Requests of one install key take turns, so two at once cannot both slip under the limit.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch.installKey]);
    const [stored] = await tx.query<{ signal_rows: number; pattern_rows: number }>(
      'SELECT signal_rows, pattern_rows FROM batches WHERE batch_id = $1',
      [batch.batchId],
    );
    if (stored) {
      return {
        status: 'duplicate',
        receipt: {
          batchId: batch.batchId,
          accepted: { signals: stored.signal_rows, patterns: stored.pattern_rows },
          duplicate: true,
        },
      };
    }
    const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000);
    const [recent] = await tx.query<{ n: number; oldest: Date | string | null }>(
      'SELECT count(*) AS n, min(received_at) AS oldest FROM batches WHERE install_key = $1 AND received_at > $2',
      [batch.installKey, windowStart.toISOString()],
    );
    if (Number(recent.n) >= limit.batches && recent.oldest !== null) {
      const leavesAt = new Date(recent.oldest).getTime() + limit.windowSeconds * 1000;
      return { status: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((leavesAt - now.getTime()) / 1000)) };
    }
    await tx.query(
      `INSERT INTO batches (batch_id, install_key, tier, created_at, received_at, signal_rows, pattern_rows)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        batch.batchId,
        batch.installKey,
        batch.tier,
        batch.createdAt,
        now.toISOString(),
        batch.signals.length,
        batch.patterns.length,
      ],
    );
    // A device clock running ahead must not pin its rows: a batch dated in the future counts as sent now.
    const countsAt = new Date(Math.min(Date.parse(batch.createdAt), now.getTime())).toISOString();
    await upsertPatterns(tx, batch, countsAt);
    await upsertSignals(tx, batch, countsAt);
    return {
      status: 'stored',
      receipt: {
        batchId: batch.batchId,
        accepted: { signals: batch.signals.length, patterns: batch.patterns.length },
        duplicate: false,
      },
    };
  });
}

/**
 * Removes every row an install key sent (its patterns, signal counts and
 * batches); returns how many pattern and signal rows were removed. The next
 * aggregation publishes a pack without them.
 */
export async function withdrawInstall(db: HubDb, installKey: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [patterns] = await tx.query<{ n: number }>(
      'WITH d AS (DELETE FROM pattern_contributions WHERE install_key = $1 RETURNING 1) SELECT count(*) AS n FROM d',
      [installKey],
    );
    const [signals] = await tx.query<{ n: number }>(
      'WITH d AS (DELETE FROM signal_contributions WHERE install_key = $1 RETURNING 1) SELECT count(*) AS n FROM d',
      [installKey],
    );
    await tx.query('DELETE FROM batches WHERE install_key = $1', [installKey]);
    return Number(patterns.n) + Number(signals.n);
  });
}
