'use client';
/**
 * What a project's scan is doing now (files read, indexed, skipped) or what
 * the last one found, with every skipped path class explained.
 */
import type { ProjectScanStats, SkipReason } from '@/lib/core/records';
import type { ScanProgress } from '@/lib/projects/indexer';
import { describeSkip } from '@/lib/projects/rules';
import { formatBytes } from '@/lib/ollama/models';
import { RedactedFiles } from './redacted-files';

const PHASE: Record<ScanProgress['phase'], string> = {
  reading: 'Reading files',
  saving: 'Saving',
  detecting: 'Detecting the stack',
  done: 'Done',
};

function skipped(counts: Partial<Record<SkipReason, number>>): [SkipReason, number][] {
  return (Object.entries(counts) as [SkipReason, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}

const total = (counts: Partial<Record<SkipReason, number>>) => skipped(counts).reduce((n, [, c]) => n + c, 0);

/** "3 minutes ago". */
function ago(at: number, now = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return 'just now';
  if (Math.abs(seconds) < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

/** Live progress of a running scan. */
export function ScanProgressView({ progress, onCancel }: { progress: ScanProgress; onCancel: () => void }) {
  const skips = total(progress.skipped);
  return (
    <div className="rounded-lg border border-accent bg-accent-soft/40 p-3" data-scan="running">
      <div className="flex flex-wrap items-center gap-2">
        <p role="status" className="text-sm font-medium">
          {PHASE[progress.phase]}… {progress.indexed.toLocaleString('en')} indexed, {skips.toLocaleString('en')} skipped
        </p>
        <button type="button" onClick={onCancel} className="ml-auto rounded-md px-2 py-0.5 text-xs hover:bg-subtle">
          Cancel
        </button>
      </div>
      <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-subtle" aria-hidden="true">
        <div className="h-full w-1/3 rounded-full bg-accent motion-safe:animate-[scan_1.2s_ease-in-out_infinite]" />
      </div>
      <p className="mt-1.5 truncate font-mono text-xs text-muted" title={progress.current}>
        {progress.current ?? ' '}
      </p>
      {skips > 0 && (
        <p className="text-xs text-muted">
          Skipped:{' '}
          {skipped(progress.skipped)
            .map(([reason, n]) => describeSkip(reason, n))
            .join(', ')}
        </p>
      )}
    </div>
  );
}

/** What the last scan found: files, size, when, and what was skipped and why. */
export function ScanSummary({ stats }: { stats: ProjectScanStats }) {
  const skips = skipped(stats.skipped);
  const { added, updated, removed } = stats.changes;
  const changed = [added && `${added} new`, updated && `${updated} changed`, removed && `${removed} removed`]
    .filter(Boolean)
    .join(', ');
  return (
    <div className="text-sm" data-scan="done">
      <p>
        <span className="font-medium" data-testid="file-count">
          {stats.files.toLocaleString('en')} file{stats.files === 1 ? '' : 's'} indexed
        </span>
        <span className="text-muted">
          {' '}
          · {formatBytes(stats.bytes)} · scanned {ago(stats.scannedAt)}
          {changed && ` · ${changed}`}
        </span>
      </p>
      {stats.redacted && stats.redacted.files > 0 && <RedactedFiles redacted={stats.redacted} />}
      {skips.length > 0 && (
        <details className="mt-1 text-xs text-muted">
          <summary className="cursor-pointer" data-testid="skip-summary">
            Skipped {total(stats.skipped).toLocaleString('en')}:{' '}
            {skips.map(([reason, n]) => describeSkip(reason, n)).join(', ')}
          </summary>
          <ul className="mt-1 space-y-1 pl-4">
            {skips.map(([reason, n]) => (
              <li key={reason} data-skip-reason={reason}>
                <span className="text-fg">{describeSkip(reason, n)}</span>
                {stats.examples[reason]?.length ? (
                  <span className="font-mono">
                    {': '}
                    {stats.examples[reason]!.join(', ')}
                    {n > stats.examples[reason]!.length ? ', …' : ''}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="mt-1">
            Always skipped: dependencies, version control and build output, binaries, likely secrets (.env, keys),
            lockfiles (they only tell the package manager) and files over 512 KB. Secrets inside the other files are
            replaced by placeholders before indexing. Folders count once each: nothing inside a skipped folder is read.
          </p>
        </details>
      )}
    </div>
  );
}
