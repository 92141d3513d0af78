/**
 * The planning prompts: what the model is told a plan is and how to plan,
 * the Brain's context for the request (the user's preferences and
 * corrections, the project's stack and relevant files, earlier
 * conversations: what the retriever returns, as the chat gets it) and the
 * learned planning lessons, all fitted into the model's context window by
 * the Prompt Constructor (lib/prompt), which also records the trace. Pure.
 */
import { estimateTokens } from '../core/tokens';
import type { ContextSection } from '../prompt/context-sections';
import { constructPrompt, type BuiltPrompt, type ChatMessage } from '../prompt/prompt';
import type { Plan, PlanStep } from './types';

import type { PlanningLesson } from './lessons';

/** A learned planning lesson ("for a CLI in Python, plans with tests first work"): lessons.ts's one type. */
export type { PlanningLesson };

const RULES = `How to plan:
- Small steps that can each be verified: one module, component or feature per step, usually 1 to 3 files.
- Tests first where the sandbox can run them: Python (standard library only; pytest-style test functions or unittest), JavaScript and TypeScript (test/expect or node:assert; no npm packages). Write the test file in a step before the code it tests, or in the same step; the code step's check is {"kind": "test", "testFile": "<the test file>", "language": "python" | "javascript" | "typescript"}.
- A program that should simply run without an error: {"kind": "run", "entry": "<file>", "language": …}.
- HTML pages and React components: {"kind": "preview", "entry": "<the .html, .jsx or .tsx file>"}; they render in a sandboxed page with no network.
- Everything else is {"kind": "review"}, which the user reads: other languages (Go, Rust, Java, SQL, shell …), configuration, documentation, code that needs a package the sandbox lacks, a server or a database.
- List in "packages" every module the step's code imports beyond the language's standard library (e.g. "requests", "express"); leave it out when there is none.
- A check's file must be written by its step or an earlier one. "dependsOn" names only earlier steps.
- Paths are relative, with "/" between folders: no leading "/", no drive letter, no "..".
- When a project is attached (its stack and files are below), write paths from its root and follow its conventions; list an existing file only when a step must change it.
- Follow the user's preferences and the planning lessons below unless the request says otherwise.`;

/** What the planning model is told, before any context: the plan's shape, its meaning, and the rules. */
export const PLANNER_SYSTEM = `You are Codelumi's planner. You turn a request into a plan that a coding model carries out one step at a time on the user's machine, where a sandbox checks each step.

Answer with one JSON object and nothing else: {"goal", "files", "steps"}.
- goal: what the finished work does, in one or two sentences.
- files: every file the steps create or change, each {"path", "purpose" (one line), "language" (python, ts, js, html, css, md …)}.
- steps: in the order to do them, at most 30, each {"id" ("s1", "s2", … in order), "title" (short, imperative), "detail" (what to write in a few sentences: names of functions, classes, routes and their behaviour; the coding model sees only this and the plan), "files" (the paths this step writes), "dependsOn" (ids of earlier steps it needs), "check" {"kind", "description" (one sentence), "language", "testFile" or "entry"}, "packages"}.

${RULES}`;

/** What the model is told when it re-plans one step. */
export const REPLANNER_SYSTEM = `You are Codelumi's planner. The user wants one step of a plan done differently. Answer with that one step as one JSON object and nothing else: {"id", "title", "detail", "files", "dependsOn", "check", "packages"}, with the same id. The other steps stay as they are: the step may depend only on the steps before it, and later steps may rely on the files it writes, so keep writing them unless the user's note says otherwise.

${RULES}`;

/** Tokens kept for the plan itself: a plan of 10 to 20 steps is 1,500 to 4,000 tokens of JSON. */
export function planAnswerReserve(contextLength: number): number {
  return Math.min(8192, Math.max(1024, Math.floor(contextLength * 0.4)));
}

/** Tokens kept for one re-planned step. */
export function stepAnswerReserve(contextLength: number): number {
  return Math.min(2048, Math.max(512, Math.floor(contextLength / 4)));
}

/** Id of a lesson's item in the prompt's trace (and in PlanRecord.patternIds' source). */
const lessonItemId = (id: string) => `lesson:${id}`;

/** The lessons as a context section, or undefined when there are none. */
function lessonSection(lessons: readonly PlanningLesson[]): ContextSection | undefined {
  if (lessons.length === 0) return undefined;
  return {
    name: 'Planning lessons',
    heading: 'What worked in earlier plans (follow it unless the request says otherwise)',
    layout: 'list',
    items: lessons.map((l) => ({
      id: lessonItemId(l.id),
      source: 'style',
      label: l.text.length > 60 ? `${l.text.slice(0, 59)}…` : l.text,
      text: l.text,
      tokens: estimateTokens(l.text) + 2,
    })),
  };
}

