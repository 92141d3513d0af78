/** Counts in words for the personal model screens: "1 memory", "3 memories", "2 examples". */

/** Plurals that do not just add an "s". */
const IRREGULAR: Record<string, string> = { memory: 'memories', 'private item': 'private items' };

/** `n` and the word, singular for exactly 1: "1 memory", "0 memories", "2 examples"; `many` overrides the plural. */
export function plural(n: number, one: string, many?: string): string {
  const word = n === 1 ? one : (many ?? IRREGULAR[one] ?? `${one}s`);
  return `${n} ${word}`;
}
