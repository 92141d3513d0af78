/**
 * All the signals on one answer, folded into one outcome: positive,
 * negative, mixed or unknown, with a score in [-1, 1]. Independent signals
 * of one polarity add up like probabilities (two weak ones beat one).
 */
export type Outcome = 'positive' | 'negative' | 'mixed' | 'unknown';

export interface OutcomeResult {
  outcome: Outcome;
  /** Positive evidence minus negative evidence, -1..1. */
  score: number;
  /** Strength of the positive and the negative side, 0..1 each. */
  positive: number;
  negative: number;
}

/** Combines signals ({polarity, confidence}) into one outcome. */
export function combineSignals(signals: readonly { polarity: number; confidence: number }[]): OutcomeResult {
  let keepPos = 1;
  let keepNeg = 1;
  for (const s of signals) {
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
  else if (score < -0.05) outcome = 'negative';
  else if (positive > 0 || negative > 0) outcome = 'mixed';
  return { outcome, score, positive, negative };
}
