/**
 * Changing the privacy tier: the new tier is stored and, in the same
 * transaction, what the new tier no longer allows is gone: contributions
 * waiting to be sent that were built for a higher tier are set aside, never
 * to be sent (queue.ts `discardQueued`),
 * and at tier 0 the community pack received. Sent contributions stay in the
 * log (withdrawing them from the hub is a separate, explicit request).
 */
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { setSetting } from '../db/settings';
import type { PrivacyTier } from '../privacy/tiers';
import { tierAllows } from '../privacy/tiers';
import { PACK_KEY } from './pack/store';
import { discardQueued } from './queue';

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
