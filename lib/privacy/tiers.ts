/**
 * The four privacy tiers: what an install shares with the Codelumi Hub and
 * what it receives. Tier 0 is the default and means no request to any host
 * but this app's own origin and the user's Ollama. Every request to the hub
 * asks `tierAllows` first (through lib/privacy/egress.ts, the one gate).
 */
export type PrivacyTier = 0 | 1 | 2 | 3;

export const PRIVACY_TIERS: readonly PrivacyTier[] = [0, 1, 2, 3];

/** Why a request to the hub is made. */
export type HubPurpose =
  /** Fetching the community pack (tier 1 and above). */
  | 'pack'
  /** Sending weekly signal statistics (tier 2 and above). */
  | 'signals'
  /** Sending anonymized answer-style patterns (tier 3). */
  | 'patterns'
  /** Withdrawing everything this install sent: the user's explicit request, allowed at any tier. */
  | 'withdraw';

export interface TierSpec {
  tier: PrivacyTier;
  name: string;
  shares: string;
  receives: string;
}

export const TIER_SPECS: Record<PrivacyTier, TierSpec> = {
  0: { tier: 0, name: 'Isolated', shares: 'Nothing', receives: 'Nothing' },
  1: { tier: 1, name: 'Receiver', shares: 'Nothing', receives: 'Community packs' },
  2: { tier: 2, name: 'Anonymous', shares: 'Signal statistics only', receives: 'Community packs' },
  3: { tier: 3, name: 'Full', shares: 'Anonymized question-and-answer patterns', receives: 'Community packs' },
};

const LOWEST_TIER: Record<HubPurpose, PrivacyTier> = { pack: 1, signals: 2, patterns: 3, withdraw: 0 };

/** Whether an install at `tier` may make a request to the hub for `purpose`. */
export function tierAllows(tier: PrivacyTier, purpose: HubPurpose): boolean {
  return tier >= LOWEST_TIER[purpose];
}
