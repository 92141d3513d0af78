/**
 * De-duplication: the same normalised prompt and answer goes out once, as
 * its most confident copy (an answer regenerated word for word, a question
 * asked in two chats with the same reply, two corrections of one answer).
 */
import type { PreferencePair, SftExample } from './types';

/** Case, spacing and trailing punctuation do not make two texts different. */
export function normaliseText(text: string): string {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  let end = t.length;
  while (end > 0 && '.!? '.includes(t[end - 1])) end -= 1; // a loop, not /[.!?\s]+$/ (quadratic on long runs)
  return t.slice(0, end);
}

/** The identity of an SFT example: its question and answer. */
export function sftKey(example: SftExample): string {
  return `${normaliseText(example.question)}\u0000${normaliseText(example.answer)}`;
}

/** The identity of a preference pair: its prompt, chosen and rejected answers. */
export function pairKey(pair: PreferencePair): string {
  return [pair.prompt, pair.chosen, pair.rejected].map(normaliseText).join('\u0000');
}

/** One item per key: the most confident (the newest among equals), in first-seen order of the keys. */
export function dedupe<T extends { confidence: number; createdAt: number }>(
  items: readonly T[],
  key: (item: T) => string,
): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const kept = best.get(k);
    if (
      !kept ||
      item.confidence > kept.confidence ||
      (item.confidence === kept.confidence && item.createdAt > kept.createdAt)
    )
      best.set(k, item);
  }
  return [...best.values()];
}
