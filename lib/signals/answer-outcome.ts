/**
 * All the signals on one answer, folded into one outcome: positive,
 * negative, mixed or unknown, with a score in [-1, 1]. Independent signals
 * of one polarity add up like probabilities (two weak ones beat one).
 *
 * An answer is called bad only on strong or repeated evidence: the negative
 * side must reach NEGATIVE_EVIDENCE, which no weak signal (a quick leave, an
 * unsure complaint) reaches alone. Working with the code (copying it, running
 * it successfully) outweighs a quick leave: the leave then counts for nothing.
 */
import type { SignalKind } from '../core/records';

export type Outcome = 'positive' | 'negative' | 'mixed' | 'unknown';

export interface OutcomeScore {
  outcome: Outcome;
  /** Positive evidence minus negative evidence, -1..1. */
  score: number;
  /** Strength of the positive and the negative side, 0..1 each. */
  positive: number;
  negative: number;
}

/** How strong the negative side must be before an answer is called negative (above any single weak signal). */
export const NEGATIVE_EVIDENCE = 0.6;

/** Signals that show the user worked with the answer's code. */
const ENGAGEMENT = new Set<SignalKind>(['code_copied', 'code_ran_ok', 'tests_passed']);

/** Combines signals ({polarity, confidence}, and their kind when known) into one outcome. */
export function combineSignals(
  signals: readonly { polarity: number; confidence: number; kind?: SignalKind }[],
): OutcomeScore {
  const engaged = signals.some((s) => s.kind !== undefined && ENGAGEMENT.has(s.kind) && s.polarity > 0);
  let keepPos = 1;
  let keepNeg = 1;
  for (const s of signals) {
    if (engaged && s.kind === 'left_immediately') continue;
    const c = Math.min(1, Math.max(0, s.confidence));
    if (s.polarity > 0) keepPos *= 1 - c;
    else if (s.polarity < 0) keepNeg *= 1 - c;
  }
  const positive = 1 - keepPos;
  const negative = 1 - keepNeg;
  const score = Math.round((positive - negative) * 1000) / 1000;
  let outcome: Outcome = 'unknown';
  if (positive > 0 && negative > 0 && Math.min(positive, negative) >= 0.5) outcome = 'mixed';
  else if (score > 0.05) outcome = 'positive';
  else if (score < -0.05) outcome = negative >= NEGATIVE_EVIDENCE ? 'negative' : positive > 0 ? 'mixed' : 'unknown';
  else if (positive > 0 || negative > 0) outcome = 'mixed';
  return { outcome, score, positive, negative };
}
