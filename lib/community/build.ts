/**
 * Builds one contribution batch (the hub's wire format, lib/privacy/hub-api.ts)
 * from the install's own learning. Tier 2: how often each signal kind followed
 * answers to each kind of question, per ISO week. Tier 3 adds patterns
 * (question kind → answer style, with outcome counts), only those this install
 * is sure of. Nothing in a batch is the user's text: every string is a coarse
 * key or generated from keys, and each is still read by the anonymizer, which
 * takes out any item it finds something in (a second line of defence).
 */
import type { ContributionRemoval } from '../core/records';
import {
  contributionBatchSchema,
  MAX_PATTERN_ROWS,
  MAX_SIGNAL_ROWS,
  WIRE_SIGNAL_KINDS,
  type ContributionBatch,
  type PatternContribution,
  type SignalCount,
} from '../privacy/hub-api';
import { anonymize as realAnonymize } from '../privacy/anonymize/index';
import { confidenceOf, evidenceOf, recordOutcome } from '../patterns/patterns';
import type { OutcomeScore } from '../signals/answer-outcome';
import type { ContributionSources } from './sources';
import { describePattern } from './describe';
import { isoWeek } from './weeks';

/** A pattern is shared only with at least this much evidence (weighted outcomes over all of the install's answers). */
export const MIN_PATTERN_EVIDENCE = 5;
/**
 * ...and only when the install is this sure which way it goes: the posterior
 * probability (patterns.ts `confidenceOf`) that the style works is at least
 * this, or at most 1 minus it (a style that reliably fails is worth knowing too).
 */
export const MIN_PATTERN_CONFIDENCE = 0.8;

export interface BuildOptions {
  tier: 2 | 3;
  batchId: string;
  installKey: string;
  /** The period (from, to] the batch covers, ms since the epoch; `to` is also its createdAt. */
  from: number;
  to: number;
  /** Items to leave out, by `itemKey` (what the user removed from an earlier build of the same batch). */
  leaveOut?: ReadonlySet<string>;
  /** The anonymizer (injectable for tests); lib/privacy/anonymize by default. */
  anonymize?: (text: string, options?: { paths?: boolean }) => { text: string; findings: { kind: string }[] };
}

export interface BuiltBatch {
  batch: ContributionBatch;
  /** Items the anonymizer took out (shown to the user in the preview). */
  removed: ContributionRemoval[];
  /** The conversations the kept items draw on (kept on this device only, never sent). */
  conversationIds: string[];
}

/** The identity of an item of a batch: week, question kind and signal; or question kind and answer style. */
export function itemKey(section: 'signals' | 'patterns', item: SignalCount | PatternContribution): string {
  return section === 'signals'
    ? `${(item as SignalCount).week} ${item.questionKind} ${(item as SignalCount).signal}`
    : `${item.questionKind} ${(item as PatternContribution).answerStyle}`;
}

/** The conversations behind the kept items: those of their signals, and every answer of a kept pattern. */
function conversationsBehind(sources: ContributionSources, signals: SignalCount[], patterns: PatternContribution[]) {
  const keptSignals = new Set(signals.map((s) => itemKey('signals', s)));
  const keptPatterns = new Set(patterns.map((p) => itemKey('patterns', p)));
  const kindOf = new Map(sources.answers.map((a) => [a.messageId, a.questionKind]));
  const ids = new Set<string>();
  for (const s of sources.signals) {
    const questionKind = kindOf.get(s.messageId);
    if (questionKind && keptSignals.has(`${isoWeek(s.createdAt)} ${questionKind} ${s.kind}`)) ids.add(s.conversationId);
  }
  for (const a of sources.answers)
    if (a.contribution && keptPatterns.has(`${a.questionKind} ${a.answerStyle}`)) ids.add(a.conversationId);
  return [...ids].sort();
}

interface Tally {
  successes: number;
  failures: number;
}

/** What one answer record adds to its pattern (as lib/learning/engine/answers.ts adds it). */
function answerShare(contribution: NonNullable<ContributionSources['answers'][number]['contribution']>): Tally {
  const result: OutcomeScore = {
    outcome: contribution.outcome as OutcomeScore['outcome'],
    positive: contribution.positive,
    negative: contribution.negative,
    score: 0,
  };
  const share = recordOutcome({ questionKind: '', answerStyle: '', successes: 0, failures: 0 }, result);
  return { successes: share.successes, failures: share.failures + (contribution.penalty ?? 0) };
}

/** True when a pattern has enough evidence and a decisive, calibrated confidence either way. */
export function isConfidentPattern(p: Tally): boolean {
  if (evidenceOf(p) < MIN_PATTERN_EVIDENCE) return false;
  const c = confidenceOf(p);
  return c >= MIN_PATTERN_CONFIDENCE || c <= 1 - MIN_PATTERN_CONFIDENCE;
}

