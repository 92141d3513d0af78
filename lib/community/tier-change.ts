/**
 * Changing the privacy tier: the new tier is stored and, in the same
 * transaction, what the new tier no longer allows is gone: contributions
 * waiting to be sent that were built for a higher tier (a batch's `tier`),
 * and at tier 0 the community pack received. Sent contributions stay in the
 * log (withdrawing them from the hub is a separate, explicit request).
 */
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { setSetting } from '../db/settings';
import type { PrivacyTier } from '../privacy/tiers';
import { tierAllows } from '../privacy/tiers';
import { PACK_KEY } from './pack/store';

/** The tier a queued contribution was built for: its payload's `tier`; one that does not say counts as the highest. */
function builtFor(payload: unknown): number {
  const tier = (payload as { tier?: unknown } | null)?.tier;
  return typeof tier === 'number' ? tier : 3;
}

/**
 * Deletes contributions not yet sent (queued or previewed) that were built
 * for a tier above `tier`; returns how many. Below tier 2 that is all of
 * them; at tier 2 those holding patterns (tier 3 batches).
 */
export async function discardQueued(db: CodelumiDB, tier: PrivacyTier): Promise<number> {
  const unsent = await db.contributions.where('status').anyOf('queued', 'previewed').toArray();
  const gone = unsent.filter((c) => builtFor(c.payload) > tier).map((c) => c.id);
  await db.contributions.bulkDelete(gone);
  return gone.length;
}

/** What changing the tier did besides storing it. */
export interface TierChange {
  /** Contributions waiting to be sent that the new tier discarded. */
  discarded: number;
  /** The received community pack was deleted (tier 0). */
  packDeleted: boolean;
}

/** Stores `tier` and discards, in the same transaction, what it no longer allows (see the module comment). */
export async function changePrivacyTier(db: CodelumiDB, tier: PrivacyTier): Promise<TierChange> {
  return guardWrite(() =>
    db.transaction('rw', db.settings, db.contributions, db.meta, async () => {
      await setSetting(db, 'privacyTier', tier);
      const discarded = await discardQueued(db, tier);
      const packDeleted = !tierAllows(tier, 'pack') && (await db.meta.get(PACK_KEY)) !== undefined;
      if (packDeleted) await db.meta.delete(PACK_KEY);
      return { discarded, packDeleted };
    }),
  );
}
