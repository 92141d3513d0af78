'use client';
/** Changing the privacy tier from the UI: stored at once, what the new tier forbids discarded, said in a toast. */
import { changePrivacyTier } from '@/lib/community/tier-change';
import { isCodelumiError } from '@/lib/core/errors';
import { tierAllows, TIER_SPECS, type PrivacyTier } from '@/lib/privacy/tiers';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { mirrorConnectPolicy, pageMayConnect, reloadForPolicy } from './connect-policy';

/** What the tier change said, in words for a toast. */
function sayChange(tier: PrivacyTier, discarded: number, packDeleted: boolean): string {
  const parts = [`Privacy: ${TIER_SPECS[tier].name}.`];
  if (tier === 0) parts.push('Nothing leaves this device but prompts to your Ollama.');
  if (discarded)
    parts.push(`${discarded} ${discarded === 1 ? 'contribution' : 'contributions'} waiting to be sent discarded.`);
  if (packDeleted) parts.push('The community pack received was deleted.');
  return parts.join(' ');
}

/**
 * Returns the function that switches to a tier. A tier that needs the hub on
 * a page whose connect-src was narrowed without it reloads the page (after
 * saying so), so the next request may reach the hub. Never throws.
 */
export function useChangeTier(): (tier: PrivacyTier, hubUrl: string) => Promise<void> {
  const { db, platform, settings } = useServices();
  const toasts = useToasts();
  return async (tier, hubUrl) => {
    try {
      const { discarded, packDeleted } = await changePrivacyTier(db, tier);
      const said = sayChange(tier, discarded, packDeleted);
      if (tierAllows(tier, 'pack') && !pageMayConnect(hubUrl)) {
        // This page's connect-src was narrowed at boot without the hub: start again with it.
        mirrorConnectPolicy({ ...settings.current(), privacyTier: tier, hubUrl });
        reloadForPolicy(() => platform.reload(), `${said} Codelumi reloaded so this page may reach the hub.`);
        return;
      }
      toasts.show({ text: said, tone: 'success' });
    } catch (err) {
      toasts.show({
        tone: 'error',
        text:
          isCodelumiError(err) && err.code === 'quota:db'
            ? 'Storage is full: the privacy tier was not changed.'
            : 'Could not change the privacy tier; it stays as it was.',
      });
    }
  };
}
