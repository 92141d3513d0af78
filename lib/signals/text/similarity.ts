/**
 * How alike two questions are, on their content words (no model needed).
 * Used to spot a repeated question; embeddings, when an embedding model is
 * installed, can only add to it.
 */
import { contentWords } from './normalize';

/** A text as questionSimilarity compares it: its content words and their character trigrams. */
export interface SimilarityProfile {
  words: Set<string>;
  grams: Set<string>;
}

export function similarityProfile(text: string): SimilarityProfile {
  const words = contentWords(text);
  return { words: new Set(words), grams: words.length ? charGrams(words.join(' ')) : new Set() };
}

/** Dice coefficient over content-word sets (0..1); short texts are compared on bigrams too. */
export function questionSimilarity(a: string | SimilarityProfile, b: string | SimilarityProfile): number {
  const pa = typeof a === 'string' ? similarityProfile(a) : a;
  const pb = typeof b === 'string' ? similarityProfile(b) : b;
  if (pa.words.size === 0 || pb.words.size === 0) return 0;
  const words = dice(pa.words, pb.words);
  return Math.max(words, 0.5 * words + 0.5 * dice(pa.grams, pb.grams));
}

function dice(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / Math.max(1, a.size + b.size);
}

function charGrams(text: string): Set<string> {
  const grams = new Set<string>();
  const t = ` ${text} `;
  for (let i = 0; i + 3 <= t.length; i++) grams.add(t.slice(i, i + 3));
  return grams;
}

/** Cosine similarity of two embedding vectors. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
