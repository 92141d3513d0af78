'use client';
/**
 * One batch waiting for the user's look: every item with a Remove button, the
 * exact bytes that would be sent, what was taken out (the anonymizer's finds
 * highlighted), and the choice to send it now, at the weekly send, or not at all.
 */
import type { Contribution, ContributionRemoval } from '@/lib/core/records';
import type { PatternContribution, SignalCount } from '@/lib/privacy/hub-api';
import { approveBatch, batchBody, batchOf, discardBatch, removeItem } from '@/lib/community/queue';
import { SIGNAL_SPECS } from '@/lib/signals/kinds';
import { styleLabel } from '@/lib/patterns/classify';
import type { PrivacyTier } from '@/lib/privacy/tiers';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { formatBytes, formatWhen } from './format';

function signalText(s: SignalCount): string {
  return `${s.questionKind} · ${SIGNAL_SPECS[s.signal]?.label ?? s.signal} · ${s.week} · ${s.count}×`;
}

function patternText(p: PatternContribution): string {
  return `${p.questionKind} → ${styleLabel(p.answerStyle)} · ${p.successes} went well, ${p.failures} did not`;
}

function removalText(r: ContributionRemoval): string {
  return r.section === 'signals' ? signalText(r.item as SignalCount) : patternText(r.item as PatternContribution);
}

