'use client';
/**
 * A code block's run: its state (waiting, loading Python with progress,
 * running), then status, duration and test counts (announced politely to
 * screen readers), and the stdout/stderr that streamed in.
 */
import type { LiveRun } from '@/lib/runner/board';
import type { Run } from '@/lib/core/records';
import { isPreviewLanguage } from '@/lib/runner/languages';
import { formatDuration, summarizeRun } from '@/lib/runner/summary';

const TONE = {
  ok: 'border-ok/40 bg-ok-soft text-ok',
  error: 'border-danger/40 bg-danger-soft text-danger',
  timeout: 'border-warn/40 bg-warn-soft text-warn',
} as const;

function Loading({ live }: { live: LiveRun }) {
  const l = live.loading;
  if (live.phase === 'queued') return <span>Waiting for the sandbox…</span>;
  if (live.phase === 'running') return <span>Running…</span>;
  if (l?.runtime === 'python' && l.stage === 'download') {
    const pct = l.total > 0 ? Math.min(100, Math.round((l.loaded / l.total) * 100)) : undefined;
    return (
      <span className="flex flex-1 items-center gap-2">
        <span>Loading Python… {pct !== undefined ? `${pct}%` : `${(l.loaded / 1e6).toFixed(1)} MB`}</span>
        <progress className="h-1.5 max-w-40 flex-1 accent-accent" max={100} value={pct} aria-label="Loading Python" />
      </span>
    );
  }
  if (l?.runtime === 'python') return <span>Starting Python… (first run only)</span>;
  return <span>Loading…</span>;
}

export function RunOutput({ live, stored }: { live?: LiveRun; stored?: Run }) {
  const running = live && live.phase !== 'done';
  const outcome =
    live?.outcome ??
    (live
      ? undefined
      : stored && { ...stored, passed: stored.passed ?? 0, failed: stored.failed ?? 0, truncated: !!stored.truncated });
  const preview = isPreviewLanguage((live?.language ?? stored?.language ?? 'python') as never);
  const output = live
    ? live.output
    : stored
      ? [
          ...(stored.stdout ? [{ stream: 'stdout' as const, text: stored.stdout }] : []),
          ...(stored.stderr ? [{ stream: 'stderr' as const, text: stored.stderr }] : []),
        ]
      : [];
  const summary =
    outcome && !running
      ? summarizeRun({ ...outcome, error: outcome.error as never, timeLimitMs: live?.timeLimitMs, preview })
      : undefined;
  return (
    <div
      className="border-t border-border text-sm"
      data-testid="run-output"
      data-status={running ? 'running' : outcome?.status}
    >
      <div
        className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2"
        role="status"
        aria-live="polite"
        aria-atomic="true"
      >
        {live?.attempt && (
          <span className="rounded bg-accent-soft px-1.5 py-0.5 text-xs font-medium text-accent-text">
            Fix attempt {live.attempt.n} of {live.attempt.of}
          </span>
        )}
        {running && live && (
          <span className="flex flex-1 items-center gap-2 text-muted" data-testid="run-progress">
            <span
              className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent"
              aria-hidden="true"
            />
            <Loading live={live} />
          </span>
        )}
        {summary && (
          <>
            <span
              className={`rounded-md border px-2 py-0.5 text-xs font-semibold ${TONE[summary.tone]}`}
              data-testid="run-status"
            >
              {summary.tone === 'ok' ? 'OK' : summary.tone === 'timeout' ? 'Timeout' : 'Error'}
            </span>
            <span className="font-medium">{summary.title}</span>
            {summary.tests && (
              <span className="text-muted" data-testid="run-tests">
                Tests: {summary.tests}
              </span>
            )}
            {!live && stored && (
              <span className="text-xs text-muted">
                last run {new Date(stored.createdAt).toLocaleString()}
                {stored.edited ? ' · edited code' : ''}
              </span>
            )}
          </>
        )}
      </div>
      {live?.note && <p className="px-3 pb-1 text-xs text-muted">{live.note}</p>}
      {summary?.detail && summary.tone !== 'ok' && !output.some((o) => o.stream === 'stderr') && (
        <p className="px-3 pb-2 text-danger">{summary.detail}</p>
      )}
      {output.length > 0 && (
        <pre
          className="max-h-80 overflow-auto border-t border-border bg-bg px-3 py-2 font-mono text-[12.5px] leading-relaxed whitespace-pre-wrap break-words"
          aria-label="Program output"
          tabIndex={0}
          data-testid="run-stdout"
        >
          {output.map((o, i) => (
            <span key={i} className={o.stream === 'stderr' ? 'text-danger' : undefined} data-stream={o.stream}>
              {o.text}
            </span>
          ))}
        </pre>
      )}
      {outcome && !running && outcome.durationMs > 0 && summary?.tone !== 'ok' && summary?.tone !== 'timeout' && (
        <p className="sr-only">Ran for {formatDuration(outcome.durationMs)}</p>
      )}
    </div>
  );
}
