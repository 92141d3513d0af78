/**
 * The training-data export as the user meets it: a preview of what would be
 * written (counts per file and per pair source, a few samples) and the one
 * zip file (the SFT file, preferences.jsonl, DATA_CARD.md, data_card.json).
 * Both read the same selection; the preview writes nothing. The app runs them
 * in the analysis worker, so reading a long history never freezes the page.
 */
import { strToU8, zipSync } from 'fflate';
import type { CodelumiDB } from '../db/db';
import { readTrainingSource, type TrainingSource } from './source';
import { sftCandidates, sftExamplesFrom, sftExamplesOf } from './sft';
import { pairCandidates, preferencePairsFrom, preferencePairsOf } from './pairs';
import { answerEvidence } from './evidence';
import { buildDataCard, dataCardMarkdown, type DataCard } from './data-card';
import { PREFERENCE_FILE, SFT_FILE, preferencesJsonl, sftJsonl, type SftFormat } from './formats';
import type { ExportFilters, PairSource, PreferencePair, SftExample } from './types';

/** What the user chose: the filters and the SFT file's format. */
export interface TrainingExportOptions {
  filters: ExportFilters;
  format: SftFormat;
}

/** What an export with these options would hold, computed without writing anything. */
export interface TrainingPreview {
  counts: DataCard['counts'];
  /** The files the zip would hold, with their number of lines (0 for the card). */
  files: { name: string; lines: number }[];
  /** The best few of each file, as they would be written (anonymized when asked). */
  samples: { sft: SftExample[]; preferences: PreferencePair[] };
  /** The languages the language filter can choose from (those of everything else the filters let through). */
  languages: string[];
  /** Why it may be empty: finished answers in conversations it may learn from, and how many went well at any confidence. */
  history: { answers: number; positive: number };
}

/** The default choices: a fairly sure answer (two weak signals or one strong), anonymized, the system prompt used. */
export const DEFAULT_FILTERS: ExportFilters = { minConfidence: 0.6, anonymize: true, systemPrompt: 'used' };

function select(source: TrainingSource, filters: ExportFilters) {
  return { examples: sftExamplesFrom(source, filters), pairs: preferencePairsFrom(source, filters) };
}

function countsOf(examples: readonly SftExample[], pairs: readonly PreferencePair[]): DataCard['counts'] {
  const bySource: Record<PairSource, number> = { correction: 0, regeneration: 0, fix: 0 };
  for (const p of pairs) bySource[p.source] += 1;
  return { sft: examples.length, preferences: pairs.length, preferencesBySource: bySource };
}

/** Up to `n` pairs, one of each source first, so every source the file holds is shown. */
function samplePairs(pairs: readonly PreferencePair[], n: number): PreferencePair[] {
  const firsts = (['correction', 'regeneration', 'fix'] as const)
    .map((s) => pairs.find((p) => p.source === s))
    .filter((p): p is PreferencePair => !!p);
  const rest = pairs.filter((p) => !firsts.includes(p));
  return [...firsts, ...rest].slice(0, n);
}

/** Counts per file and per pair source, and up to three samples of each file; writes nothing. */
export async function previewExport(db: CodelumiDB, options: TrainingExportOptions): Promise<TrainingPreview> {
  const source = await readTrainingSource(db);
  const { filters } = options;
  // One selection serves both the language list (every language) and the files (the one chosen).
  const anyLanguage = {
    sft: sftCandidates(source, filters, { ignoreLanguage: true }),
    pairs: pairCandidates(source, filters, { ignoreLanguage: true }),
  };
  const chosen = <T extends { language: string }>(xs: T[]) =>
    filters.language === undefined ? xs : xs.filter((x) => x.language === filters.language);
  const examples = sftExamplesOf(chosen(anyLanguage.sft), filters);
  const pairs = preferencePairsOf(chosen(anyLanguage.pairs), filters);
  const languages = new Set([...anyLanguage.sft, ...anyLanguage.pairs].map((x) => x.language));
  let answers = 0;
  let positive = 0;
  for (const m of source.messages.values()) {
    if (m.role !== 'assistant' || m.status !== 'complete') continue;
    answers += 1;
    if (answerEvidence(source.signals.get(m.id) ?? []).outcome === 'positive') positive += 1;
  }
  return {
    counts: countsOf(examples, pairs),
    files: [
      { name: SFT_FILE[options.format], lines: examples.length },
      { name: PREFERENCE_FILE, lines: pairs.length },
      { name: 'DATA_CARD.md', lines: 0 },
      { name: 'data_card.json', lines: 0 },
    ],
    samples: { sft: examples.slice(0, 3), preferences: samplePairs(pairs, 3) },
    languages: [...languages].sort(),
    history: { answers, positive },
  };
}

/** The written export: the zip's bytes, its file name, and the card inside it. */
export interface TrainingExport {
  bytes: Uint8Array;
  fileName: string;
  card: DataCard;
}

/**
 * The zip the user downloads: the SFT file (sft.jsonl or sharegpt.jsonl),
 * preferences.jsonl, DATA_CARD.md and data_card.json, from the same selection
 * the preview shows.
 */
export async function buildTrainingExport(
  db: CodelumiDB,
  options: TrainingExportOptions,
  now = Date.now(),
): Promise<TrainingExport> {
  const source = await readTrainingSource(db);
  const { examples, pairs } = select(source, options.filters);
  const projectName = options.filters.projectId ? (await db.projects.get(options.filters.projectId))?.name : undefined;
  const card = buildDataCard({ examples, pairs, filters: options.filters, format: options.format, projectName, now });
  const bytes = zipSync({
    [SFT_FILE[options.format]]: strToU8(sftJsonl(examples, options.format)),
    [PREFERENCE_FILE]: strToU8(preferencesJsonl(pairs)),
    'DATA_CARD.md': strToU8(dataCardMarkdown(card)),
    'data_card.json': strToU8(`${JSON.stringify(card, null, 2)}\n`),
  });
  return { bytes, fileName: `codelumi-training-${new Date(now).toISOString().slice(0, 10)}.zip`, card };
}
