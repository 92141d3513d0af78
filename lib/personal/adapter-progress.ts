/**
 * An adapter creation's progress as the dialog shows it: a bar (the exact
 * fraction) and a status line for screen readers that changes only at a new
 * step or every tenth, not at every 4 MiB chunk, so it is not re-announced
 * a hundred times.
 */
import { formatBytes } from '../ollama/models';
import type { AdapterProgress } from './adapters';

/** Done over total for the phases that count bytes (hashing, uploading); undefined for the others. */
export function progressFraction(p: AdapterProgress | undefined): number | undefined {
  if (!p || (p.phase !== 'hashing' && p.phase !== 'uploading')) return undefined;
  return p.total > 0 ? Math.min(1, p.done / p.total) : 1;
}

/** The status line: the step, and for byte-counting steps the percentage rounded down to a tenth. */
export function adapterProgressText(p: AdapterProgress | undefined): string {
  if (!p || p.phase === 'checking') return 'Checking Ollama and the base model…';
  if (p.phase === 'hashing' || p.phase === 'uploading') {
    const tenth = `${Math.floor((progressFraction(p) ?? 0) * 10) * 10}%`;
    return p.phase === 'hashing'
      ? `Computing the checksum of ${p.file}: ${tenth}`
      : `Sending ${p.file} to Ollama: ${tenth} of ${formatBytes(p.total)}`;
  }
  if (p.phase === 'already-there') return `Ollama already has ${p.file}.`;
  if (p.phase !== 'creating') return '';
  return `${p.status.charAt(0).toUpperCase()}${p.status.slice(1)}…`;
}
