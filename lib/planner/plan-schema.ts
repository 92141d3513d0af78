/**
 * The shape of a plan as the model writes it, twice: a zod schema that
 * checks what came back, and the JSON Schema sent as Ollama's `format`, so
 * the model's grammar and the check describe the same documents (a test
 * holds them to a corpus of valid and invalid plans), except for text
 * lengths, which only zod checks (see jsonText). Rules the shape cannot
 * say (unique ids, earlier dependencies, listed files, safe paths) are in
 * plan-rules.ts.
 */
import * as z from '../core/zod';
import type { Plan, PlanStep } from './types';

/** Limits of one plan: enough for a small app, small enough for a local model to finish. */
export const PLAN_LIMITS = {
  steps: 30,
  files: 60,
  filesPerStep: 20,
  dependsOnPerStep: 30,
  packagesPerStep: 12,
  goal: 600,
  title: 120,
  detail: 2000,
  purpose: 240,
  description: 400,
  path: 200,
  stepId: 24,
  language: 24,
  packageName: 80,
} as const;

const L = PLAN_LIMITS;
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const list = <T extends z.ZodMiniType>(item: T, max: number, min = 0) =>
  z.array(item).check(z.minLength(min), z.maxLength(max));

/** The languages a check can run in (CheckLanguage). */
export const CHECK_LANGUAGES = ['python', 'javascript', 'typescript'] as const;
/** The kinds of check (StepCheck.kind). */
export const CHECK_KINDS = ['test', 'run', 'preview', 'review'] as const;

const checkSchema = z.strictObject({
  kind: z.enum(CHECK_KINDS),
  description: text(L.description),
  language: z.optional(z.enum(CHECK_LANGUAGES)),
  testFile: z.optional(text(L.path)),
  entry: z.optional(text(L.path)),
});

/** One step as the model writes it (and as a re-plan of one step answers). */
export const stepSchema = z.strictObject({
  id: text(L.stepId),
  title: text(L.title),
  detail: text(L.detail),
  files: list(text(L.path), L.filesPerStep, 1),
  dependsOn: list(text(L.stepId), L.dependsOnPerStep),
  check: checkSchema,
  packages: z.optional(list(text(L.packageName), L.packagesPerStep)),
});

const fileSchema = z.strictObject({
  path: text(L.path),
  purpose: text(L.purpose),
  language: z.optional(text(L.language)),
});

/** A whole plan as the model writes it (no `lastStepNumber`: that is Codelumi's). */
export const modelPlanSchema = z.strictObject({
  goal: text(L.goal),
  files: list(fileSchema, L.files),
  steps: list(stepSchema, L.steps, 1),
});

/** A plan as stored and edited: the model's shape plus Codelumi's step counter. */
export const planSchema = z.strictObject({
  ...modelPlanSchema.shape,
  lastStepNumber: z.optional(z.int().check(z.nonnegative())),
});

// Compile-time: the schemas produce exactly the shared records.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const planMatches: Same<z.infer<typeof planSchema>, Plan> = true;
const stepMatches: Same<z.infer<typeof stepSchema>, PlanStep> = true;
void planMatches;
void stepMatches;

type JsonSchema = Record<string, unknown>;
/**
 * A text field for the grammar. No `maxLength`: llama.cpp (inside Ollama)
 * compiles it into a `char{1,n}` repetition, which bloats the grammar, and
 * its parser refuses repetitions of 2,000 or more ("failed to parse
 * grammar"), failing the whole request. The limit is in the description and
 * zod enforces it; an answer over it is sent back with the error.
 */
const jsonText = (max: number, description?: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  description: `${description ? `${description} ` : ''}At most ${max} characters.`,
});
const jsonList = (items: JsonSchema, max: number, min = 0, description?: string): JsonSchema => ({
  type: 'array',
  items,
  minItems: min,
  maxItems: max,
  ...(description ? { description } : {}),
});

const checkJson: JsonSchema = {
  type: 'object',
  description: 'How the step is verified.',
  properties: {
    kind: {
      type: 'string',
      enum: [...CHECK_KINDS],
      description:
        'test: run testFile in the sandbox; run: run entry, passes when it ends without error; preview: render entry (HTML or React); review: the user reads the files.',
    },
    description: jsonText(L.description, 'What the check shows, in one sentence.'),
    language: { type: 'string', enum: [...CHECK_LANGUAGES], description: 'The language the check runs in.' },
    testFile: jsonText(L.path, 'kind test: the file holding the tests.'),
    entry: jsonText(L.path, 'kind run or preview: the file to run or render.'),
  },
  required: ['kind', 'description'],
  additionalProperties: false,
};

/** One step in JSON Schema (the `format` of a single-step re-plan). */
export const STEP_JSON_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: jsonText(L.stepId, 'Step id: s1, s2, …'),
    title: jsonText(L.title, 'A short imperative title.'),
    detail: jsonText(L.detail, 'What to write, in a few sentences.'),
    files: jsonList(jsonText(L.path), L.filesPerStep, 1, 'Paths of the files this step creates or changes.'),
    dependsOn: jsonList(jsonText(L.stepId), L.dependsOnPerStep, 0, 'Ids of earlier steps this step needs.'),
    check: checkJson,
    packages: jsonList(
      jsonText(L.packageName),
      L.packagesPerStep,
      0,
      'Packages the code imports beyond the standard library.',
    ),
  },
  required: ['id', 'title', 'detail', 'files', 'dependsOn', 'check'],
  additionalProperties: false,
};

/** The whole plan in JSON Schema: Ollama's `format` for planning. */
export const PLAN_JSON_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    goal: jsonText(L.goal, 'What the finished work does, in one or two sentences.'),
    files: jsonList(
      {
        type: 'object',
        properties: {
          path: jsonText(L.path, 'Relative path with "/" between folders, e.g. src/app.py.'),
          purpose: jsonText(L.purpose, 'One line: what the file is for.'),
          language: jsonText(L.language, 'The language, e.g. python, ts, html.'),
        },
        required: ['path', 'purpose'],
        additionalProperties: false,
      },
      L.files,
      0,
      'Every file the steps create or change.',
    ),
    steps: jsonList(STEP_JSON_SCHEMA, L.steps, 1, 'Ordered steps; each depends only on earlier ones.'),
  },
  required: ['goal', 'files', 'steps'],
  additionalProperties: false,
};

/** The zod issues of a value as short lines (`steps.2.check.kind: Invalid option …`), at most `max`. */
export function describeIssues(error: z.core.$ZodError, max = 8): string[] {
  const lines = error.issues.slice(0, max).map((i) => `${i.path.join('.') || 'plan'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`… and ${error.issues.length - max} more`);
  return lines;
}
