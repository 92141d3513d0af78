/**
 * How alike two questions are, on their content words (no model needed).
 * Used to spot a repeated question; embeddings, when an embedding model is
 * installed, can only add to it.
 */
import { contentWords } from './normalize';

/** Dice coefficient over content-word sets (0..1); short texts are compared on bigrams too. */
export function questionSimilarity(a: string, b: string): number {
  const wa = contentWords(a);
  const wb = contentWords(b);
  if (wa.length === 0 || wb.length === 0) return 0;
  const sa = new Set(wa);
  const sb = new Set(wb);
  let shared = 0;
  for (const w of sa) if (sb.has(w)) shared++;
  const words = (2 * shared) / (sa.size + sb.size);
  const ga = charGrams(wa.join(' '));
  const gb = charGrams(wb.join(' '));
  let sharedGrams = 0;
  for (const g of ga) if (gb.has(g)) sharedGrams++;
  const grams = (2 * sharedGrams) / Math.max(1, ga.size + gb.size);
  return Math.max(words, 0.5 * words + 0.5 * grams);
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
