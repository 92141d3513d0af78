import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  modelPlanSchema,
  PLAN_JSON_SCHEMA,
  PLAN_LIMITS,
  planSchema,
  STEP_JSON_SCHEMA,
  stepSchema,
} from '@/lib/planner/plan-schema';
import { cliPlan } from './plans';

const ajv = new Ajv({ allErrors: true, strict: true });
const jsonPlan = ajv.compile(PLAN_JSON_SCHEMA);
const jsonStep = ajv.compile(STEP_JSON_SCHEMA);

type Edit = (p: any) => void;
const variant = (edit: Edit) => {
  const p: any = structuredClone(cliPlan());
  edit(p);
  return p;
};
const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

const valid: [string, unknown][] = [
  ['the sample plan', cliPlan()],
  ['a plan with no files listed', variant((p) => (p.files = []))],
  ['a step with packages', variant((p) => (p.steps[1].packages = ['requests']))],
  ['a file without a language', variant((p) => delete p.files[0].language)],
  ['a run check', variant((p) => (p.steps[1].check = { kind: 'run', description: 'Runs', entry: 'words.py' }))],
  [
    'a preview check',
    variant((p) => (p.steps[2].check = { kind: 'preview', description: 'Shows', entry: 'index.html' })),
  ],
  [
    'the most steps allowed',
    variant((p) => (p.steps = many(PLAN_LIMITS.steps, () => structuredClone(cliPlan().steps[0])))),
  ],
  ['the longest goal allowed', variant((p) => (p.goal = 'g'.repeat(PLAN_LIMITS.goal)))],
];

const invalid: [string, unknown][] = [
  ['not an object', 'a plan'],
  ['null', null],
  ['no goal', variant((p) => delete p.goal)],
  ['an empty goal', variant((p) => (p.goal = ''))],
  ['no steps', variant((p) => (p.steps = []))],
  [
    'too many steps',
    variant((p) => (p.steps = many(PLAN_LIMITS.steps + 1, () => structuredClone(cliPlan().steps[0])))),
  ],
  [
    'too many files',
    variant((p) => (p.files = many(PLAN_LIMITS.files + 1, (i) => ({ path: `f${i}.py`, purpose: 'x' })))),
  ],
  ['a step writing no file', variant((p) => (p.steps[0].files = []))],
  ['a step without a check', variant((p) => delete p.steps[0].check)],
  ['an unknown check kind', variant((p) => (p.steps[0].check.kind = 'manual'))],
  ['an unknown check language', variant((p) => (p.steps[1].check.language = 'go'))],
  ['dependsOn as a string', variant((p) => (p.steps[1].dependsOn = 's1'))],
  ['a number as a path', variant((p) => (p.steps[1].files = [42]))],
  ['an extra field on the plan', variant((p) => (p.notes = 'hi'))],
  ['an extra field on a step', variant((p) => (p.steps[0].status = 'done'))],
  ['an extra field on a check', variant((p) => (p.steps[0].check.command = 'rm -rf /'))],
  ['a file without a purpose', variant((p) => delete p.files[0].purpose)],
  ['an empty title', variant((p) => (p.steps[0].title = ''))],
  ['packages as a string', variant((p) => (p.steps[0].packages = 'requests'))],
];

/** Too long for zod, left out of the grammar (see jsonText in plan-schema.ts). */
const tooLong: [string, unknown][] = [
  ['a goal too long', variant((p) => (p.goal = 'g'.repeat(PLAN_LIMITS.goal + 1)))],
  ['a detail too long', variant((p) => (p.steps[0].detail = 'd'.repeat(PLAN_LIMITS.detail + 1)))],
  ['a path too long', variant((p) => (p.files[0].path = `${'a/'.repeat(100)}x.py`))],
];

/** Every subschema of a JSON Schema, the root first. */
function* subschemas(schema: unknown): Generator<Record<string, unknown>> {
  if (typeof schema !== 'object' || schema === null) return;
  yield schema as Record<string, unknown>;
  for (const v of Object.values(schema)) {
    if (Array.isArray(v)) for (const x of v) yield* subschemas(x);
    else if (typeof v === 'object') yield* subschemas(v);
  }
}

describe('the plan schema and the JSON Schema sent as format', () => {
  it.each(valid)('both accept %s', (_, plan) => {
    expect(modelPlanSchema.safeParse(plan).success).toBe(true);
    expect(jsonPlan(plan), JSON.stringify(jsonPlan.errors)).toBe(true);
  });

  it.each(invalid)('both refuse %s', (_, plan) => {
    expect(modelPlanSchema.safeParse(plan).success).toBe(false);
    expect(jsonPlan(plan)).toBe(false);
  });

  it.each(tooLong)('leave %s to zod, which refuses it', (_, plan) => {
    expect(modelPlanSchema.safeParse(plan).success).toBe(false);
    expect(jsonPlan(plan)).toBe(true);
  });

  it('keep the grammar llama.cpp compiles small: no text length, short lists, closed objects', () => {
    for (const schema of [PLAN_JSON_SCHEMA, STEP_JSON_SCHEMA]) {
      for (const sub of subschemas(schema)) {
        expect(sub).not.toHaveProperty('maxLength');
        if (typeof sub.maxItems === 'number') expect(sub.maxItems).toBeLessThanOrEqual(60);
        if (sub.type === 'object') expect(sub.additionalProperties).toBe(false);
      }
    }
    // The limits are still told to the model.
    expect(JSON.stringify(PLAN_JSON_SCHEMA)).toContain(`At most ${PLAN_LIMITS.detail} characters.`);
  });

  it('agree on single steps (the re-plan format)', () => {
    const step = cliPlan().steps[1];
    expect(stepSchema.safeParse(step).success).toBe(true);
    expect(jsonStep(step)).toBe(true);
    const broken = { ...step, check: { kind: 'test' } };
    expect(stepSchema.safeParse(broken).success).toBe(false);
    expect(jsonStep(broken)).toBe(false);
  });

  it('keeps the step counter out of what the model is asked for, but in what is stored', () => {
    const stored = { ...cliPlan(), lastStepNumber: 7 };
    expect(planSchema.safeParse(stored).success).toBe(true);
    expect(modelPlanSchema.safeParse(stored).success).toBe(false);
    expect(jsonPlan(stored)).toBe(false);
  });
});
