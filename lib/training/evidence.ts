/**
 * How sure the export is that an answer went well, and what else it needs to
 * know about one answer (its language, its system prompt, the turns sent
 * with it). Confidence is the positive side of `combineSignals`: independent
 * signals of the plan's calibrated confidences, added up like probabilities.
 */
import type { Message, Signal, SignalKind } from '../core/records';
import { combineSignals, type Outcome } from '../signals/answer-outcome';
import { SIGNAL_SPECS } from '../signals/kinds';
import { languageOfFence } from '../languages/languages';
import { describeAnswer } from '../patterns/classify';
import type { TrainingSource } from './source';
import type { ExportFilters } from './types';
import { NEUTRAL_SYSTEM_PROMPT, cleanedSystemPrompt } from './system';

/** The signal kinds an SFT example may rest on (a positive outcome made of these). */
export const POSITIVE_KINDS: readonly SignalKind[] = [
  'code_ran_ok',
  'tests_passed',
  'code_copied',
  'thanks',
  'no_followup',
];

export { NEUTRAL_SYSTEM_PROMPT } from './system';

/** What the signals on one answer say. */
export interface AnswerEvidence {
  outcome: Outcome;
  /** Combined strength of the positive signals (calibrated probability), 0..1. */
  confidence: number;
  /** The positive kinds present, strongest first, each once. */
  evidence: SignalKind[];
}

/**
 * The evidence on an answer from its stored signals, plus `extra` positive
 * kinds the caller observed itself (a passing fix run, a kept branch the
 * conversation went on from) that are not stored as signals yet.
 */
export function answerEvidence(signals: readonly Signal[], extra: readonly SignalKind[] = []): AnswerEvidence {
  const have = new Set(signals.map((s) => s.kind));
  const virtual = extra
    .filter((k) => !have.has(k))
    .map((k) => ({ kind: k, polarity: SIGNAL_SPECS[k].polarity, confidence: SIGNAL_SPECS[k].confidence }));
  const all = [...signals, ...virtual];
  const combined = combineSignals(all);
  const evidence = [
    ...new Set(
      all
        .filter((s) => s.polarity > 0 && POSITIVE_KINDS.includes(s.kind))
        .sort((a, b) => b.confidence - a.confidence)
        .map((s) => s.kind),
    ),
  ];
  return { outcome: combined.outcome, confidence: round(combined.positive), evidence };
}

/** Confidences are shown and compared at three decimals (the score's precision in lib/signals). */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The answer's main code language as a lib/languages id, 'none' for prose. */
export function answerLanguage(source: TrainingSource, answer: Message): string {
  return languageId(source.answers.get(answer.id)?.language ?? describeAnswer(answer.content).language);
}

/** A fence word as a lib/languages id ('none' for no code; an unknown word as it is, lower case). */
export function languageId(word: string): string {
  if (!word) return 'none';
  return languageOfFence(word)?.id ?? word.toLowerCase();
}

/**
 * The system prompt an example carries: the neutral one when chosen;
 * otherwise the one its trace recorded ('' when none), cleaned of what the
 * export may not carry (./system.ts), or the neutral one when it cannot be.
 */
export function systemFor(
  source: TrainingSource,
  answer: Message | undefined,
  choice: ExportFilters['systemPrompt'],
): string {
  if (choice === 'neutral') return NEUTRAL_SYSTEM_PROMPT;
  if (!answer) return '';
  return cleanedSystemPrompt(source, answer) ?? NEUTRAL_SYSTEM_PROMPT;
}

/**
 * The earlier turns sent with an answer (its trace's `historyIds`), oldest
 * first, without the question and the answer itself, cut to a run that
 * alternates user/assistant from a user turn and ends with an assistant
 * turn, as chat fine-tuning tools expect. Turns no longer in the database
 * are left out (the run is cut after the gap).
 */
export function historyFor(
  source: TrainingSource,
  answer: Message,
  questionId: string,
): { role: 'user' | 'assistant'; content: string }[] {
  const ids = (answer.trace?.historyIds ?? []).filter((id) => id !== questionId && id !== answer.id);
  const turns: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const id of ids) {
    const m = source.messages.get(id);
    const usable = m && (m.role === 'user' || m.role === 'assistant') && m.content.trim() && m.status !== 'error';
    if (!usable) {
      turns.length = 0; // a gap: what came before no longer leads into what follows
      continue;
    }
    const last = turns.at(-1);
    if (last && last.role === m.role) turns.length = 0;
    if (turns.length === 0 && m.role !== 'user') continue;
    turns.push({ role: m.role as 'user' | 'assistant', content: m.content });
  }
  if (turns.at(-1)?.role === 'user') turns.pop();
  return turns;
}

/** True when `at` (ms) lies within the filters' date range (inclusive; open ends). */
export function inRange(filters: ExportFilters, at: number): boolean {
  return (filters.from === undefined || at >= filters.from) && (filters.to === undefined || at <= filters.to);
}