/**
 * The sections in the order they are worth their room: what was learned
 * about the user (preferences, corrections), then the planning lessons, then
 * the rest as the retriever ordered it (answer style, project, earlier
 * conversations). The Prompt Constructor drops from the end when short.
 */
function planningSections(context: readonly ContextSection[], lessons: readonly PlanningLesson[]): ContextSection[] {
  const learned = (s: ContextSection) =>
    s.items.length > 0 && s.items.every((i) => i.source === 'preference' || i.source === 'correction');
  const lessonsSection = lessonSection(lessons);
  return [
    ...context.filter(learned),
    ...(lessonsSection ? [lessonsSection] : []),
    ...context.filter((s) => !learned(s)),
  ];
}

export interface PlanPromptInput {
  request: string;
  model: string;
  /** num_ctx the request will carry (lib/chat/turn.ts `effectiveContextLength`). */
  contextLength: number;
  /** What the Brain retrieved for the request (the analysis worker's `retrieve`, asked with the request and the project). */
  context?: readonly ContextSection[];
  /** Context items the user dropped. */
  exclude?: readonly string[];
  lessons?: readonly PlanningLesson[];
  /** The user's own system prompt (Settings). */
  systemPrompts?: readonly (string | undefined)[];
}

/**
 * The messages that ask for a plan, within the context window (room kept for
 * the plan: planAnswerReserve), and the trace of what went in. Throws
 * `overflow:context` when the request alone does not fit.
 */
export function planMessages(input: PlanPromptInput): BuiltPrompt {
  return constructPrompt({
    model: input.model,
    persona: PLANNER_SYSTEM,
    systemPrompts: input.systemPrompts ?? [],
    context: planningSections(input.context ?? [], input.lessons ?? []),
    exclude: input.exclude,
    history: [{ id: 'plan-request', role: 'user', content: `Plan this:\n\n${input.request.trim()}` }],
    contextLength: input.contextLength,
    answerReserve: planAnswerReserve(input.contextLength),
  });
}

/** The ids of the lessons that made it into a prompt (for PlanRecord.patternIds). */
export function lessonsUsed(prompt: BuiltPrompt): string[] {
  const items = prompt.trace.sections?.flatMap((s) => s.items) ?? [];
  return items.filter((i) => i.id.startsWith('lesson:')).map((i) => i.id.slice('lesson:'.length));
}

/** The plan as the model reads it when re-planning: compact JSON, without Codelumi's own fields. */
function planText(plan: Plan): string {
  const { goal, files, steps } = plan;
  return JSON.stringify({ goal, files, steps });
}

export interface ReplanPromptInput extends Omit<PlanPromptInput, 'request'> {
  plan: Plan;
  stepId: string;
  /** What the user wants changed ("use SQLite instead"). */
  note: string;
}

/** The messages that ask for one step again, with the whole plan and the user's note. */
export function replanMessages(input: ReplanPromptInput): BuiltPrompt {
  const at = input.plan.steps.findIndex((s) => s.id === input.stepId);
  const step: PlanStep | undefined = input.plan.steps[at];
  if (!step) throw new Error(`replanMessages: no step ${input.stepId}`);
  const earlier = input.plan.steps.slice(0, at).map((s) => s.id);
  const ask = [
    `The plan:\n${planText(input.plan)}`,
    `Re-plan step ${step.id} (“${step.title}”). The user says: ${input.note.trim() || 'do it differently'}`,
    `Keep the id "${step.id}". It may depend only on: ${earlier.length ? earlier.join(', ') : 'no step (it comes first)'}.`,
  ].join('\n\n');
  return constructPrompt({
    model: input.model,
    persona: REPLANNER_SYSTEM,
    systemPrompts: input.systemPrompts ?? [],
    context: planningSections(input.context ?? [], input.lessons ?? []),
    exclude: input.exclude,
    history: [{ id: 'replan-request', role: 'user', content: ask }],
    contextLength: input.contextLength,
    answerReserve: stepAnswerReserve(input.contextLength),
  });
}

/**
 * The messages for a second try: the first prompt, the model's unusable
 * answer (when it fits the window beside the answer's room), and the errors
 * quoted, asking for the whole answer again.
 */
export function retryMessages(
  prompt: BuiltPrompt,
  answer: string,
  errors: readonly string[],
  reserve: number,
): ChatMessage[] {
  const correction = [
    'That answer cannot be used:',
    ...errors.map((e) => `- ${e}`),
    'Answer again with the whole JSON object, following the schema and the rules.',
  ].join('\n');
  const room = prompt.trace.contextLength - prompt.trace.promptTokens - reserve - estimateTokens(correction) - 8;
  const shown =
    answer.trim() && estimateTokens(answer) <= room ? [{ role: 'assistant' as const, content: answer }] : [];
  return [...prompt.messages, ...shown, { role: 'user', content: correction }];
}
