/** Merging ranked lists: reciprocal rank fusion (Cormack et al.), the standard way to combine lexical and semantic rankings. */

/** RRF constant: dampens the weight of the very top ranks. */
export const RRF_K = 60;

/** Fused scores for ids ranked in several lists (best first): Σ 1 / (k + rank). */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = RRF_K): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return scores;
}
