/**
 * Whether the Models page can start a check of two models, and if not, the
 * one sentence that says what to do first. Pure, so the section only renders.
 */

/** Said when the user has no past question the check could ask. */
export const NEEDS_QUESTIONS =
  'The check needs a few of your own questions first: ask Codelumi a few things in a chat, then come back. It asks both models some of them.';

/** Said when every past question has already been judged for these two models. */
export function allJudgedText(candidate: string, baseline: string): string {
  return `You have judged every past question Codelumi can ask for ${candidate} and ${baseline}. Ask a few new questions in a chat, then check again.`;
}

export interface ReadinessInput {
  /** The installed chat models' names. */
  chatModels: readonly string[];
  candidate: string;
  baseline: string;
  /** Ollama answers (the section cannot start a check without it; the page says why elsewhere). */
  reachable: boolean;
  /** countQuestions' figures for this pair; undefined while still being read. */
  questions?: { all: number; left: number };
}

/**
 * `canStart` only when Ollama answers, two different chat models are chosen
 * and at least one past question is left unjudged for them; `note` is the
 * first thing in the way the user can act on (none while reading, or when
 * only Ollama is missing: the page's connection help says that).
 */
export function readiness(input: ReadinessInput): { canStart: boolean; note?: string } {
  const { chatModels, candidate, baseline, questions } = input;
  let note: string | undefined;
  if (questions?.all === 0) note = NEEDS_QUESTIONS;
  else if (chatModels.length < 2) note = 'Install a second chat model to compare with.';
  else if (!candidate || !baseline || candidate === baseline) note = 'Pick two different models.';
  else if (questions?.left === 0) note = allJudgedText(candidate, baseline);
  return { canStart: input.reachable && !note && !!questions, note };
}
