/**
 * Seeded randomness for the check: which past questions come up and which
 * answer is shown as "A". A seed gives the same choices every time, so tests
 * can pin them and a sitting is reproducible; the UI seeds with the clock.
 */

/** A number from a seed string or number (FNV-1a over the text), as mulberry32 wants. */
export function seedNumber(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A PRNG (mulberry32) returning numbers in [0, 1): the same seed gives the same
 * sequence. Written here because lib/ may not import scripts/, and it is six lines.
 */
export function seededRandom(seed: string | number): () => number {
  let a = seedNumber(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy of `items` (Fisher–Yates with `random`); the input is untouched. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
