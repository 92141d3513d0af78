/**
 * Words for a run's state, shown above its output and announced to screen
 * readers: what happened, how long it took, and the test counts.
 */
import type { CodeError, RunResultStatus } from './protocol';

export interface RunSummaryInput {
  status: RunResultStatus;
  passed: number;
  failed: number;
  durationMs: number;
  error?: Pick<CodeError, 'kind' | 'message' | 'line' | 'column'>;
  timeLimitMs?: number;
  preview?: boolean;
}

export interface RunSummaryText {
  tone: 'ok' | 'error' | 'timeout';
  title: string;
  /** Test counts, when the run had tests ("3 passed, 1 failed"). */
  tests?: string;
  detail?: string;
}

/** "12 ms", "1.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Describes a finished run. */
export function summarizeRun(r: RunSummaryInput): RunSummaryText {
  const tests = r.passed + r.failed > 0 ? `${r.passed} passed, ${r.failed} failed` : undefined;
  const at = r.error?.line ? ` (line ${r.error.line}${r.error.column ? `, column ${r.error.column}` : ''})` : '';
  if (r.status === 'timeout') {
    const limit = r.timeLimitMs ?? r.durationMs;
    return {
      tone: 'timeout',
      title: `Timed out after ${formatDuration(limit)} (the time limit)`,
      tests,
      detail: 'An endless loop or very slow code. The time limit is in Settings.',
    };
  }
  if (r.status === 'ok') {
    return {
      tone: 'ok',
      title: r.preview
        ? `Rendered in ${formatDuration(r.durationMs)}`
        : `Ran without errors in ${formatDuration(r.durationMs)}`,
      tests,
    };
  }
  switch (r.error?.kind) {
    case 'syntax':
      return { tone: 'error', title: `Syntax error${at}`, tests, detail: r.error.message };
    case 'tests':
      return {
        tone: 'error',
        title: `Tests failed in ${formatDuration(r.durationMs)}`,
        tests,
        detail: r.error.message,
      };
    case 'sandbox':
    case 'unavailable':
      return { tone: 'error', title: 'The sandbox could not run this', tests, detail: r.error.message };
    default:
      return { tone: 'error', title: `Error${at}`, tests, detail: r.error?.message };
  }
}
