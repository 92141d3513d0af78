'use client';
/**
 * The privacy tier, offered once on first run: a card above the page (not a
 * dialog that blocks the app), with Isolated chosen. Choosing keeps the
 * choice; closing it keeps Isolated. Either way it never comes back; the tier
 * stays changeable in Settings → Privacy.
 */
import { useState } from 'react';
import Link from 'next/link';
import type { PrivacyTier } from '@/lib/privacy/tiers';
import { setSetting } from '@/lib/db/settings';
import { useSettings } from '../../_hooks/use-settings';
import { useServices } from '../services';
import { CloseIcon } from '../icons';
import { TierChoice } from './tier-choice';
import { useChangeTier } from './use-change-tier';

const report = (err: unknown) => console.error('Codelumi could not keep the privacy choice', err);

export function FirstRunPrivacyOffer() {
  const settings = useSettings();
  const { db, temporary } = useServices();
  const changeTier = useChangeTier();
  const [tier, setTier] = useState<PrivacyTier>(0);
  const [busy, setBusy] = useState(false);
  if (!settings || settings.privacyTierOffered || temporary) return null;

  const finish = async (chosen: PrivacyTier) => {
    setBusy(true);
    try {
      // Seen first: a tier that reloads the page to reach the hub must not bring the offer back.
      await setSetting(db, 'privacyTierOffered', true);
      if (chosen !== settings.privacyTier) await changeTier(chosen, settings.hubUrl);
    } catch (err) {
      report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-labelledby="privacy-offer-title"
      data-testid="privacy-offer"
      data-keeps-focus
      className="shrink-0 border-b border-border bg-subtle px-4 py-3"
    >
      <div className="mx-auto flex max-w-3xl items-start gap-3">
        <div className="min-w-0 flex-1 space-y-2">
          <h2 id="privacy-offer-title" className="text-sm font-semibold">
            Your privacy: Codelumi keeps everything on this device
          </h2>
          <p className="text-sm text-muted">
            If you like, it can also receive what works for other Codelumi users, or share anonymous counts of what
            works for you. Your code, files, keys and words never leave. You can change this any time in Settings →
            Privacy.
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void finish(tier);
            }}
            className="space-y-2"
          >
            {/* On a phone the four tiers would fill the screen: the choice is one tap away in Settings instead. */}
            <div className="hidden sm:block">
              <TierChoice
                name="privacy-offer-tier"
                legend="Choose a privacy tier"
                value={tier}
                onChange={setTier}
                disabled={busy}
              />
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="submit"
                disabled={busy}
                className="rounded-lg bg-accent px-4 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-60"
              >
                {tier === 0 ? 'Keep Isolated' : 'Use this tier'}
              </button>
              <Link
                href="/settings/#section-privacy"
                onClick={() => void setSetting(db, 'privacyTierOffered', true).catch(report)}
                className="text-sm text-accent-text underline sm:hidden"
              >
                Choose a tier in Settings
              </Link>
            </div>
          </form>
        </div>
        <button
          type="button"
          onClick={() => void finish(0)}
          disabled={busy}
          className="rounded-md p-1 text-muted hover:bg-bg hover:text-fg"
          aria-label="Close and stay Isolated"
        >
          <CloseIcon className="h-4 w-4" />
        </button>
      </div>
    </section>
  );
}
