/**
 * What a retry or a hand edit does to the later steps (P1-6, P2-3): a later
 * step that changed the same file is written again after the retried step
 * (its change is never lost), and a later step that depends on it is checked
 * again. Real database (fake-indexeddb), a scripted model, the node:vm sandbox double.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { PlanExecutor, type StepChat } from '@/lib/planner/executor';
import { createPlan } from '@/lib/planner/store';
import { currentFiles, dropStepVersions, writeFiles } from '@/lib/planner/workspace';
import type { Plan } from '@/lib/planner/types';
import { stepAnswer } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';
import { vmRunCheck } from './vm-check';

const plan: Plan = {
  goal: 'A calculator',
  files: [
    { path: 'calc.js', purpose: 'add, then sub' },
    { path: 'add.test.js', purpose: 'tests of add' },
    { path: 'sub.test.js', purpose: 'tests of sub' },
    { path: 'main.test.js', purpose: 'tests of the whole' },
  ],
  steps: [
    {
      id: 's1',
      title: 'Add',
      detail: 'add',
      files: ['calc.js', 'add.test.js'],
      dependsOn: [],
      check: { kind: 'test', description: 'add', testFile: 'add.test.js' },
    },
    {
      id: 's2',
      title: 'Sub',
      detail: 'sub',
      files: ['calc.js', 'sub.test.js'],
      dependsOn: ['s1'],
      check: { kind: 'test', description: 'sub', testFile: 'sub.test.js' },
    },
    {
      id: 's3',
      title: 'Whole',
      detail: 'whole',
      files: ['main.test.js'],
      dependsOn: ['s1'],
      check: { kind: 'test', description: 'whole', testFile: 'main.test.js' },
    },
  ],
};

const ADD = 'export const add = (a, b) => a + b;\n';
const SUB = 'export const sub = (a, b) => a - b;\n';
const answersOf = (s1Version: string): Record<string, Record<string, string>> => ({
  s1: {
    'calc.js': `${ADD}// ${s1Version}\n`,
    'add.test.js': "import { add } from './calc.js';\ntest('adds', () => expect(add(1, 2)).toBe(3));\n",
  },
  s2: {
    'calc.js': `${ADD}${SUB}`,
    'sub.test.js': "import { sub } from './calc.js';\ntest('subtracts', () => expect(sub(3, 2)).toBe(1));\n",
  },
  s3: {
    'main.test.js': "import { add } from './calc.js';\ntest('adds twice', () => expect(add(add(1, 1), 1)).toBe(3));\n",
  },
});

let db: CodelumiDB;
let planId: string;
beforeEach(async () => {
  db = freshDatabase();
  planId = (await createPlan(db, { request: 'calc', model: 'm', plan, status: 'draft' })).id;
});
afterEach(() => db.close());

function scripted() {
  const calls: string[] = [];
  let writesOfS1 = 0;
  const chat: StepChat = async (messages, { onToken }) => {
    const lead = messages.at(-1)!.content.split('\n')[0]!;
    calls.push(lead);
    const [, , id] = /^(Write|Fix) step (\w+):/.exec(lead)!;
    if (id === 's1') writesOfS1++;
    const content = stepAnswer(answersOf(`v${writesOfS1}`)[id!]!);
    onToken(content);
    return content;
  };
  return { chat, calls };
}

const executor = (chat: StepChat) =>
  new PlanExecutor(
    { db, chat, runCheck: vmRunCheck, fixBound: () => 1, contextTokens: () => 8192, saveIntervalMs: 5 },
    planId,
  );
const run = async (id: string) => (await db.planSteps.get(`${planId}:${id}`))!;
const file = async (path: string) => (await currentFiles(db, planId)).find((f) => f.path === path)?.content;

describe('the workspace orders versions by step', () => {
  it('a retried earlier step’s new version never hides a later step’s change of the same file', async () => {
    await writeFiles(db, planId, [{ path: 'calc.js', content: ADD }], { stepId: 's1', source: 'model' });
    await writeFiles(db, planId, [{ path: 'calc.js', content: ADD + SUB }], { stepId: 's2', source: 'model' });
    await dropStepVersions(db, planId, 's1');
    await writeFiles(db, planId, [{ path: 'calc.js', content: `${ADD}// v2\n` }], { stepId: 's1', source: 'model' });
    expect(await file('calc.js')).toBe(ADD + SUB);
  });
});

describe('retry resets the later steps it reaches', () => {
  it('rewrites a later step that changed the same file after the retried one, and rechecks a dependent', async () => {
    const { chat, calls } = scripted();
    const x = executor(chat);
    expect(await x.execute()).toBe('done');
    expect(await file('calc.js')).toContain(SUB.trim());

    calls.length = 0;
    await x.retry('s1');
    expect(await x.execute()).toBe('done');
    expect(calls).toEqual(['Write step s1: Add', 'Write step s2: Sub']);
    // s2 wrote calc.js again on top of s1's new version: nothing of s2 is lost.
    expect(await file('calc.js')).toContain(SUB.trim());
    expect((await run('s2')).status).toBe('passed');
    // s3 depends on s1 and was checked again, without a model call.
    const s3 = await run('s3');
    expect(s3.status).toBe('passed');
    expect(s3.attempts.at(-1)).toMatchObject({ kind: 'write', recheckAfter: 's1', files: [], check: { status: 'ok' } });
  });
});

describe('a hand edit rechecks the steps that depend on it (P2-3)', () => {
  it('a dependent whose tests the edit breaks is checked again and no longer counts as passed', async () => {
    const { chat } = scripted();
    const x = executor(chat);
    expect(await x.execute()).toBe('done');
    // The user breaks add in calc.js (s2's version, the current one): s3 tests add through it.
    await x.editFile('calc.js', `export const add = (a, b) => a * b;\n${SUB}`);
    await x.execute().catch(() => undefined);
    const s3 = await run('s3');
    const recheck = s3.attempts.find((a) => a.recheckAfter === 's2');
    expect(recheck?.check).toMatchObject({ status: 'error', failed: 1 });
    expect(s3.status).not.toBe('passed');
  });
});
