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
import type { StylePrior } from '../../patterns/priors';
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
