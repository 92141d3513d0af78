'use client';
/**
 * The learning dashboard: what Codelumi has learned from how the user reacts
 * to its answers, over a chosen period, in charts and in plain words.
 */
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DashboardData } from '@/lib/learning/dashboard';
import { SIGNAL_SPECS, type SignalKind } from '@/lib/signals/kinds';
import { PageHeader } from '../page-header';
import { useServices } from '../services';
import { RefreshIcon } from '../icons';
import { queryKeys } from '@/lib/services/query-keys';
import { CommunityCard } from './community-card';
import { TrainingCard } from './training-card';

const SignalsOverTime = dynamic(() => import('./charts').then((m) => m.SignalsOverTime), {
  ssr: false,
  loading: () => <div className="h-64" />,
});
const OutcomesByTopic = dynamic(() => import('./charts').then((m) => m.OutcomesByTopic), {
  ssr: false,
  loading: () => <div className="h-32" />,
});

const PERIODS = [7, 30, 90] as const;

function Card({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-border bg-panel p-5">
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="text-sm text-muted">{children}</p>;
}

export default function LearningPage() {
  const { analysis } = useServices();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const dashboard = useQuery<DashboardData>({
    queryKey: queryKeys.dashboard.over(days),
    queryFn: async () => {
      await analysis.processNow();
      return analysis.dashboard(days);
    },
    refetchInterval: 20_000,
    refetchOnWindowFocus: true,
  });
  const d = dashboard.data;
  const totalSignals =
    d?.signalsByDay.reduce((n, day) => n + Object.values(day.counts).reduce((a, b) => a + b, 0), 0) ?? 0;

  return (
    <>
      <PageHeader title="Learning">
        <Link href="/contributions/" className="rounded-md px-2 py-1 text-xs text-muted underline hover:text-fg">
          Contributions
        </Link>
        <div role="group" aria-label="Period" className="flex gap-1">
          {PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={days === p}
              onClick={() => setDays(p)}
              className={`rounded-md border px-2.5 py-1 text-xs ${days === p ? 'border-accent bg-accent-soft font-medium text-accent-text' : 'border-border hover:bg-subtle'}`}
            >
              {p} days
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => void dashboard.refetch()}
          className="rounded-md p-1.5 text-muted hover:bg-subtle"
          aria-label="Refresh"
        >
          <RefreshIcon className={`h-4 w-4 ${dashboard.isFetching ? 'animate-spin' : ''}`} />
        </button>
      </PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto grid w-full max-w-5xl gap-4 px-4 py-6 lg:grid-cols-2">
          {dashboard.isError && (
            <p className="text-sm text-danger lg:col-span-2">
              The learning figures could not be read. Reload the page to restart the analysis worker.
            </p>
          )}
          <div className="lg:col-span-2">
            <Card title="What Codelumi learned this week" id="week">
              {d ? (
                <ul className="space-y-1.5 text-sm" data-testid="week-summary">
                  {d.summary.map((line) => (
                    <li key={line} className="flex gap-2">
                      <span aria-hidden="true" className="text-accent-text">
                        •
                      </span>
                      {line}
                    </li>
                  ))}
                </ul>
              ) : (
                <Empty>Reading what was learned…</Empty>
              )}
              {d && (
                <p className="mt-3 text-xs text-muted">
                  Last {d.periodDays} days: {d.totals.answers} answers, {d.totals.positive} went well,{' '}
                  {d.totals.negative} did not; {d.totals.signals} signals; {d.totals.memories} memories in all (
                  <Link href="/memory/" className="underline">
                    see and edit them
                  </Link>
                  ).
                </p>
              )}
            </Card>
          </div>
          <div className="lg:col-span-2">
            <Card title="Signals by kind over time" id="signals">
              {d && totalSignals > 0 ? (
                <SignalsOverTime data={d.signalsByDay} />
              ) : (
                <Empty>No signals in this period yet. They appear as you copy, run, thank, correct or ask again.</Empty>
              )}
            </Card>
          </div>
          <Card title="Answers that went well, by topic" id="topics">
            {d && d.topics.length > 0 ? (
              <OutcomesByTopic data={d.topics} />
            ) : (
              <Empty>No answers with a clear outcome in this period yet.</Empty>
            )}
          </Card>
          <Card title="Strongest patterns" id="patterns">
            {d && d.patterns.length > 0 ? (
              <ul className="space-y-3 text-sm">
                {d.patterns.map((p) => (
                  <li key={p.id}>
                    <div className="flex justify-between gap-2">
                      <span>
                        <span className="font-medium">{p.topic}</span> {p.intent.replace('_', ' ')} → {p.label}
                      </span>
                      <span className="shrink-0 text-xs text-muted">{Math.round(p.evidence)} answers</span>
                    </div>
                    <div className="mt-1 flex items-center gap-2">
                      <div
                        className="h-1.5 flex-1 overflow-hidden rounded-full bg-subtle"
                        role="meter"
                        aria-valuemin={0}
                        aria-valuemax={100}
                        aria-valuenow={Math.round(p.confidence * 100)}
                        aria-label={`Confidence for ${p.topic} ${p.intent} → ${p.label}`}
                      >
                        <div
                          className="h-full rounded-full bg-accent"
                          style={{ width: `${Math.round(p.confidence * 100)}%` }}
                        />
                      </div>
                      <span className="w-24 text-right text-xs text-muted">
                        {Math.round(p.successRate * 100)}% good · {Math.round(p.confidence * 100)}% sure
                      </span>
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>Patterns form once a few answers have clear outcomes.</Empty>
            )}
          </Card>
          <CommunityCard />
          <TrainingCard />
          <Card title="Ranking of earlier conversations" id="reranker">
            {d ? (
              <div className="space-y-2 text-sm" data-testid="reranker">
                {d.reranker.trainedOn < d.reranker.needed ? (
                  <p>
                    Codelumi ranks related earlier conversations by relevance for now. It learns its own ranking from
                    how answers that used them went: {d.reranker.trainedOn} of {d.reranker.needed} outcomes so far.
                  </p>
                ) : (
                  <>
                    <p>
                      Learned from {d.reranker.trainedOn} outcomes on this device.{' '}
                      {d.reranker.auc !== undefined && d.reranker.baselineAuc !== undefined
                        ? `On the newest ${d.reranker.heldOut} it picks helpful context ${d.reranker.auc >= d.reranker.baselineAuc ? 'better' : 'worse'} than the untrained order (${Math.round(d.reranker.auc * 100)}% vs ${Math.round(d.reranker.baselineAuc * 100)}%, where 50% is chance).`
                        : 'Not enough varied outcomes yet to compare it with the untrained order.'}
                    </p>
                    <p className="text-muted">
                      {d.reranker.inUse
                        ? 'The learned ranking is in use.'
                        : 'The untrained order stays in use until the learned one does better.'}
                    </p>
                  </>
                )}
              </div>
            ) : (
              <Empty>Reading…</Empty>
            )}
          </Card>
          <Card title="Recent signals and how sure Codelumi is" id="recent-signals">
            {d && d.recentSignals.length > 0 ? (
              <ul className="space-y-2 text-sm" data-testid="recent-signals">
                {d.recentSignals.map((s) => (
                  <li key={s.id} data-signal={s.kind} data-corrected={s.correctedFrom ? 'true' : undefined}>
                    <div className="flex justify-between gap-2">
                      <span className={s.polarity > 0 ? 'text-ok' : 'text-danger'}>{s.label}</span>
                      <span className="shrink-0 text-xs text-muted">
                        {s.correctedFrom
                          ? `corrected by you (was ${SIGNAL_SPECS[s.correctedFrom as SignalKind]?.label ?? s.correctedFrom})`
                          : `${Math.round(s.confidence * 100)}% sure${s.judgedBy ? `, checked by ${s.judgedBy}` : ''}`}
                      </span>
                    </div>
                    <p className="truncate text-xs text-muted" title={s.evidence}>
                      {s.evidence}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No signals in this period yet.</Empty>
            )}
          </Card>
          <Card title="Signals you corrected" id="signal-corrections">
            {d && d.signalCorrections.length > 0 ? (
              <ul className="space-y-2 text-sm" data-testid="signal-corrections">
                {d.signalCorrections.map((c) => (
                  <li key={c.id}>
                    “{SIGNAL_SPECS[c.from as SignalKind]?.label ?? c.from}” →{' '}
                    {c.to === 'none' ? 'removed' : `“${SIGNAL_SPECS[c.to as SignalKind]?.label ?? c.to}”`}
                    <p className="truncate text-xs text-muted" title={c.evidence}>
                      {c.evidence}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>
                None yet. Use “Not right?” under an answer when Codelumi misread your reaction; it learns from that.
              </Empty>
            )}
          </Card>
          <Card title="Recent corrections" id="corrections">
            {d && d.corrections.length > 0 ? (
              <ul className="space-y-2 text-sm">
                {d.corrections.map((c) => (
                  <li key={c.id} className={c.enabled ? '' : 'text-muted line-through'}>
                    {c.text}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>
                No corrections in this period. When you tell Codelumi it got something wrong and what is right, it
                remembers.
              </Empty>
            )}
          </Card>
          <Card title="New memories" id="memories">
            {d && d.newMemories.length > 0 ? (
              <ul className="space-y-2 text-sm">
                {d.newMemories.map((m) => (
                  <li key={m.id}>
                    {m.text}{' '}
                    <span className="text-xs text-muted">
                      · {m.source === 'inferred' ? 'learned' : m.source === 'explicit' ? 'you said it' : 'added by you'}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No new memories in this period.</Empty>
            )}
          </Card>
        </div>
      </main>
    </>
  );
}
