'use client';
/**
 * Contributions: what this device shares with the Codelumi Hub at privacy
 * tier 2 or 3, before it leaves. The batch waiting for the user's look (its
 * exact bytes, items to remove), approved batches waiting to be sent, the log
 * of what was sent, and withdrawing all of it.
 */
import Link from 'next/link';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { contributionLog, nextWeeklySend, prepareBatch } from '@/lib/community/queue';
import { readInstallKey } from '@/lib/community/install-key';
import { TIER_SPECS } from '@/lib/privacy/tiers';
import { PageHeader } from '../page-header';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useSettings } from '../../_hooks/use-settings';
import { Section } from '../settings/section';
import { BatchPreview } from './batch-preview';
import { QueuedList, SentLog } from './sent-log';
import { WithdrawSection } from './withdraw-section';

export default function ContributionsPage() {
  const { db, platform } = useServices();
  const toasts = useToasts();
  const settings = useSettings();
  const [nothing, setNothing] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const data = useLiveQuery(async () => {
    const now = platform.now();
    const rows = await db.contributions.orderBy('createdAt').toArray();
    return {
      previewed: rows.filter((r) => r.status === 'previewed'),
      queued: rows.filter((r) => r.status === 'queued'),
      log: await contributionLog(db),
      nextWeekly: await nextWeeklySend(db, now),
      installKey: await readInstallKey(db),
    };
  }, [db, platform]);

  if (!settings || !data) return <PageHeader title="Contributions" />;
  const tier = settings.privacyTier;
  const sharing = tier >= 2;
  const prepare = () => {
    setPreparing(true);
    setNothing(false);
    prepareBatch(db, tier, platform.now())
      .then((row) => setNothing(!row))
      .catch(() =>
        toasts.show({ tone: 'error', text: 'Could not prepare a batch: the local database did not answer.' }),
      )
      .finally(() => setPreparing(false));
  };

  return (
    <>
      <PageHeader title="Contributions" />
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-3xl space-y-6 px-4 py-6">
          <p className="text-sm" data-testid="tier-note">
            Privacy tier {tier}, {TIER_SPECS[tier].name}: shares {TIER_SPECS[tier].shares.toLowerCase()}.{' '}
            {sharing
              ? 'Nothing leaves before you have seen it here and approved it; a new batch is prepared once a week.'
              : 'Nothing is prepared or sent at this tier.'}{' '}
            <Link href="/settings/" className="underline">
              Change it in Settings
            </Link>
            .
          </p>
          {sharing && (
            <Section
              title="Waiting for your look"
              description="Counts and patterns only: kinds of questions, answer styles and signal names. Never your words, code, file paths or keys. Remove anything you do not want to share."
            >
              {data.previewed.length ? (
                data.previewed.map((row) => (
                  <BatchPreview key={row.id} row={row} nextWeekly={data.nextWeekly} tier={tier} />
                ))
              ) : (
                <div className="space-y-2 text-sm" data-testid="no-batch">
                  {nothing ? (
                    <p role="status">
                      Nothing to share yet. Batches hold what Codelumi learned since the last one: signals on answers
                      and, at tier 3, answer styles it is sure of. Keep chatting and look again later.
                    </p>
                  ) : (
                    <p className="text-muted">No batch is waiting for you.</p>
                  )}
                  <button
                    type="button"
                    onClick={prepare}
                    disabled={preparing}
                    className="rounded-md border border-border px-3 py-1.5 hover:bg-subtle disabled:opacity-60"
                  >
                    {preparing ? 'Preparing…' : 'Prepare a batch now'}
                  </button>
                </div>
              )}
            </Section>
          )}
          {(sharing || data.queued.length > 0) && (
            <Section title="Approved, waiting to be sent">
              <QueuedList rows={data.queued} />
            </Section>
          )}
          <Section title="Sent from this device" description="Every batch the hub stored, with the exact bytes sent.">
            <SentLog entries={data.log} />
          </Section>
          <Section title="Withdraw">
            <WithdrawSection settings={settings} installKey={data.installKey} />
          </Section>
        </div>
      </main>
    </>
  );
}
