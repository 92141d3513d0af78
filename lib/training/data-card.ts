/**
 * The data card that goes beside the exported files (DATA_CARD.md and
 * data_card.json): what is in them, how it was chosen, with which
 * thresholds and filters, from which models, and what it cannot tell.
 */
import { SIGNAL_SPECS } from '../signals/kinds';
import { POSITIVE_KINDS } from './evidence';
import { NEUTRAL_SYSTEM_PROMPT } from './system';
import { FORGOTTEN_NOTE } from '../retrieval/forget-trace';
import { MEMORY_NOTE } from '../memory/quoted';
import { PREFERENCE_FILE, SFT_FILE, type SftFormat } from './formats';
import type { ExportFilters, PairSource, PreferencePair, SftExample } from './types';

/**
 * What goes beside the exported files, as data_card.json holds it (and
 * DATA_CARD.md renders it): counts per file and pair source, the selection
 * rules and thresholds, filters, models and the known limits, each true of
 * the files it is written with.
 */
export interface DataCard {
  generator: 'Codelumi';
  createdAt: string;
  /** File name → what it holds. */
  files: Record<string, string>;
  counts: { sft: number; preferences: number; preferencesBySource: Record<PairSource, number> };
  /** The oldest and newest answer in the files (ISO), null when empty. */
  dataRange: { from: string; to: string } | null;
  selection: {
    sft: string;
    preferences: Record<PairSource, string>;
    /** The positive signals an example may rest on, with their calibrated confidences. */
    signals: { kind: string; label: string; confidence: number }[];
    minConfidence: number;
    deduplication: string;
    systemPrompt: string;
  };
  filters: {
    minConfidence: number;
    from?: string;
    to?: string;
    projectId?: string;
    projectName?: string;
    language?: string;
    anonymize: boolean;
    systemPrompt: 'used' | 'neutral';
    sftFormat: SftFormat;
  };
  anonymized: boolean;
  /** How many exported answers (SFT answers and chosen answers) each model wrote. */
  models: Record<string, number>;
  limits: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

const LIMITS = [
  'Signals are inferred from behaviour (copying, running, thanking, not asking again); a copied answer can still be wrong. The confidence is the calibrated chance that the answer went well, not a check of its content.',
  'Correction pairs carry the user’s own words as the chosen answer: often shorter than a full answer, and in the user’s voice.',
  'Fix-loop pairs take the answer that passed after “Fix it” as the chosen answer to the original request; it was written in reply to the error, so it may mention the failure.',
  'Regeneration pairs count a branch as abandoned only when it is off the conversation’s thread and has no positive signal; the user may simply have preferred the other for reasons of taste.',
  'Anonymization replaces secrets, home-directory paths and personal data it recognises; it cannot promise to find every one. Read the files before you share them.',
  'Everything here comes from one user: it teaches their style and their stack, and is small.',
];

/** What the card says of earlier turns and the system prompt, by the user's choice of system prompt. */
const SYSTEM_LIMITS: Record<ExportFilters['systemPrompt'], string[]> = {
  used: [
    'Earlier turns are the ones that were sent with the answer. Where a summary stood in for older turns, that summary is part of the system prompt, as it was sent.',
    'System prompts carry what went into them: the project’s files and stack, the user’s memories (preferences and corrections) and exchanges quoted from their earlier chats. Read them before you share the files.',
    `What may no longer be used is taken out of the system prompts: an exchange of a chat now in the bin or with “Don’t learn from this” becomes “${FORGOTTEN_NOTE}”, a memory switched off, deleted or edited since becomes a note such as “${MEMORY_NOTE.deleted}”; notes of the same kind stand where something was deleted before. An example whose prompt cannot be cleaned this way carries the neutral system prompt instead.`,
  ],
  neutral: [
    'Earlier turns are the ones that were sent with the answer; a summary that stood in for older turns is not included (it was part of the system prompt, which is replaced by the neutral one).',
  ],
};

/** The card for `examples` and `pairs` as exported with `filters`. */
export function buildDataCard(input: {
  examples: readonly SftExample[];
  pairs: readonly PreferencePair[];
  filters: ExportFilters;
  format: SftFormat;
  projectName?: string;
  now: number;
}): DataCard {
  const { examples, pairs, filters, format } = input;
  const bySource: Record<PairSource, number> = { correction: 0, regeneration: 0, fix: 0 };
  for (const p of pairs) bySource[p.source] += 1;
  const models: Record<string, number> = {};
  for (const m of [...examples.map((e) => e.model), ...pairs.map((p) => p.model)]) {
    if (m) models[m] = (models[m] ?? 0) + 1;
  }
  const times = [...examples, ...pairs].map((x) => x.createdAt);
  return {
    generator: 'Codelumi',
    createdAt: iso(input.now),
    files: {
      [SFT_FILE[format]]:
        format === 'openai'
          ? 'SFT examples, one JSON object per line: {"messages": [{"role", "content"}…]} (OpenAI chat; TRL, Axolotl, Unsloth, mlx-lm).'
          : 'SFT examples, one JSON object per line: {"conversations": [{"from": "system"|"human"|"gpt", "value"}…]} (ShareGPT).',
      [PREFERENCE_FILE]:
        'Preference pairs, one per line: {"prompt", "chosen", "rejected"} (TRL standard preference format), with "system" when there is one (Axolotl chatml.prompt_pairs).',
      'DATA_CARD.md': 'This card, to read.',
      'data_card.json': 'This card, for programs.',
    },
    counts: { sft: examples.length, preferences: pairs.length, preferencesBySource: bySource },
    // reduce, not Math.min(...times): spreading a long history's times overflows the call stack.
    dataRange: times.length
      ? { from: iso(times.reduce((a, b) => Math.min(a, b))), to: iso(times.reduce((a, b) => Math.max(a, b))) }
      : null,
    selection: {
      sft: `Finished answers whose signals combine to a positive outcome, resting on at least one of ${POSITIVE_KINDS.join(', ')}, with a combined positive confidence of at least ${filters.minConfidence}.`,
      preferences: {
        correction:
          'The user corrected an answer: chosen = what they said was right, rejected = the answer they corrected.',
        regeneration:
          'Two answers to one question: chosen = the one kept on the conversation’s thread and used (positive outcome; going on from it counts as no_followup), rejected = one left off the thread with no positive signal.',
        fix: 'Passing vs failing code for one request: chosen = the answer whose code ran clean under “Fix it”, rejected = the first answer whose code failed.',
      },
      signals: POSITIVE_KINDS.map((k) => ({
        kind: k,
        label: SIGNAL_SPECS[k].label,
        confidence: SIGNAL_SPECS[k].confidence,
      })),
      minConfidence: filters.minConfidence,
      deduplication:
        'Same prompt and answer (case, spacing and final punctuation aside) kept once: the most confident copy.',
      systemPrompt:
        filters.systemPrompt === 'used'
          ? 'The system prompt sent with each answer (from its prompt trace), less what may no longer be used (see Known limits); the neutral one where that cannot be taken out reliably; none when none was recorded.'
          : `One neutral system prompt for every example: “${NEUTRAL_SYSTEM_PROMPT}”`,
    },
    filters: {
      minConfidence: filters.minConfidence,
      ...(filters.from !== undefined ? { from: iso(filters.from) } : {}),
      ...(filters.to !== undefined ? { to: iso(filters.to) } : {}),
      ...(filters.projectId !== undefined ? { projectId: filters.projectId, projectName: input.projectName } : {}),
      ...(filters.language !== undefined ? { language: filters.language } : {}),
      anonymize: filters.anonymize,
      systemPrompt: filters.systemPrompt,
      sftFormat: format,
    },
    anonymized: filters.anonymize,
    models,
    limits: [
      ...LIMITS.filter((l) => filters.anonymize || !l.startsWith('Anonymization')),
      ...SYSTEM_LIMITS[filters.systemPrompt],
      ...(filters.anonymize
        ? []
        : ['Not anonymized: the files may hold secrets, paths and personal data exactly as they were written.']),
    ],
  };
}

/** The card as Markdown, for people. */
export function dataCardMarkdown(card: DataCard): string {
  const c = card.counts;
  const f = card.filters;
  const lines = [
    '# Codelumi training data',
    '',
    `Exported ${card.createdAt} by Codelumi, from one user's own conversations on this device.`,
    '',
    '## Files',
    '',
    ...Object.entries(card.files).map(([name, what]) => `- \`${name}\`: ${what}`),
    '',
    '## Counts',
    '',
    `- SFT examples: ${c.sft}`,
    `- Preference pairs: ${c.preferences} (corrections ${c.preferencesBySource.correction}, regenerations ${c.preferencesBySource.regeneration}, fix loops ${c.preferencesBySource.fix})`,
    `- Answers from: ${card.dataRange ? `${card.dataRange.from} to ${card.dataRange.to}` : 'nothing exported'}`,
    `- Models that wrote the answers: ${
      Object.entries(card.models)
        .map(([m, n]) => `${m} (${n})`)
        .join(', ') || 'unknown'
    }`,
    '',
    '## How examples were selected',
    '',
    `- SFT: ${card.selection.sft}`,
    `- Corrections: ${card.selection.preferences.correction}`,
    `- Regenerations: ${card.selection.preferences.regeneration}`,
    `- Fix loops: ${card.selection.preferences.fix}`,
    `- De-duplication: ${card.selection.deduplication}`,
    `- System prompt: ${card.selection.systemPrompt}`,
    '',
    '### Signal thresholds',
    '',
    '| signal | calibrated confidence |',
    '|---|---|',
    ...card.selection.signals.map((s) => `| ${s.kind} (${s.label}) | ${s.confidence} |`),
    '',
    `Minimum combined confidence: ${card.selection.minConfidence}. Independent signals add up like probabilities: 1 − Π(1 − confidence).`,
    '',
    '## Filters',
    '',
    `- Minimum confidence: ${f.minConfidence}`,
    `- Dates: ${f.from ?? 'any'} to ${f.to ?? 'any'}`,
    `- Project: ${f.projectId ? (f.projectName ?? f.projectId) : 'all'}`,
    `- Language: ${f.language ?? 'all'}`,
    `- Anonymized: ${card.anonymized ? 'yes (secrets, home-directory paths, personal data replaced by placeholders such as <AWS_KEY>, <EMAIL>, <PATH>)' : 'no'}`,
    `- SFT format: ${f.sftFormat === 'openai' ? 'OpenAI chat messages' : 'ShareGPT'}`,
    '- Always left out: conversations with “Don’t learn from this”, conversations in the bin, and everything forgotten. Memories the user chose to keep when switching a chat to “Don’t learn from this” stay in the system prompts used, as in the chat’s own prompts.',
    '',
    '## Known limits',
    '',
    ...card.limits.map((l) => `- ${l}`),
    '',
  ];
  return lines.join('\n');
}