/** The item lists of a batch, each item removable. */
function Items({ row }: { row: Contribution }) {
  const { db } = useServices();
  const toasts = useToasts();
  const batch = batchOf(row);
  const remove = (section: 'signals' | 'patterns', index: number) =>
    void removeItem(db, row.id, section, index).catch(() =>
      toasts.show({ tone: 'error', text: 'Could not remove it. Storage may be full; nothing was sent.' }),
    );
  const list = (section: 'signals' | 'patterns', texts: string[]) =>
    texts.map((text, i) => (
      <li key={`${section}-${text}`} className="flex items-start justify-between gap-2 py-1.5">
        <span className="min-w-0 break-words font-mono text-xs">{text}</span>
        <button
          type="button"
          onClick={() => remove(section, i)}
          aria-label={`Remove ${text}`}
          className="shrink-0 rounded-md border border-border px-2 py-0.5 text-xs hover:bg-subtle"
        >
          Remove
        </button>
      </li>
    ));
  return (
    <div className="space-y-3">
      <div>
        <h4 className="text-sm font-medium">Signal counts ({batch.signals.length})</h4>
        <ul className="mt-1 divide-y divide-border" data-testid="preview-signals">
          {list('signals', batch.signals.map(signalText))}
        </ul>
      </div>
      {batch.tier === 3 && (
        <div>
          <h4 className="text-sm font-medium">Patterns ({batch.patterns.length})</h4>
          {batch.patterns.length ? (
            <ul className="mt-1 divide-y divide-border" data-testid="preview-patterns">
              {list('patterns', batch.patterns.map(patternText))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-muted">
              No pattern is sure enough yet (it takes at least 5 answers of a kind that clearly went one way).
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** What was taken out before sending: the anonymizer's finds highlighted, the user's own removals plain. */
function Removed({ removed }: { removed: ContributionRemoval[] }) {
  if (!removed.length) return null;
  return (
    <div>
      <h4 className="text-sm font-medium">Taken out, not sent ({removed.length})</h4>
      <ul className="mt-1 space-y-1 text-xs" data-testid="preview-removed">
        {removed.map((r, i) => (
          <li key={i} className="flex flex-wrap items-baseline gap-x-2">
            {r.by === 'anonymizer' ? (
              <mark className="rounded bg-warn-soft px-1 font-mono text-warn">{removalText(r)}</mark>
            ) : (
              <span className="font-mono text-muted line-through">{removalText(r)}</span>
            )}
            <span className="text-muted">
              {r.by === 'anonymizer'
                ? `by the anonymizer: it found ${(r.kinds ?? []).join(', ') || 'private data'}`
                : 'by you'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The batch waiting for the user, with the exact bytes and the choices. */
export function BatchPreview({
  row,
  nextWeekly,
  tier,
}: {
  row: Contribution;
  nextWeekly: number;
  /** The privacy tier now: a batch built for a higher one cannot be sent. */
  tier: PrivacyTier;
}) {
  const { db, platform } = useServices();
  const toasts = useToasts();
  const body = batchBody(batchOf(row));
  const fail = () =>
    toasts.show({ tone: 'error', text: 'Could not save that. Storage may be full; nothing was sent.' });
  const approve = (sendNow: boolean) => {
    const now = platform.now();
    void approveBatch(db, row.id, now, { sendNow, shown: body })
      .then((r) => {
        if (!r) {
          toasts.show({
            tone: 'error',
            text: 'Nothing was approved: this batch was already approved or set aside (in another tab?).',
          });
          return;
        }
        if (r.status === 'previewed' && r.rebuiltAt !== now) {
          toasts.show({
            tone: 'error',
            text: 'Not approved: this batch changed in another tab. Look at it again; nothing was sent.',
          });
          return;
        }
        if (r.status !== 'queued') {
          toasts.show({
            tone: 'error',
            text:
              r.status === 'discarded'
                ? 'Not sent: every conversation this batch drew on was deleted or kept out of learning. It was set aside.'
                : 'Not sent yet: a conversation this batch drew on was deleted or kept out of learning, so it was rebuilt without it. Look at it again.',
          });
          return;
        }
        const at = r?.nextAttemptAt ?? nextWeekly;
        toasts.show({
          text:
            sendNow || at <= platform.now()
              ? 'Approved; sending it now.'
              : `Approved; it leaves with the weekly send (${formatWhen(at)}).`,
        });
      })
      .catch(fail);
  };
  const titleId = `batch-${row.id}`;
  const builtFor = row.tier ?? batchOf(row).tier;
  return (
    <article aria-labelledby={titleId} className="space-y-4" data-testid="batch-preview" data-batch-id={row.id}>
      <div>
        <h3 id={titleId} className="text-sm font-semibold">
          Batch of {formatWhen(row.createdAt)} · tier {builtFor} · {formatBytes(body)}
        </h3>
        <p className="mt-0.5 break-all text-xs text-muted">Batch id {row.id}</p>
      </div>
      {row.lastError && (
        <div role="alert" className="rounded-lg border border-danger bg-danger-soft p-3 text-sm text-danger">
          The hub refused this batch{row.lastError.status ? ` (${row.lastError.status})` : ''}: {row.lastError.message}
          {row.lastError.findings?.length ? ` It found: ${row.lastError.findings.join(', ')}.` : ''} Remove what it
          objects to and approve again, or set the batch aside.
        </div>
      )}
      {row.rebuiltAt && (
        <p role="status" className="text-sm text-warn" data-testid="rebuilt-note">
          Rebuilt {formatWhen(row.rebuiltAt)} without conversations deleted or kept out of learning since it was
          prepared.
        </p>
      )}
      {builtFor < tier && (
        <p className="text-sm text-muted">
          Prepared at tier {builtFor}, so it holds signal statistics only; the next batch also holds patterns.
        </p>
      )}
      {builtFor > tier && (
        <p role="status" className="text-sm text-danger">
          Prepared at tier {builtFor}, above your tier now: it cannot be sent. Discard it; the next batch follows your
          tier.
        </p>
      )}
      <Items row={row} />
      <Removed removed={row.removed ?? []} />
      <div>
        <h4 className="text-sm font-medium">Exactly what would be sent</h4>
        <pre
          tabIndex={0}
          aria-label="The exact JSON that would be sent"
          data-testid="preview-json"
          className="mt-1 max-h-80 overflow-auto rounded-lg border border-border bg-code-bg p-3 font-mono text-xs"
        >
          {body}
        </pre>
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => approve(true)}
          disabled={builtFor > tier}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-50"
        >
          Send now
        </button>
        <button
          type="button"
          onClick={() => approve(false)}
          disabled={builtFor > tier}
          className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-subtle disabled:opacity-50"
        >
          Approve for the weekly send
        </button>
        <button
          type="button"
          onClick={() =>
            void discardBatch(db, row.id)
              .then(() => toasts.show({ text: 'Batch set aside. Nothing in it will be sent.' }))
              .catch(fail)
          }
          className="rounded-md border border-border px-3 py-1.5 text-sm text-danger hover:bg-subtle"
        >
          Discard batch
        </button>
      </div>
    </article>
  );
}
