'use client';
/**
 * What Codelumi keeps on this device: whether the browser promised to keep
 * it, how much it takes of the site's quota, and what it is made of.
 */
import { useCallback, useEffect, useState } from 'react';
import { countRows } from '@/lib/db/table-counts';
import { formatBytes } from '@/lib/ollama/models';
import { readStorageReport, requestPersistence, usageParts, usageShare, type StorageReport } from '@/lib/pwa/storage';
import { useServices } from '../services';
import { Section } from './section';

/** The tables a person recognises, in the order they care about. */
const TABLES: [table: string, one: string, many: string][] = [
  ['conversations', 'conversation', 'conversations'],
  ['messages', 'message', 'messages'],
  ['memories', 'memory', 'memories'],
  ['signals', 'signal', 'signals'],
  ['patterns', 'learned pattern', 'learned patterns'],
  ['drafts', 'draft', 'drafts'],
];

function PersistenceLine({ report, onAsk }: { report: StorageReport; onAsk: () => void }) {
  if (report.persistence === 'granted') {
    return <p>Kept on this device: the browser will not clear Codelumi’s data to free space.</p>;
  }
  if (report.persistence === 'unsupported') {
    return <p>This browser does not say whether it keeps Codelumi’s data when space runs low.</p>;
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="min-w-0 flex-1">
        Not protected yet: when the disk is nearly full, the browser may clear Codelumi’s data.
      </p>
      <button
        type="button"
        onClick={onAsk}
        className="rounded-lg border border-border bg-bg px-3 py-1.5 text-sm font-medium hover:bg-subtle"
      >
        Keep my data
      </button>
    </div>
  );
}

export function StorageSection() {
  const { db } = useServices();
  const [report, setReport] = useState<StorageReport | null>(null);

  const refresh = useCallback(() => {
    void readStorageReport(navigator.storage, () => countRows(db)).then(setReport);
  }, [db]);
  useEffect(refresh, [refresh]);

  const ask = () => void requestPersistence(navigator.storage).then(refresh);
  const rows = new Map(report?.tables.map((t) => [t.table, t.rows]));
  const counts = TABLES.filter(([t]) => (rows.get(t) ?? 0) > 0).map(([t, one, many]) => {
    const n = rows.get(t)!;
    return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  });

  return (
    <Section title="Storage" description="Everything Codelumi knows lives in this browser, on this device.">
      {!report ? (
        <p className="text-sm text-muted">Reading…</p>
      ) : (
        <div className="space-y-4 text-sm" data-testid="storage-report">
          <PersistenceLine report={report} onAsk={ask} />
          {report.usage !== undefined && report.quota !== undefined && (
            <div>
              <p>
                Codelumi stores <strong>{formatBytes(report.usage)}</strong> of the {formatBytes(report.quota)} this
                browser allows it.
              </p>
              <div
                className="mt-2 h-2 overflow-hidden rounded-full bg-subtle"
                role="progressbar"
                aria-label="Storage used"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(usageShare(report) * 100)}
              >
                <div
                  className="h-full rounded-full bg-accent"
                  style={{ width: `${Math.max(1, usageShare(report) * 100)}%` }}
                />
              </div>
            </div>
          )}
          {usageParts(report.details).length > 0 && (
            <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-1">
              {usageParts(report.details).map((p) => (
                <div key={p.label} className="contents">
                  <dt className="text-muted">{p.label}</dt>
                  <dd className="text-right font-medium tabular-nums">{formatBytes(p.bytes)}</dd>
                </div>
              ))}
            </dl>
          )}
          {counts.length > 0 && <p className="text-muted">{counts.join(' · ')}</p>}
          <button
            type="button"
            onClick={refresh}
            className="rounded-lg border border-border px-3 py-1.5 text-sm hover:bg-subtle"
          >
            Refresh
          </button>
        </div>
      )}
    </Section>
  );
}
