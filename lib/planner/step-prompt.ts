/**
 * The messages of one step's model call, and of a fix after its check
 * failed. Each carries the plan (goal, every step, the current one marked),
 * the step's instructions and files, and the workspace so far within the
 * context window: the files the step leans on first (its own, its check's,
 * those of the steps it depends on, and what they import), in full while
 * they fit, and every other file listed by path. The reply format is one
 * fenced block per file, labelled with its path (step-output.ts reads it).
 *
 * The user message's first line is `Write step <id>: <title>` or
 * `Fix step <id>: <title>`; the fake Ollama's plan session matches on it.
 */
import { CodelumiError } from '../core/errors';
import { estimateMessageTokens, estimateTokens } from '../core/tokens';
import { safeFence } from '../markdown/fences';
import type { ChatMessage } from '../prompt/prompt';
import type { CheckOutcome, Plan, PlanStep } from './types';
import type { FileContent } from './workspace';
import { languageOfPath } from './file-language';
import { importedPaths } from './imports';

/** The first words of a step's user message (with the step's id after them). */
export const WRITE_STEP_LEAD = 'Write step';
/** The first words of a fix's user message. */
export const FIX_STEP_LEAD = 'Fix step';

/** The standing instructions of every step call. */
export const STEP_SYSTEM_PROMPT = [
  'You are Codelumi, carrying out one step of a plan to build a small program. Write only what this step asks for.',
  'Reply with every file this step creates or changes, each complete (never a diff, an excerpt or "rest unchanged"),',
  'each in its own fenced code block whose info string is the language and then the file path, for example:',
  '```ts src/app.ts',
  'export const answer = 42;',
  '```',
  'Use exactly the paths the plan gives; paths are relative to the project root. After the files, say in at most two sentences what you did.',
].join('\n');

/** Part of the context window kept free for the answer (the files it writes). */
const ANSWER_SHARE = 0.4;
/** The window assumed when none is known (0): Ollama's own cap for the chat when Settings leave it to the model. */
const UNKNOWN_CONTEXT = 8192;

export interface StepPromptInput {
  plan: Plan;
  step: PlanStep;
  /** The workspace as it is now (each file's current version). */
  files: readonly FileContent[];
  /** The model's context window (num_ctx) in tokens. */
  contextTokens: number;
}

export interface FixPromptInput extends StepPromptInput {
  /** The failed check. */
  failure: CheckOutcome;
  /** What was wrong with the answer's files (step-output.ts warnings in words). */
  notes?: readonly string[];
}

function fenced(file: FileContent): string {
  const ticks = safeFence(file.content);
  return `${ticks}${languageOfPath(file.path)?.fence ?? ''} ${file.path}\n${file.content}\n${ticks}`;
}

/** The plan in brief: the goal, its files, every step with the current one marked. */
function planOverview(plan: Plan, current: PlanStep): string {
  const files = plan.files.map((f) => `- ${f.path}: ${f.purpose}`);
  const steps = plan.steps.map(
    (s) => `${s.id === current.id ? '→' : ' '} ${s.id}. ${s.title}${s.id === current.id ? '  ← this step' : ''}`,
  );
  return [`Goal: ${plan.goal}`, 'Files of the plan:', ...files, 'Steps:', ...steps].join('\n');
}

function checkLine(step: PlanStep): string {
  const c = step.check;
  const target = c.kind === 'test' ? c.testFile : c.entry;
  const how = {
    test: `the tests in ${target ?? '(a test file)'} are run against the files`,
    run: `${target ?? 'the entry file'} is run and must finish without an error`,
    preview: `${target ?? 'the page'} is rendered and must show without an error`,
    review: 'the user reads the files and accepts or rejects them',
  }[c.kind];
  return `How it is checked: ${how}. ${c.description}`.trim();
}

/**
 * The workspace files in the order they matter to `step`: its own files and
 * its check's file, the files of the steps it depends on, then whatever
 * those import (followed through), then the rest in path order.
 */
export function relevantFiles(plan: Plan, step: PlanStep, files: readonly FileContent[]): FileContent[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const paths = new Set(byPath.keys());
  const order: string[] = [];
  const add = (p: string | undefined) => {
    if (p && byPath.has(p) && !order.includes(p)) order.push(p);
  };
  step.files.forEach(add);
  add(step.check.testFile);
  add(step.check.entry);
  for (const id of step.dependsOn) plan.steps.find((s) => s.id === id)?.files.forEach(add);
  for (let i = 0; i < order.length; i++) importedPaths(byPath.get(order[i]!)!, paths).forEach(add);
  [...paths].sort().forEach(add);
  return order.map((p) => byPath.get(p)!);
}

