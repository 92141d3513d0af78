/**
 * The export's preview in plain words, for the dialog on the Learning page:
 * what the files would hold, and when they would hold nothing, why.
 */
import { languageOfFence } from '../languages/languages';
import type { TrainingPreview } from './export';
import type { PairSource } from './types';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const SOURCE_WORDS: Record<PairSource, [string, string]> = {
  correction: ['correction', 'corrections'],
  regeneration: ['regeneration', 'regenerations'],
  fix: ['fix loop', 'fix loops'],
};

/** "2 SFT examples · 3 preference pairs (1 correction, 1 regeneration, 1 fix loop)". */
export function countsLine(counts: TrainingPreview['counts']): string {
  const sources = (Object.keys(SOURCE_WORDS) as PairSource[])
    .filter((s) => counts.preferencesBySource[s] > 0)
    .map((s) => plural(counts.preferencesBySource[s], ...SOURCE_WORDS[s]));
  return `${plural(counts.sft, 'SFT example')} · ${plural(counts.preferences, 'preference pair')}${sources.length ? ` (${sources.join(', ')})` : ''}`;
}

/** Why the export would be empty, in words that say what to do; undefined when it holds something. */
export function emptyExplanation(preview: TrainingPreview, minConfidence: number): string | undefined {
  if (preview.counts.sft + preview.counts.preferences > 0) return undefined;
  const { answers, positive } = preview.history;
  if (answers === 0)
    return 'Nothing to export yet: there are no finished answers in conversations Codelumi may learn from (chats with “Don’t learn from this” and deleted chats never count).';
  if (positive === 0)
    return `Nothing to export yet: none of your ${plural(answers, 'answer')} has a positive outcome yet. An answer counts once you copy or run its code, its tests pass, or you thank Codelumi; corrections, kept regenerations and fixed code become preference pairs.`;
  return `Nothing matches these filters: ${plural(positive, 'answer')} went well, but none at ${Math.round(minConfidence * 100)}% confidence or more within these dates, project and language. Lower the minimum confidence or widen the filters.`;
}

/** A language id as people read it ('none': prose only). */
export function languageName(id: string): string {
  if (id === 'none') return 'Prose only (no code)';
  return languageOfFence(id)?.name ?? id;
}

/** A day picked in a date field (YYYY-MM-DD, local time) as the first or last millisecond of that day; undefined when empty. */
export function dayBound(day: string, end: 'start' | 'end'): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const at = new Date(`${day}T${end === 'start' ? '00:00:00.000' : '23:59:59.999'}`).getTime();
  return Number.isNaN(at) ? undefined : at;
}
