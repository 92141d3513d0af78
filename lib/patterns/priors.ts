/**
 * Priors: what other installs learned (the community pack) as a head start
 * for a kind of question this user has little evidence on. The community's
 * counts are shrunk to a few pseudo-outcomes at its success rate, and that
 * weight fades to nothing as the user's own evidence for the kind grows, so
 * the user's own outcomes always win.
 */

/** Most pseudo-outcomes one community style adds to a kind the user has no evidence on. */
export const MAX_PRIOR_WEIGHT = 6;
/** Own weighted outcomes on a kind at which the community stops counting for it. */
export const OWN_EVIDENCE_ENOUGH = 12;

/** A style's evidence for a kind of question, in weighted outcome counts (the shape of patterns.ts `PatternStats`). */
export interface StylePrior {
  questionKind: string;
  answerStyle: string;
  successes: number;
  failures: number;
}

const evidenceOf = (p: StylePrior) => p.successes + p.failures;

/** How many pseudo-outcomes the community may add per style, given the user's own evidence on the kind. */
export function priorWeight(ownEvidence: number): number {
  return MAX_PRIOR_WEIGHT * Math.max(0, 1 - ownEvidence / OWN_EVIDENCE_ENOUGH);
}

/** A pattern as the community's pseudo-counts, tagged with how much of it came from the community. */
export interface PriorPattern extends StylePrior {
  /** Pseudo-outcomes added by the community (0 for the user's own styles it says nothing about). */
  community: number;
}

/**
 * The user's own patterns of kind `kindKey` with the community's evidence for
 * that kind added as pseudo-counts: each community style adds at most
 * `priorWeight(own evidence)` outcomes at its community success rate. With no
 * priors, or enough own evidence, the result is the user's own counts.
 */
export function withPriors(kindKey: string, own: readonly StylePrior[], priors: readonly StylePrior[]): PriorPattern[] {
  const mine = own.filter((p) => p.questionKind === kindKey);
  const weight = priorWeight(mine.reduce((n, p) => n + evidenceOf(p), 0));
  const merged = new Map<string, PriorPattern>(mine.map((p) => [p.answerStyle, { ...p, community: 0 }]));
  if (weight <= 0) return [...merged.values()];
  for (const prior of priors) {
    const total = evidenceOf(prior);
    if (prior.questionKind !== kindKey || total <= 0) continue;
    // A style few installs tried weighs less than one many did: the weight never exceeds the community's own count.
    const w = Math.min(weight, total);
    const s = (w * prior.successes) / total;
    const cur = merged.get(prior.answerStyle) ?? {
      questionKind: kindKey,
      answerStyle: prior.answerStyle,
      successes: 0,
      failures: 0,
      community: 0,
    };
    merged.set(prior.answerStyle, {
      ...cur,
      successes: cur.successes + s,
      failures: cur.failures + (w - s),
      community: cur.community + w,
    });
  }
  return [...merged.values()];
}