/** The files section within `budget` tokens: whole files in relevance order while they fit, the rest by path. */
function filesSection(ordered: readonly FileContent[], budget: number, title: string): string {
  if (ordered.length === 0) return `${title}: none yet.`;
  const shown: string[] = [];
  const listed: string[] = [];
  let left = budget;
  for (const f of ordered) {
    const text = fenced(f);
    const cost = estimateTokens(text) + 2;
    // Once one file is left out, later (less relevant) ones are listed too, so the model never sees a gap it cannot explain.
    if (listed.length === 0 && cost <= left) {
      shown.push(text);
      left -= cost;
    } else listed.push(`- ${f.path}`);
  }
  const parts = [`${title}:`, ...shown];
  if (listed.length) parts.push('Also in the workspace (not shown, to fit the context window):', ...listed);
  return parts.join('\n\n');
}

/** The messages with the files section filling what the window leaves after the rest of the prompt and the answer. */
function withFiles(
  input: StepPromptInput,
  head: string,
  tail: string,
  title: string,
  ordered: FileContent[],
): ChatMessage[] {
  const window = input.contextTokens > 0 ? input.contextTokens : UNKNOWN_CONTEXT;
  const fixed =
    estimateMessageTokens({ content: STEP_SYSTEM_PROMPT }) + estimateMessageTokens({ content: `${head}\n\n${tail}` });
  const room = Math.floor(window * (1 - ANSWER_SHARE));
  // Beyond the window Ollama drops the start of the prompt, the instructions with it: refuse instead.
  if (fixed > room)
    throw new CodelumiError(
      'overflow:context',
      `Step ${input.step.id}'s instructions and the plan take about ${fixed} tokens, more than the model's context window of ${window} leaves beside its answer. Raise the context window in Settings, or go on with a model that has a larger window.`,
      { tokens: fixed, contextLength: window },
    );
  const budget = room - fixed;
  const user = [head, filesSection(ordered, budget, title), tail].join('\n\n');
  return [
    { role: 'system', content: STEP_SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

/** The messages that ask the model to write `step` (see the module's comment). */
export function stepMessages(input: StepPromptInput): ChatMessage[] {
  const { plan, step } = input;
  const head = [
    `${WRITE_STEP_LEAD} ${step.id}: ${step.title}`,
    planOverview(plan, step),
    `What to do in this step:\n${step.detail}`,
    `Files to write in this step:\n${step.files.map((p) => `- ${p}${plan.files.find((f) => f.path === p) ? `: ${plan.files.find((f) => f.path === p)!.purpose}` : ''}`).join('\n') || '- (none named: write what the step needs)'}`,
    checkLine(step),
  ].join('\n\n');
  const tail = `Reply with each file of this step, complete, in its own fenced code block labelled with its path (\`\`\`ts src/app.ts).`;
  return withFiles(input, head, tail, 'Files written so far', relevantFiles(plan, step, input.files));
}

/** Program output in a fence it cannot close (the program's own ``` would otherwise end it and speak as the prompt). */
function fencedOutput(output: string): string {
  const fence = safeFence(output);
  return `${fence}text\n${output}\n${fence}`;
}

function lastLines(text: string, max = 40): string {
  const lines = text.trimEnd().split('\n');
  return (lines.length > max ? ['…', ...lines.slice(-max)] : lines).join('\n');
}

/**
 * The messages that ask for a fix after `step`'s check failed: the failing
 * output, the files involved (the step's, its check's, and what they import,
 * first), and the request for every corrected file in full.
 */
export function fixMessages(input: FixPromptInput): ChatMessage[] {
  const { plan, step, failure } = input;
  const what =
    failure.status === 'timeout'
      ? 'It did not finish within the time limit: look for an endless loop or very slow code.'
      : failure.failed > 0
        ? `${failure.failed} test${failure.failed === 1 ? '' : 's'} failed${failure.passed ? ` (${failure.passed} passed)` : ''}.`
        : `It failed${failure.message ? `: ${failure.message}` : '.'}`;
  const output = lastLines(failure.output);
  const parts = [
    `${FIX_STEP_LEAD} ${step.id}: ${step.title}`,
    `The check of this step failed. ${what}`,
    ...(failure.message && failure.failed > 0 ? [`First error: ${failure.message}`] : []),
    ...(output ? [`Output:\n${fencedOutput(output)}`] : []),
    ...(input.notes?.length ? [`About the previous answer:\n${input.notes.map((n) => `- ${n}`).join('\n')}`] : []),
    planOverview(plan, step),
    `What this step is for:\n${step.detail}`,
    checkLine(step),
  ];
  const tail =
    'Reply with the complete corrected version of every file that must change, each in its own fenced code block labelled with its path. Change the tests only if they contradict what the step asks for: never delete or skip a test, since the check fails when fewer tests run.';
  return withFiles(
    input,
    parts.join('\n\n'),
    tail,
    'The files as they are now',
    relevantFiles(plan, step, input.files),
  );
}

/** The text a step attempt stores as its prompt: every message, with its role. */
export function promptText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}
