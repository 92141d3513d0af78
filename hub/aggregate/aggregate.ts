/**
 * The aggregation's arithmetic, pure: from the rows installs sent to what the
 * hub publishes. An install's rows for one cell add up (the store keeps one,
 * summed over its batches); a cell is
 * published only when at least k distinct installs support it; each install
 * weighs at most `clamp` outcomes per cell; the published counts carry Laplace
 * noise for epsilon (hub/README.md says what that protects and what not).
 */
import { createHash } from 'node:crypto';
import type { CommunityPack, PackStyle } from '../../lib/privacy/hub-api';
import { laplace, type Rng } from './noise';

/** An install's counts for one question kind -> answer style, summed over its batches. */
export interface PatternRow {
  installKey: string;
  questionKind: string;
  answerStyle: string;
  successes: number;
  failures: number;
  description: string;
  /** The newest batch's createdAt (ISO). */
  createdAt: string;
}

/** An install's count of one signal after one question kind in one week, summed over its batches. */
export interface SignalRow {
  installKey: string;
  week: string;
  questionKind: string;
  signal: string;
  count: number;
  createdAt: string;
}

export interface PrivacyParams {
  /** Distinct installs a cell needs to be published. */
  k: number;
  /** The budget of one cell: half for its install count, half for its outcome counts. */
  epsilon: number;
  /** Most outcomes (or signal events) one install weighs in one cell. */
  clamp: number;
  rng: Rng;
}

/** A signal cell as published in the signal_aggregates table. */
export interface SignalAggregate {
  week: string;
  questionKind: string;
  signal: string;
  installs: number;
  count: number;
}

const patternCell = (r: PatternRow) => `${r.questionKind}\n${r.answerStyle}`;
const signalCell = (r: SignalRow) => `${r.week}\n${r.questionKind}\n${r.signal}`;

/**
 * One row per install and cell, the counts of its rows added up (the store
 * already keeps one summed row; this holds the arithmetic to it for any
 * input). The newest createdAt and its description are kept.
 */
export function sumPerInstall<T extends { installKey: string; createdAt: string }>(
  rows: readonly T[],
  cellOf: (row: T) => string,
  counts: readonly (keyof T & string)[],
): T[] {
  const summed = new Map<string, T>();
  for (const row of rows) {
    const id = `${row.installKey}\n${cellOf(row)}`;
    const seen = summed.get(id);
    if (!seen) {
      summed.set(id, { ...row });
      continue;
    }
    const newer = Date.parse(seen.createdAt) <= Date.parse(row.createdAt) ? row : seen;
    const next = { ...newer };
    for (const c of counts) (next as Record<string, unknown>)[c] = (seen[c] as number) + (row[c] as number);
    summed.set(id, next);
  }
  return [...summed.values()];
}

const PATTERN_COUNTS = ['successes', 'failures'] as const;
const SIGNAL_COUNTS = ['count'] as const;

/** Groups rows by cell, in the cells' sorted order (so a seeded noise source gives the same pack every time). */
function byCell<T>(rows: readonly T[], cellOf: (row: T) => string): [string, T[]][] {
  const cells = new Map<string, T[]>();
  for (const row of rows) {
    const key = cellOf(row);
    const list = cells.get(key);
    if (list) list.push(row);
    else cells.set(key, [row]);
  }
  return [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Rounds a noised count and never lets it fall below `floor`. */
const release = (value: number, floor = 0) => Math.max(floor, Math.round(value));

/**
 * The pack's `kinds`: per question kind (sorted), the answer styles at least
 * `k` distinct installs reported, best noised success rate first. Installs
 * are noised with scale 2/ε (sensitivity 1) and never shown below k;
 * successes and failures, each install's scaled down to at most `clamp` in
 * total, with scale 2·clamp/ε; all rounded and never negative.
 */
export function aggregatePatterns(rows: readonly PatternRow[], p: PrivacyParams): CommunityPack['kinds'] {
  const kinds = new Map<string, PackStyle[]>();
  for (const [, cell] of byCell(sumPerInstall(rows, patternCell, PATTERN_COUNTS), patternCell)) {
    if (cell.length < p.k) continue;
    let successes = 0;
    let failures = 0;
    for (const row of cell) {
      const total = row.successes + row.failures;
      const weight = total > p.clamp ? p.clamp / total : 1;
      successes += row.successes * weight;
      failures += row.failures * weight;
    }
    const outcomeScale = (2 * p.clamp) / p.epsilon;
    const style: PackStyle = {
      answerStyle: cell[0].answerStyle,
      installs: release(cell.length + laplace(2 / p.epsilon, p.rng), p.k),
      successes: release(successes + laplace(outcomeScale, p.rng)),
      failures: release(failures + laplace(outcomeScale, p.rng)),
      // Written here from the two keys: a description an install sent is never published (it could be its own words).
      description: `${cell[0].questionKind} → ${cell[0].answerStyle}`,
    };
    const styles = kinds.get(cell[0].questionKind) ?? [];
    styles.push(style);
    kinds.set(cell[0].questionKind, styles);
  }
  const rate = (s: PackStyle) => (s.successes + 1) / (s.successes + s.failures + 2);
  return [...kinds.entries()].map(([questionKind, styles]) => ({
    questionKind,
    styles: styles.sort((a, b) => rate(b) - rate(a) || (a.answerStyle < b.answerStyle ? -1 : 1)),
  }));
}

/**
 * Signal statistics across installs: per week, question kind and signal, the
 * cells at least `k` distinct installs reported, with installs and counts
 * noised as in `aggregatePatterns` (each install's count clamped).
 */
export function aggregateSignals(rows: readonly SignalRow[], p: PrivacyParams): SignalAggregate[] {
  const out: SignalAggregate[] = [];
  for (const [, cell] of byCell(sumPerInstall(rows, signalCell, SIGNAL_COUNTS), signalCell)) {
    if (cell.length < p.k) continue;
    const count = cell.reduce((sum, r) => sum + Math.min(r.count, p.clamp), 0);
    out.push({
      week: cell[0].week,
      questionKind: cell[0].questionKind,
      signal: cell[0].signal,
      installs: release(cell.length + laplace(2 / p.epsilon, p.rng), p.k),
      count: release(count + laplace((2 * p.clamp) / p.epsilon, p.rng)),
    });
  }
  return out;
}

/**
 * A fingerprint of the exact inputs of an aggregation and its parameters
 * (order-independent): equal fingerprints mean there is nothing new to publish.
 */
export function inputFingerprint(
  patterns: readonly PatternRow[],
  signals: readonly SignalRow[],
  params: Omit<PrivacyParams, 'rng'>,
): string {
  const lines = [
    ...sumPerInstall(patterns, patternCell, PATTERN_COUNTS).map(
      (r) => `p\t${r.installKey}\t${r.questionKind}\t${r.answerStyle}\t${r.successes}\t${r.failures}\t${r.description}`,
    ),
    ...sumPerInstall(signals, signalCell, SIGNAL_COUNTS).map(
      (r) => `s\t${r.installKey}\t${r.week}\t${r.questionKind}\t${r.signal}\t${r.count}`,
    ),
  ].sort();
  return createHash('sha256')
    .update(`${params.k}\t${params.epsilon}\t${params.clamp}\n`)
    .update(lines.join('\n'))
    .digest('hex');
}
