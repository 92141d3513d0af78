'use client';
/**
 * What Codelumi keeps on this device: whether the browser promised to keep
 * it, how much it takes of the site's quota, and what it is made of.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { countRows } from '@/lib/db/table-counts';
import { cacheBytes, usageByKind, type KindUsage } from '@/lib/pwa/usage';
import { formatBytes } from '@/lib/ollama/models';
import { readStorageReport, requestPersistence, usageParts, usageShare, type StorageReport } from '@/lib/pwa/storage';
import { queryKeys } from '@/lib/services/query-keys';
import { useServices } from '../services';
import { Section } from './section';

/** Each kind of data's estimated size, and the app's Cache Storage. */
interface KindsReport {
  kinds: KindUsage[];
  cache?: number;
}

/** What each kind of data takes, estimated (lib/pwa/usage.ts), largest first. */
function UsageByKind({ report }: { report: KindsReport }) {
  const parts = [
    ...report.kinds
      .filter((k) => k.rows > 0)
      .map((k) => ({ key: k.kind, label: k.label, bytes: k.bytes, rows: k.rows })),
    ...(report.cache
      ? [{ key: 'cache', label: 'App files for offline use', bytes: report.cache, rows: undefined }]
      : []),
  ].sort((a, b) => b.bytes - a.bytes);
  return (
    <div>
      <h3 className="font-medium">By kind of data</h3>
      <p className="text-muted">An estimate, from the size of a sample of rows; the browser’s own total is above.</p>
      <dl className="mt-2 grid grid-cols-[1fr_auto_auto] gap-x-6 gap-y-1" data-testid="usage-by-kind">
        {parts.map((p) => (
          <div key={p.key} className="contents" data-kind={p.key}>
            <dt className="text-muted">{p.label}</dt>
            <dd className="text-right tabular-nums text-muted">
              {p.rows === undefined ? '' : `${p.rows.toLocaleString('en')} ${p.rows === 1 ? 'row' : 'rows'}`}
            </dd>
            <dd className="text-right font-medium tabular-nums">≈ {formatBytes(p.bytes)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

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
  const { db, queryClient } = useServices();
  // Queries, so that whatever changes the data in bulk (a restore, an import) refreshes them by invalidating `storage`.
  const { data: report, error: reportError } = useQuery({
    queryKey: queryKeys.storage.report,
    queryFn: () => readStorageReport(navigator.storage, () => countRows(db)),
  });
  const { data: kinds, error: kindsError } = useQuery({
    queryKey: queryKeys.storage.kinds,
    queryFn: async (): Promise<KindsReport> => {
      const [byKind, cache] = await Promise.all([
        usageByKind(db),
        cacheBytes(report?.details ?? {}, globalThis.caches).catch(() => undefined),
      ]);
      return { kinds: byKind, cache };
    },
    enabled: report !== undefined,
  });
  useEffect(() => {
    for (const err of [reportError, kindsError]) if (err) console.error('Codelumi could not read its storage use', err);
  }, [reportError, kindsError]);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.storage.all });
  const ask = () => void requestPersistence(navigator.storage).then(refresh);

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
          {kinds ? <UsageByKind report={kinds} /> : <p className="text-muted">Estimating each kind of data…</p>}
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
