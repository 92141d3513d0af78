/**
 * Asking the user's model for a plan (or one step again) with Ollama's
 * structured output: the JSON Schema as `format`, streamed so progress can
 * be shown, then read and checked with zod and the plan's rules. An answer
 * that cannot be used is sent back once with the errors quoted; a second
 * failure is an `invalid:plan` error that says what to do. Failures of the
 * call itself (Ollama down, model missing, stream cut) are classified as in
 * the chat. Stoppable at any moment through the caller's AbortSignal.
 */
import { CodelumiError } from '../core/errors';
import type { PromptTrace } from '../core/records';
import type { ContextSection } from '../prompt/context-sections';
import type { BuiltPrompt } from '../prompt/prompt';
import { replaceStep } from './plan-edit';
import {
  lessonsUsed,
  planAnswerReserve,
  planMessages,
  replanMessages,
  retryMessages,
  stepAnswerReserve,
  type PlanningLesson,
} from './plan-prompt';
import { parsePlan, planProblems } from './plan-rules';
import { describeIssues, PLAN_JSON_SCHEMA, STEP_JSON_SCHEMA, stepSchema } from './plan-schema';
import { askStructured, type StructuredCall } from './structured-call';
import type { Plan, PlanStep } from './types';

export type { OllamaTarget, PlanProgress } from './structured-call';

interface ModelCallInput extends StructuredCall {
  context?: readonly ContextSection[];
  exclude?: readonly string[];
  lessons?: readonly PlanningLesson[];
  /** The user's own system prompt (Settings). */
  systemPrompts?: readonly (string | undefined)[];
}

export interface GeneratePlanInput extends ModelCallInput {
  request: string;
}

/** A usable plan, with what normalizePlan repaired and what shaped it. */
export interface GeneratedPlan {
  plan: Plan;
  /** What was repaired in the model's plan (paths, ids, missing file entries …), in sentences. */
  changes: string[];
  /** 1, or 2 when the first answer had to be sent back. */
  attempts: 1 | 2;
  /** Lessons that were in the prompt (PlanRecord.patternIds). */
  lessonIds: string[];
  trace: PromptTrace;
}

/** How one try was read: a value, or the errors to quote back. */
type Reading<T> = { ok: true; value: T; notes: string[] } | { ok: false; errors: string[] };

/** The JSON in an answer: the whole text, or what lies between the first `{` and the last `}` (a fenced answer). */
function readJson(text: string, cut: boolean): Reading<unknown> {
  if (cut)
    return {
      ok: false,
      errors: [
        'The answer stopped at the length limit before the JSON was complete: write a shorter plan (fewer steps, shorter details).',
      ],
    };
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, errors: ['The answer was empty.'] };
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  try {
    return {
      ok: true,
      value: JSON.parse(start >= 0 && end > start ? trimmed.slice(start, end + 1) : trimmed),
      notes: [],
    };
  } catch (err) {
    return {
      ok: false,
      errors: [`The answer is not valid JSON (${err instanceof Error ? err.message : String(err)}).`],
    };
  }
}

/** Two tries at a structured answer: the second quotes what was wrong with the first. */
async function twoTries<T>(
  input: ModelCallInput,
  prompt: BuiltPrompt,
  format: Record<string, unknown>,
  reserve: number,
  read: (value: unknown) => Reading<T>,
  what: string,
): Promise<{ value: T; notes: string[]; attempts: 1 | 2 }> {
  const first = await askStructured(input, prompt.messages, format, reserve, 1);
  const firstJson = readJson(first.text, first.cut);
  const firstReading = firstJson.ok ? read(firstJson.value) : firstJson;
  if (firstReading.ok) return { value: firstReading.value, notes: firstReading.notes, attempts: 1 };

  const again = retryMessages(prompt, first.text, firstReading.errors, reserve);
  const second = await askStructured(input, again, format, reserve, 2);
  const secondJson = readJson(second.text, second.cut);
  const secondReading = secondJson.ok ? read(secondJson.value) : secondJson;
  if (secondReading.ok) return { value: secondReading.value, notes: secondReading.notes, attempts: 2 };

  const quoted = secondReading.errors.slice(0, 3).join(' ');
  throw new CodelumiError(
    'invalid:plan',
    `The model did not return a usable ${what} twice: ${quoted} Try again, rephrase the request, or choose a larger model.`,
    { model: input.model, cause: [...firstReading.errors, '(second try)', ...secondReading.errors].join('\n') },
  );
}

/**
 * A validated plan for `request`: planned with the Brain's context and the
 * lessons, read with zod and the plan's rules (repairs reported in
 * `changes`), with one second try. Throws a CodelumiError: `invalid:plan`
 * after two unusable answers, `aborted:user` when stopped, `overflow:context`
 * when the request alone does not fit, or what classifyOllamaError makes of
 * a failed call.
 */
export async function generatePlan(input: GeneratePlanInput): Promise<GeneratedPlan> {
  const prompt = planMessages(input);
  const reserve = planAnswerReserve(input.contextLength);
  const read = (value: unknown): Reading<Plan> => {
    const parsed = parsePlan(value);
    return parsed.ok ? { ok: true, value: parsed.plan, notes: parsed.changes } : parsed;
  };
  const got = await twoTries(input, prompt, PLAN_JSON_SCHEMA, reserve, read, 'plan');
  return {
    plan: got.value,
    changes: got.notes,
    attempts: got.attempts,
    lessonIds: lessonsUsed(prompt),
    trace: prompt.trace,
  };
}

export interface ReplanStepInput extends ModelCallInput {
  plan: Plan;
  stepId: string;
  /** What the user wants changed ("use SQLite instead"). */
  note: string;
}

/** A re-planned step, and the plan with it in place. */
export interface ReplannedStep {
  step: PlanStep;
  plan: Plan;
  /** What changed around it (files added to the plan's list …). */
  notes: string[];
  attempts: 1 | 2;
}

/**
 * Step `stepId` planned again following the user's note: it keeps its id,
 * depends only on earlier steps and fits the whole plan (checked with
 * replaceStep), or the model is asked once more; errors as generatePlan.
 */
export async function replanStep(input: ReplanStepInput): Promise<ReplannedStep> {
  const prompt = replanMessages(input);
  const reserve = stepAnswerReserve(input.contextLength);
  const read = (value: unknown): Reading<{ step: PlanStep; plan: Plan }> => {
    const shaped = stepSchema.safeParse(value);
    if (!shaped.success) return { ok: false, errors: describeIssues(shaped.error) };
    const placed = replaceStep(input.plan, input.stepId, shaped.data);
    if (!placed.ok) return { ok: false, errors: [placed.reason] };
    // Only what the new step breaks counts: the plan's other problems are the user's to see, not the model's.
    const before = new Set(planProblems(input.plan).map((p) => p.message));
    const added = placed.problems.filter((p) => !before.has(p.message));
    if (added.length) return { ok: false, errors: added.map((p) => p.message) };
    const step = placed.plan.steps.find((s) => s.id === input.stepId)!;
    return { ok: true, value: { step, plan: placed.plan }, notes: placed.notes };
  };
  const got = await twoTries(input, prompt, STEP_JSON_SCHEMA, reserve, read, 'step');
  return { ...got.value, notes: got.notes, attempts: got.attempts };
}
