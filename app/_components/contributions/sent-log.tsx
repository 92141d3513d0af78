'use client';
/**
 * Approved batches waiting to leave (when, tries, the last problem) and the
 * log of what was sent: date, batch id and the exact bytes.
 */
import type { Contribution } from '@/lib/core/records';
import { batchBody, batchOf, discardBatch, sendNow, type SentEntry } from '@/lib/community/queue';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { formatBytes, formatWhen } from './format';

/** Approved batches not yet stored by the hub. */
export function QueuedList({ rows }: { rows: Contribution[] }) {
  const { db, platform } = useServices();
  const toasts = useToasts();
  const fail = () => toasts.show({ tone: 'error', text: 'Could not save that. Storage may be full.' });
  if (!rows.length) return <p className="text-sm text-muted">Nothing is waiting to be sent.</p>;
  return (
    <ul className="space-y-3" data-testid="queued">
      {rows.map((row) => (
        <li key={row.id} className="rounded-lg border border-border p-3 text-sm" data-batch-id={row.id}>
          <p>
            Batch of {formatWhen(row.createdAt)} · {formatBytes(row.body ?? batchBody(batchOf(row)))} ·{' '}
            {row.nextAttemptAt && row.nextAttemptAt > platform.now()
              ? `leaves ${formatWhen(row.nextAttemptAt)}`
              : 'leaving now'}
            {row.attempts ? ` · ${row.attempts} ${row.attempts === 1 ? 'try' : 'tries'} so far` : ''}
          </p>
          {row.lastError && (
            <p role="status" className="mt-1 text-danger">
              Last try: {row.lastError.message} It is tried again by itself; nothing is lost.
            </p>
          )}
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() => void sendNow(db, row.id, platform.now()).catch(fail)}
              className="rounded-md border border-border px-2.5 py-1 text-xs hover:bg-subtle"
            >
              Send now
            </button>
            <button
              type="button"
              onClick={() => void discardBatch(db, row.id).catch(fail)}
              className="rounded-md border border-border px-2.5 py-1 text-xs text-danger hover:bg-subtle"
            >
              Discard
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Everything sent, newest first, each with its exact bytes. */
export function SentLog({ entries }: { entries: SentEntry[] }) {
  if (!entries.length) return <p className="text-sm text-muted">Nothing has been sent from this device.</p>;
  return (
    <ul className="space-y-2" data-testid="sent-log">
      {entries.map((e) => (
        <li key={e.batchId} className="rounded-lg border border-border p-3 text-sm" data-batch-id={e.batchId}>
          <details>
            <summary className="cursor-pointer">
              {formatWhen(e.sentAt)} · tier {e.tier} · {e.bytes.toLocaleString('en')} bytes
              {e.withdrawnAt ? ` · withdrawn ${formatWhen(e.withdrawnAt)}` : ''}
              <span className="block break-all text-xs text-muted">Batch id {e.batchId}</span>
            </summary>
            <pre
              tabIndex={0}
              aria-label={`The exact bytes sent in batch ${e.batchId}`}
              className="mt-2 max-h-64 overflow-auto rounded-lg border border-border bg-code-bg p-3 font-mono text-xs"
            >
              {e.body}
            </pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
