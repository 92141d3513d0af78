/**
 * The Planner end to end under Node: the fake Ollama over HTTP plays the
 * scripted session (tests/fake-ollama/plan-session.ts), the database is
 * fake-indexeddb, and checks run in the node:vm sandbox double. A request
 * becomes a plan, is edited, executes with step s2 failing its tests and the
 * fix loop repairing it, "reloads" in the middle of s2 (a new tab over the
 * same database, the old one gone mid-answer), resumes and finishes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type CodelumiDB } from '@/lib/db/db';
import { createPlannerService, type PlannerService } from '@/lib/planner/service';
import { createModelFacts } from '@/lib/planner/model-facts';
import { currentFiles, fileVersions } from '@/lib/planner/workspace';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { DEMO_PLAN_SESSION, planSessionRules, writeStepPattern } from '../fake-ollama/plan-session';
import { IDBFactory, IDBKeyRange, uniqueDbName } from '../support/db';
import { createTestLocks } from '../support/locks';
import { eventually } from '../support/chat';
import { settingsFor, testGenerate, vmSandbox, CODER } from './support';
import { vmRunCheck } from './vm-check';

let fake: FakeOllama;
let factory: IDBFactory;
let name: string;
const open: CodelumiDB[] = [];

/** One tab: its own connection to the shared database, its own locks (a closed tab's locks go with it). */
function tab(): { db: CodelumiDB; planner: PlannerService } {
  const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
  open.push(db);
  const planner = createPlannerService({
    db,
    settings: () => settingsFor(fake.url),
    sandbox: vmSandbox,
    generate: testGenerate,
    locks: createTestLocks(),
  });
  return { db, planner };
}

beforeEach(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 2000 });
  factory = new IDBFactory();
  name = uniqueDbName('codelumi-planner');
});
afterEach(async () => {
  await fake.close();
  for (const db of open.splice(0)) db.close();
});

