/**
 * The aggregation job: reads every install's counts (summed over its batches), and when they
 * changed since the last run, publishes a new community pack (next version)
 * and replaces the signal statistics. Run on a schedule by the server and on
 * demand by `npm run hub -- aggregate`.
 */
import { communityPackSchema, HUB_API_VERSION, type CommunityPack } from '../../lib/privacy/hub-api';
import type { HubDb, Queryable } from '../db/db';
import {
  aggregatePatterns,
  aggregateSignals,
  inputFingerprint,
  type PatternRow,
  type PrivacyParams,
  type SignalRow,
} from './aggregate';
import { cryptoRng } from './noise';

export interface AggregationOutcome {
  /** False when nothing changed since the last run (nothing was noised or published). */
  changed: boolean;
  /** The pack published by this run, if any. */
  pack?: CommunityPack;
  patternRows: number;
  signalRows: number;
  signalCells: number;
}

// Any constant: makes concurrent runs (the schedule and the CLI on one server) take turns.
const AGGREGATION_LOCK = 8787_15;

const iso = (value: unknown) => new Date(value as string | Date).toISOString();

async function readInputs(tx: Queryable): Promise<{ patterns: PatternRow[]; signals: SignalRow[] }> {
  const patterns = await tx.query<Record<string, unknown>>(
    `SELECT install_key, question_kind, answer_style, successes, failures, description, created_at FROM pattern_contributions`,
  );
  const signals = await tx.query<Record<string, unknown>>(
    `SELECT install_key, week, question_kind, signal, count, created_at FROM signal_contributions`,
  );
  return {
    patterns: patterns.map((r) => ({
      installKey: String(r.install_key),
      questionKind: String(r.question_kind),
      answerStyle: String(r.answer_style),
      successes: Number(r.successes),
      failures: Number(r.failures),
      description: String(r.description),
      createdAt: iso(r.created_at),
    })),
    signals: signals.map((r) => ({
      installKey: String(r.install_key),
      week: String(r.week),
      questionKind: String(r.question_kind),
      signal: String(r.signal),
      count: Number(r.count),
      createdAt: iso(r.created_at),
    })),
  };
}

/**
 * Aggregates once. Publishes a pack when some pattern reaches k installs, or
 * when an earlier pack exists (so withdrawn or thinned-out patterns leave it).
 * All in one transaction: a failed run changes nothing.
 */
export async function runAggregation(
  db: HubDb,
  params: Omit<PrivacyParams, 'rng'> & { rng?: PrivacyParams['rng'] },
  now: Date = new Date(),
): Promise<AggregationOutcome> {
  const privacy: PrivacyParams = { ...params, rng: params.rng ?? cryptoRng };
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AGGREGATION_LOCK]);
    const { patterns, signals } = await readInputs(tx);
    const counts = { patternRows: patterns.length, signalRows: signals.length };
    const hash = inputFingerprint(patterns, signals, privacy);
    const [last] = await tx.query<{ input_hash: string }>(
      'SELECT input_hash FROM aggregations ORDER BY id DESC LIMIT 1',
    );
    if (last?.input_hash === hash) return { changed: false, signalCells: 0, ...counts };

    const kinds = aggregatePatterns(patterns, privacy);
    const [{ version: lastVersion }] = await tx.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM packs',
    );
    let pack: CommunityPack | undefined;
    if (kinds.length > 0 || lastVersion !== null) {
      pack = communityPackSchema.parse({
        v: HUB_API_VERSION,
        version: (lastVersion ?? 0) + 1,
        publishedAt: now.toISOString(),
        k: privacy.k,
        epsilon: privacy.epsilon,
        kinds,
      });
      await tx.query('INSERT INTO packs (version, published_at, body) VALUES ($1, $2, $3)', [
        pack.version,
        pack.publishedAt,
        JSON.stringify(pack),
      ]);
    }
    const [{ id }] = await tx.query<{ id: number }>(
      'INSERT INTO aggregations (ran_at, input_hash, pack_version) VALUES ($1, $2, $3) RETURNING id',
      [now.toISOString(), hash, pack?.version ?? null],
    );
    const cells = aggregateSignals(signals, privacy);
    await tx.query('DELETE FROM signal_aggregates');
    if (cells.length > 0) {
      await tx.query(
        `INSERT INTO signal_aggregates (week, question_kind, signal, installs, count, aggregation_id)
         SELECT w, q, s, i, c, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[]) AS t(w, q, s, i, c)`,
        [
          cells.map((c) => c.week),
          cells.map((c) => c.questionKind),
          cells.map((c) => c.signal),
          cells.map((c) => c.installs),
          cells.map((c) => c.count),
          id,
        ],
      );
    }
    return { changed: true, pack, signalCells: cells.length, ...counts };
  });
}
