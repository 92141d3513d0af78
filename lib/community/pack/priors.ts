/**
 * The stored community pack as priors for answer styles (lib/patterns
 * priors.ts): each pack style's noised successes and failures, per question
 * kind. Only at tier 1 and above; at tier 0 the pack plays no part even if a
 * row were somehow left.
 */
import type { CodelumiDB } from '../../db/db';
import { getSettings } from '../../db/settings';
import type { CommunityPack } from '../../privacy/hub-api';
import { tierAllows } from '../../privacy/tiers';
import { priorWeight, type StylePrior } from '../../patterns/priors';
import { readStoredPack } from './store';

/** The pack's evidence as style priors, one per (kind, style) with any outcome. */
export function packPriors(pack: CommunityPack): StylePrior[] {
  return pack.kinds.flatMap((kind) =>
    kind.styles
      .filter((s) => s.successes + s.failures > 0)
      .map((s) => ({
        questionKind: kind.questionKind,
        answerStyle: s.answerStyle,
        successes: s.successes,
        failures: s.failures,
      })),
  );
}

/** The priors the next prompt may use: the stored pack's, when the tier receives packs; none otherwise. */
export async function loadStylePriors(db: CodelumiDB): Promise<StylePrior[]> {
  const [settings, stored] = await Promise.all([getSettings(db), readStoredPack(db)]);
  if (!tierAllows(settings.privacyTier, 'pack') || !stored.pack) return [];
  return packPriors(stored.pack);
}

/** One question kind of the pack as the Learning page shows it. */
export interface PackKindSummary {
  questionKind: string;
  /** The style with the community's best success rate, with its evidence. */
  style: string;
  successRate: number;
  installs: number;
  /** The user's own weighted outcomes on this kind. */
  ownEvidence: number;
  /** Pseudo-outcomes the community still adds per style (0: the user's own evidence decides alone). */
  weight: number;
}

/** What the pack says per kind and how much it still counts against the user's own `patterns` (most used first). */
export function packSummary(pack: CommunityPack, patterns: readonly StylePrior[]): PackKindSummary[] {
  const own = new Map<string, number>();
  for (const p of patterns) own.set(p.questionKind, (own.get(p.questionKind) ?? 0) + p.successes + p.failures);
  const rate = (s: { successes: number; failures: number }) => (1 + s.successes) / (2 + s.successes + s.failures);
  return pack.kinds
    .filter((k) => k.styles.length > 0)
    .map((k) => {
      const best = k.styles.reduce((a, b) => (rate(b) > rate(a) ? b : a));
      const ownEvidence = own.get(k.questionKind) ?? 0;
      return {
        questionKind: k.questionKind,
        style: best.answerStyle,
        successRate: rate(best),
        installs: best.installs,
        ownEvidence,
        weight: priorWeight(ownEvidence),
      };
    })
    .sort((a, b) => b.installs - a.installs || a.questionKind.localeCompare(b.questionKind));
}