describe('a scripted plan-and-execute session', () => {
  it('plans, executes with one step fixed, resumes after a reload mid-step, and ends with files whose tests pass', async () => {
    fake.script([
      // The first answer for s2 stops after a few words and never ends: the tab is closed while it streams.
      {
        match: { lastUser: new RegExp(writeStepPattern('s2')) },
        reply: {
          content: '```js src/count.js\nimport { words }',
          fault: { kind: 'silent-mid-stream', afterTokens: 3 },
        },
        times: 1,
      },
      ...planSessionRules(DEMO_PLAN_SESSION),
    ]);
    const first = tab();
    const planned = await first.planner.startPlanning('Build me a word counter in JavaScript', { model: CODER });
    expect(planned.status).toBe('draft');
    expect(planned.plan.steps.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(planned.title).toMatch(/counts the words/);

    // The user edits the plan: a clearer title for step 3.
    const edited = structuredClone(planned.plan);
    edited.steps[2]!.title = 'Write a short README';
    await first.planner.updatePlan(planned.id, edited, planned.updatedAt);

    void first.planner.execute(planned.id);
    // Step 1 done, step 2's answer streaming: the tab goes away.
    await eventually(async () => {
      const s2 = await first.db.planSteps.get(`${planned.id}:s2`);
      expect(s2?.attempts[0]?.answer).toContain('```js');
    });
    expect((await first.db.planSteps.get(`${planned.id}:s1`))?.status).toBe('passed');
    first.db.close();

    const second = tab();
    const end = await second.planner.resume(planned.id);
    expect(end).toBe('waiting'); // s3 waits for the user's review
    const s2 = (await second.db.planSteps.get(`${planned.id}:s2`))!;
    expect(s2.status).toBe('fixed');
    expect(s2.attempts.map((a) => [a.kind, !!a.interrupted, a.check?.status])).toEqual([
      ['write', true, undefined],
      ['write', false, 'error'],
      ['fix', false, 'ok'],
    ]);
    expect(s2.attempts[1]!.check).toMatchObject({ passed: 0, failed: 1 });
    expect(s2.attempts[2]!.prompt).toMatch(/Fix step s2:/);
    expect(s2.attempts[2]!.prompt).toContain('counts each word, case ignored');

    const s3 = (await second.db.planSteps.get(`${planned.id}:s3`))!;
    expect(s3.status).toBe('checking');
    expect(s3.attempts[0]!.prompt).toContain('Write step s3: Write a short README');
    await second.planner.accept(planned.id, 's3');
    await eventually(async () => expect((await second.db.plans.get(planned.id))?.status).toBe('done'));

    const files = await currentFiles(second.db, planned.id);
    expect(files.map((f) => f.path)).toEqual([
      'README.md',
      'src/count.js',
      'src/count.test.js',
      'src/words.js',
      'src/words.test.js',
    ]);
    expect(
      (await fileVersions(second.db, planned.id, 'src/count.js')).map((v) => v.content.includes('toLowerCase')),
    ).toEqual([false, true]);
    // The delivered files are checked again here, apart from the executor: every test of both modules passes.
    const all = files.map((f) => ({ path: f.path, content: f.content }));
    const byPath = (p: string) => all.find((f) => f.path === p)!;
    for (const [code, tests] of [
      ['src/words.js', 'src/words.test.js'],
      ['src/count.js', 'src/count.test.js'],
    ] as const) {
      const run = await vmRunCheck({
        language: 'javascript',
        code: byPath(code).content,
        path: code,
        tests: byPath(tests).content,
        testsPath: tests,
        files: all.filter((f) => f.path !== code && f.path !== tests),
      });
      expect(run).toMatchObject({ status: 'ok', failed: 0 });
      expect(run.passed).toBeGreaterThan(0);
    }
    // One plan call, s1, the cut-off s2, s2 again, its fix, s3.
    expect(fake.chatRequests().map((r) => r.lastUser.split(':')[0])).toEqual([
      'Build me a word counter in JavaScript',
      'Write step s1',
      'Write step s2',
      'Write step s2',
      'Fix step s2',
      'Write step s3',
    ]);
  });

  it('pausing aborts the streaming request to Ollama and keeps what arrived as an interrupted attempt', async () => {
    fake.script([
      {
        match: { lastUser: new RegExp(writeStepPattern('s1')) },
        reply: { content: 'word '.repeat(50), fault: { kind: 'endless' } },
      },
      ...planSessionRules(DEMO_PLAN_SESSION),
    ]);
    const { db, planner } = tab();
    const planned = await planner.startPlanning('Build me a word counter in JavaScript');
    const ended = planner.execute(planned.id);
    await eventually(() => expect(planner.executor(planned.id).state.get().current?.answer).toMatch(/word word/));
    await planner.pause(planned.id);
    expect(await ended).toBe('paused');
    const [attempt] = (await db.planSteps.get(`${planned.id}:s1`))!.attempts;
    expect(attempt).toMatchObject({ kind: 'write', interrupted: true });
    expect(attempt!.answer).toMatch(/^word word/);
    expect(await db.workspaceFiles.count()).toBe(0);
    // The endless answer was given up: the fake is left with no request to answer (it would stream forever).
    await fake.idle();
  });

  it("asks each step within the model's own window (read from Ollama when the run starts), as the chat does", async () => {
    fake.setModels([{ name: CODER, contextLength: 2048 }]);
    fake.script(planSessionRules(DEMO_PLAN_SESSION));
    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    open.push(db);
    const facts = createModelFacts({ host: () => fake.url });
    const planner = createPlannerService({
      db,
      settings: () => settingsFor(fake.url),
      sandbox: vmSandbox,
      generate: testGenerate,
      modelContext: async (model) => (await facts.load(model))?.contextLength,
      locks: createTestLocks(),
    });
    const planned = await planner.startPlanning('Build me a word counter in JavaScript', { model: CODER });
    await planner.execute(planned.id);
    const steps = fake.chatRequests().filter((r) => /^(Write|Fix) step/.test(r.lastUser));
    expect(steps.length).toBeGreaterThan(0);
    // Settings leave the window at 0: the model's 2048, not the 8192 the Planner fell back to.
    expect(new Set(steps.map((r) => r.body.options?.num_ctx))).toEqual(new Set([2048]));
  });

  it('tells the model its answer stopped at the answer limit when a step is fixed after that', async () => {
    fake.script([
      // s1's first answer stops at num_predict in the middle of its test file: the tests cannot run.
      {
        match: { lastUser: new RegExp(writeStepPattern('s1')) },
        reply: { content: '```js src/words.js\nexport function words(', doneReason: 'length' },
        times: 1,
      },
      ...planSessionRules(DEMO_PLAN_SESSION),
    ]);
    const { db, planner } = tab();
    const planned = await planner.startPlanning('Build me a word counter in JavaScript', { model: CODER });
    await planner.execute(planned.id);
    const s1 = (await db.planSteps.get(`${planned.id}:s1`))!;
    expect(s1.attempts.map((a) => [a.kind, !!a.cutAtLimit])).toEqual([
      ['write', true],
      ['fix', false],
    ]);
    expect(s1.attempts[1]!.prompt).toMatch(/stopped at the answer length limit/);
  });
});
