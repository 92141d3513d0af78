'use client';
import type { PullState } from '@/lib/ollama/pull-manager';
import { formatBytes } from '@/lib/ollama/models';
import { useServices } from '../services';

function describeStatus(state: PullState): string {
  const p = state.progress;
  if (state.status === 'done') return 'Installed';
  if (state.status === 'cancelled') return 'Cancelled';
  if (state.status === 'failed') return state.error ?? 'Failed';
  if (p.status.startsWith('pulling ') && p.totalBytes > 0) {
    const percent = p.percent === undefined ? '' : `${Math.floor(p.percent)}% · `;
    const speed = p.bytesPerSecond > 0 ? ` · ${formatBytes(p.bytesPerSecond)}/s` : '';
    return `${percent}${formatBytes(p.completedBytes)} of ${formatBytes(p.totalBytes)}${speed}`;
  }
  if (p.status === 'pulling manifest' || p.status === 'starting') return 'Starting…';
  if (p.status.startsWith('verifying')) return 'Verifying…';
  if (p.status.startsWith('writing')) return 'Finishing…';
  return p.status;
}

/** A live progress bar for one pull, with Cancel while it runs and Dismiss after. */
export function PullProgressRow({ state }: { state: PullState }) {
  const { pulls } = useServices();
  const percent = state.progress.percent;
  const rounded = percent === undefined ? undefined : Math.floor(percent);
  return (
    <div className="rounded-lg border border-border bg-bg p-3" data-pull={state.model}>
      <div className="flex items-center gap-2 text-sm">
        <span className="font-mono font-medium">{state.model}</span>
        <span className={`ml-auto text-xs tabular-nums ${state.status === 'failed' ? 'text-danger' : 'text-muted'}`}>
          {describeStatus(state)}
        </span>
        {state.status === 'pulling' ? (
          <button
            type="button"
            onClick={() => pulls.cancel(state.model)}
            className="rounded border border-border px-2 py-0.5 text-xs hover:bg-subtle"
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            onClick={() => pulls.dismiss(state.model)}
            className="rounded px-2 py-0.5 text-xs text-muted hover:bg-subtle"
          >
            Dismiss
          </button>
        )}
      </div>
      {state.status === 'pulling' && (
        <div
          className="mt-2 h-2 overflow-hidden rounded-full bg-subtle"
          role="progressbar"
          aria-label={`Downloading ${state.model}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={rounded}
          aria-valuetext={rounded === undefined ? 'Starting' : `${rounded}%`}
        >
          <div
            className="h-full rounded-full bg-accent transition-[width] duration-300"
            style={{ width: `${percent ?? 2}%` }}
          />
        </div>
      )}
    </div>
  );
}
