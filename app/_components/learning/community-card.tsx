'use client';
/**
 * What came from the community on the Learning page: the pack's version and
 * date, which kinds of question it gives an answer style for, and how much
 * each still counts against the user's own results (which override it).
 */
import Link from 'next/link';
import { useLiveQuery } from 'dexie-react-hooks';
import { readStoredPack } from '@/lib/community/pack/store';
import { packSummary } from '@/lib/community/pack/priors';
import { styleLabel } from '@/lib/patterns/classify';
import { OWN_EVIDENCE_ENOUGH } from '@/lib/patterns/priors';
import { tierAllows, TIER_SPECS } from '@/lib/privacy/tiers';
import { useSettings } from '../../_hooks/use-settings';
import { useServices } from '../services';

const date = (iso: string | number) => new Date(iso).toLocaleDateString('en', { dateStyle: 'medium' });

export function CommunityCard() {
  const { db } = useServices();
  const settings = useSettings();
  const data = useLiveQuery(async () => {
    const [stored, patterns] = await Promise.all([readStoredPack(db), db.patterns.toArray()]);
    return { stored, summary: stored.pack ? packSummary(stored.pack, patterns) : [] };
  }, [db]);
  if (!settings || !data) return null;
  const { stored, summary } = data;
  const receives = tierAllows(settings.privacyTier, 'pack');

  return (
    <section
      aria-labelledby="community"
      className="rounded-xl border border-border bg-panel p-5"
      data-testid="community-card"
    >
      <h2 id="community" className="text-sm font-semibold">
        From the community
      </h2>
      <div className="mt-3 space-y-3 text-sm">
        {!receives ? (
          <p className="text-muted">
            Nothing: your privacy tier is {TIER_SPECS[settings.privacyTier].name}, so Codelumi learns only from you.
            From the Receiver tier on, it can start with what works for other users.{' '}
            <Link href="/settings/#section-privacy" className="text-accent-text underline">
              Privacy settings
            </Link>
          </p>
        ) : !stored.pack ? (
          <p className="text-muted">
            {stored.noPackYet ? 'The hub has not published a community pack yet.' : 'No community pack received yet.'}{' '}
            <Link href="/settings/#section-privacy" className="text-accent-text underline">
              Privacy settings
            </Link>
          </p>
        ) : (
          <>
            <p>
              Community pack version {stored.pack.version}, published {date(stored.pack.publishedAt)}
              {stored.receivedAt !== undefined && `, received ${date(stored.receivedAt)}`}. It gives a starting answer
              style for {summary.length} {summary.length === 1 ? 'kind' : 'kinds'} of question, from patterns at least{' '}
              {stored.pack.k} installs reported. Your own results override it: after {OWN_EVIDENCE_ENOUGH} answers of a
              kind, only yours count.
            </p>
            <ul className="space-y-2">
              {summary.map((k) => (
                <li key={k.questionKind} className="flex flex-wrap justify-between gap-x-3">
                  <span>
                    <span className="font-medium">{k.questionKind.replace('/', ' ').replace('_', ' ')}</span> →{' '}
                    {styleLabel(k.style)}
                    <span className="text-muted">
                      {' '}
                      · {Math.round(k.successRate * 100)}% good across {k.installs} installs
                    </span>
                  </span>
                  <span className="text-xs text-muted">
                    {k.weight === 0
                      ? 'Your own answers decide now'
                      : k.ownEvidence > 0
                        ? `Guides until your answers decide (${Math.round(k.ownEvidence)} of ${OWN_EVIDENCE_ENOUGH})`
                        : 'Guides: no answers of your own yet'}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
