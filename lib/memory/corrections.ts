/**
 * What the user said was right in a correction, as both the training export
 * (lib/training pairs) and the personal model (lib/personal inputs) use it:
 * the user's own edit of the correction memory when there is one, else the
 * rule of the correction they wrote (correctionText).
 */
import type { Memory, TrainingPair } from '../core/records';
import { correctionText } from './learned';

/** How a correction memory reads before its rule: "When asked about “…”: " (learned.ts rememberCorrection). */
const CORRECTION_LEAD = /^When asked about “[^”]*”:\s*/;

/** A code fence, as a memory holds one once editMemory squashed its lines onto one. */
const FENCE = /```|~~~/;

/** True when the correction's words hold code that needs its lines (a fence, or several lines). */
function hasLines(words: string): boolean {
  return FENCE.test(words) || /\n/.test(words.trim());
}

/**
 * The right answer of a correction's training pair, as its memory says it:
 * the memory's rule when the user edited the memory (`source: 'user'`),
 * except when the correction held code on several lines and the edit holds
 * code too (editMemory squashed it onto one line, which would teach broken
 * code) or only kept the rule as it was; then the correction's own words,
 * lines kept. Otherwise `correctionText` of what the user wrote.
 */
export function correctionChosen(pair: Pick<TrainingPair, 'chosen'>, memory: Pick<Memory, 'source' | 'text'>): string {
  const rule = correctionText(pair.chosen);
  if (memory.source !== 'user') return rule;
  const edited = memory.text.replace(CORRECTION_LEAD, '').trim();
  if (!edited) return rule;
  if (hasLines(pair.chosen)) {
    const squashed = rule.replace(/\s+/g, ' ').trim();
    if (FENCE.test(edited) || /`/.test(edited) || edited === squashed) return rule;
  }
  return edited;
}