/** Signal counts per (week, question kind, signal kind); a signal whose answer has no record is left out. */
export function signalCounts(sources: ContributionSources): SignalCount[] {
  const kindOf = new Map(sources.answers.map((a) => [a.messageId, a.questionKind]));
  const wire = new Set<string>(WIRE_SIGNAL_KINDS);
  const counts = new Map<string, SignalCount>();
  for (const s of sources.signals) {
    const questionKind = kindOf.get(s.messageId);
    if (!questionKind || !wire.has(s.kind)) continue;
    const week = isoWeek(s.createdAt);
    const key = `${week} ${questionKind} ${s.kind}`;
    const row = counts.get(key) ?? { week, questionKind, signal: s.kind, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()].sort(
    (a, b) =>
      a.week.localeCompare(b.week) || a.questionKind.localeCompare(b.questionKind) || a.signal.localeCompare(b.signal),
  );
}

/**
 * Patterns to share: those the install is sure of over all its answers
 * (`isConfidentPattern`), with the outcome counts of the answers made in the
 * batch's period only, so batches summed at the hub count each answer once.
 */
export function patternRows(sources: ContributionSources, from: number, to: number): PatternContribution[] {
  const total = new Map<string, Tally>();
  const period = new Map<string, Tally>();
  const add = (map: Map<string, Tally>, key: string, t: Tally) => {
    const cur = map.get(key) ?? { successes: 0, failures: 0 };
    map.set(key, { successes: cur.successes + t.successes, failures: cur.failures + t.failures });
  };
  for (const a of sources.answers) {
    if (!a.contribution) continue;
    const key = `${a.questionKind} ${a.answerStyle}`;
    const share = answerShare(a.contribution);
    add(total, key, share);
    if (a.createdAt > from && a.createdAt <= to) add(period, key, share);
  }
  const rows: PatternContribution[] = [];
  for (const [key, tally] of period) {
    if (!isConfidentPattern(total.get(key)!)) continue;
    const successes = Math.round(tally.successes);
    const failures = Math.round(tally.failures);
    if (successes + failures === 0) continue;
    const [questionKind, answerStyle] = key.split(' ');
    rows.push({
      questionKind,
      answerStyle,
      successes,
      failures,
      description: describePattern(questionKind, answerStyle),
    });
  }
  return rows.sort(
    (a, b) => a.questionKind.localeCompare(b.questionKind) || a.answerStyle.localeCompare(b.answerStyle),
  );
}

/** The strings of an item the anonymizer reads (all of them: keys, weeks, descriptions). */
function stringsOf(item: object): string[] {
  return Object.values(item).filter((v): v is string => typeof v === 'string');
}

/**
 * The batch for `sources` (see the file's comment), or undefined when there is
 * nothing to share. Items the anonymizer finds anything in are taken out and
 * listed in `removed`. The result always passes `contributionBatchSchema`.
 */
export function buildBatch(sources: ContributionSources, options: BuildOptions): BuiltBatch | undefined {
  const anonymize = options.anonymize ?? realAnonymize;
  const removed: ContributionRemoval[] = [];
  const screen = <T extends object>(section: ContributionRemoval['section'], items: T[]): T[] =>
    items.filter((item) => {
      const flagged = stringsOf(item)
        .map((text) => ({ text, findings: anonymize(text, { paths: true }).findings }))
        .filter((r) => r.findings.length > 0);
      if (flagged.length === 0) return true;
      removed.push({
        section,
        item,
        by: 'anonymizer',
        kinds: [...new Set(flagged.flatMap((r) => r.findings.map((f) => f.kind)))],
        text: flagged.map((r) => r.text).join(' '),
      });
      return false;
    });
  const leaveOut = options.leaveOut ?? new Set<string>();
  const signals = screen(
    'signals',
    signalCounts(sources).filter((s) => !leaveOut.has(itemKey('signals', s))),
  ).slice(-MAX_SIGNAL_ROWS);
  const patterns =
    options.tier === 3
      ? screen(
          'patterns',
          patternRows(sources, options.from, options.to).filter((p) => !leaveOut.has(itemKey('patterns', p))),
        ).slice(0, MAX_PATTERN_ROWS)
      : [];
  if (signals.length + patterns.length === 0) return undefined;
  const batch = contributionBatchSchema.parse({
    v: 1,
    batchId: options.batchId,
    installKey: options.installKey,
    tier: options.tier,
    createdAt: new Date(options.to).toISOString(),
    signals,
    patterns,
  });
  return { batch, removed, conversationIds: conversationsBehind(sources, signals, patterns) };
}
