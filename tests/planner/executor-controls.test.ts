/**
 * The executor's controls over a real database (fake-indexeddb), the demo
 * session's answers from a scripted model call (so the test decides when a
 * call is in flight) and the node:vm sandbox double: pause, stop, skip,
 * retry, the user's edit, review decisions, the one-executor lock, and an
 * Ollama failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { CodelumiError, isCodelumiError } from '@/lib/core/errors';
import { PlanExecutor, type ExecutorDeps, type StepChat } from '@/lib/planner/executor';
import { createPlan } from '@/lib/planner/store';
import { currentFiles, fileVersions } from '@/lib/planner/workspace';
import type { StepRun } from '@/lib/planner/types';
import { DEMO_PLAN_SESSION, stepAnswer } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/chat';
import { vmRunCheck } from './vm-check';

let db: CodelumiDB;
let planId: string;
beforeEach(async () => {
  db = freshDatabase();
  planId = (
    await createPlan(db, { request: 'word counter', model: 'm', plan: DEMO_PLAN_SESSION.plan, status: 'draft' })
  ).id;
});
afterEach(() => db.close());

const answers = Object.fromEntries(DEMO_PLAN_SESSION.steps.map((s) => [s.id, s]));

/**
 * The demo session's answers by the prompt's first line. A call whose first
 * line is in `gates` waits at its gate (after a first piece) until the test
 * opens it or the call is aborted. `brokenFix`: the fix answers the buggy file again.
 */
function scripted(options: { gates?: Record<string, Deferred>; brokenFix?: boolean } = {}) {
  const calls: string[] = [];
  const chat: StepChat = async (messages, { signal, onToken }) => {
    const lead = messages.at(-1)!.content.split('\n')[0]!;
    calls.push(lead);
    const [, verb, id] = /^(Write|Fix) step (\w+):/.exec(lead)!;
    const s = answers[id!]!;
    const content = stepAnswer(verb === 'Fix' && !options.brokenFix ? s.fix! : s.files, s.prose);
    const gate = options.gates?.[lead];
    if (gate) {
      onToken(content.slice(0, 12));
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new CodelumiError('aborted:user', 'Stopped.')));
        void gate.promise.then(resolve);
      });
    }
    onToken(content);
    return content;
  };
  return { chat, calls };
}

function executor(chat: StepChat, extra: Partial<ExecutorDeps> = {}): PlanExecutor {
  return new PlanExecutor(
    { db, chat, runCheck: vmRunCheck, fixBound: () => 1, contextTokens: () => 8192, saveIntervalMs: 5, ...extra },
    planId,
  );
}

const run = async (stepId: string): Promise<StepRun> => (await db.planSteps.get(`${planId}:${stepId}`))!;
const status = async (stepId: string) => (await run(stepId))?.status;
const planStatus = async () => (await db.plans.get(planId))!.status;
const kinds = async (stepId: string) =>
  (await run(stepId)).attempts.map((a) => `${a.kind}${a.interrupted ? '!' : ''}:${a.check?.status ?? '-'}`);
const working = (x: PlanExecutor, stepId: string) =>
  eventually(() => expect(x.state.get().current?.stepId).toBe(stepId));

describe('pause and stop', () => {
  it('pause aborts the model call, keeps its partial answer as an interrupted attempt, and resume redoes the step', async () => {
    const gate = deferred();
    const { chat, calls } = scripted({ gates: { 'Write step s2: Count word frequencies': gate } });
    const x = executor(chat);
    const ended = x.execute();
    await working(x, 's2');
    await eventually(async () => expect((await run('s2')).attempts[0]?.answer).toBeTruthy());
    await x.pause();
    expect(await ended).toBe('paused');
    expect(await planStatus()).toBe('paused');
    expect(await status('s2')).toBe('pending');
    expect(await kinds('s2')).toEqual(['write!:-']);
    expect((await run('s2')).attempts[0]!.answer).toBe(stepAnswer(answers.s2!.files).slice(0, 12));
    expect((await currentFiles(db, planId)).map((f) => f.stepId)).not.toContain('s2'); // nothing half-written

    gate.resolve();
    expect(await x.execute()).toBe('waiting');
    expect(await kinds('s2')).toEqual(['write!:-', 'write:error', 'fix:ok']);
    expect(calls.filter((c) => c.startsWith('Write step s2'))).toHaveLength(2);
  });

  it('stop leaves the plan stopped, and it can be resumed', async () => {
    const gate = deferred();
    const x = executor(scripted({ gates: { 'Write step s1: Split text into words': gate } }).chat);
    const ended = x.execute();
    await working(x, 's1');
    await x.stop();
    expect(await ended).toBe('stopped');
    expect(await planStatus()).toBe('stopped');
    gate.resolve();
    expect(await x.execute()).toBe('waiting');
    expect(await status('s1')).toBe('passed');
  });
});

describe('skip and retry', () => {
  it('skipping the running step interrupts its call and carries on with the next', async () => {
    const x = executor(scripted({ gates: { 'Write step s2: Count word frequencies': deferred() } }).chat);
    void x.execute();
    await working(x, 's2');
    await x.skip('s2');
    await eventually(async () => expect(await status('s3')).toBe('checking'));
    expect(await status('s2')).toBe('skipped');
    expect(await kinds('s2')).toEqual(['write!:-']);
  });

  it('skipping a later step waits for the running one, which is not interrupted', async () => {
    const gate = deferred();
    const x = executor(scripted({ gates: { 'Write step s1: Split text into words': gate } }).chat);
    const first = x.execute();
    await working(x, 's1');
    const skipped = x.skip('s3');
    gate.resolve();
    await skipped;
    await first;
    await eventually(async () => expect(await planStatus()).toBe('done'));
    expect(await kinds('s1')).toEqual(['write:ok']);
    expect(await status('s3')).toBe('skipped');
  });

  it('retry drops the step’s versions and writes it again; its earlier attempts stay to be seen', async () => {
    const { chat, calls } = scripted();
    const x = executor(chat);
    expect(await x.execute()).toBe('waiting');
    await x.retry('s2');
    await eventually(async () => expect(await kinds('s2')).toEqual(['write:error', 'fix:ok', 'write:error', 'fix:ok']));
    expect(calls.filter((c) => c.startsWith('Fix step s2'))).toHaveLength(2);
    // The first try's two versions of count.js are gone; the second try's are the only ones.
    expect((await fileVersions(db, planId, 'src/count.js')).map((v) => v.version)).toEqual([1, 2]);
    expect(await status('s2')).toBe('fixed');
  });
});

describe('the user’s hand', () => {
  it('a step that failed past the fix loop fails the plan; the user’s edit is re-checked and execution carries on', async () => {
    const x = executor(scripted({ brokenFix: true }).chat);
    expect(await x.execute()).toBe('failed');
    expect(await kinds('s2')).toEqual(['write:error', 'fix:error']);
    expect(await db.plans.get(planId)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Step s2 .* failed its check after 1 fix/),
    });

    await x.editFile('src/count.js', answers.s2!.fix!['src/count.js']!);
    await eventually(async () => expect(await status('s3')).toBe('checking'));
    expect(await kinds('s2')).toEqual(['write:error', 'fix:error', 'user-edit:ok']);
    expect(await status('s2')).toBe('fixed');
    expect((await fileVersions(db, planId, 'src/count.js')).at(-1)).toMatchObject({ source: 'user', stepId: 's2' });
    expect(await planStatus()).toBe('executing');
  });

  it('a review step waits; rejecting fails the plan, accepting it then finishes the plan', async () => {
    const x = executor(scripted().chat);
    expect(await x.execute()).toBe('waiting');
    await x.reject('s3');
    await eventually(async () => expect(await planStatus()).toBe('failed'));
    expect((await db.plans.get(planId))!.error).toMatch(/You rejected step s3/);
    expect(await kinds('s3')).toEqual(['write:rejected']);
    await x.accept('s3');
    await eventually(async () => expect(await planStatus()).toBe('done'));
    expect(await status('s3')).toBe('accepted');
  });

  it('refuses to accept a step that is not waiting for review', async () => {
    const x = executor(scripted().chat);
    await x.execute();
    const err = await x.accept('s1').catch((e: unknown) => e);
    expect(isCodelumiError(err) && err.code).toBe('conflict:plan');
  });
});

describe('one executor per plan, and Ollama failing', () => {
  it('a second executor of a running plan (another tab) is refused with busy:plan', async () => {
    const locks = createTestLocks();
    const gate = deferred();
    const a = executor(scripted({ gates: { 'Write step s1: Split text into words': gate } }).chat, { locks });
    const b = executor(scripted().chat, { locks });
    const running = a.execute();
    await working(a, 's1');
    const err = await b.execute().catch((e: unknown) => e);
    expect(isCodelumiError(err) && err.code).toBe('busy:plan');
    gate.resolve();
    expect(await running).toBe('waiting');
  });

  it('Ollama failing mid-step pauses the plan with the reason and keeps the attempt as interrupted', async () => {
    const x = executor(async () => {
      throw new CodelumiError('unreachable:ollama', 'Ollama is not running. Start it with `ollama serve`.');
    });
    expect(await x.execute()).toBe('error');
    expect(await db.plans.get(planId)).toMatchObject({
      status: 'paused',
      // Kept as the error it was (code and details), so the page can say how to start Ollama.
      error: { code: 'unreachable:ollama', message: expect.stringMatching(/Ollama is not running/) },
    });
    expect(await kinds('s1')).toEqual(['write!:-']);
    expect(await status('s1')).toBe('pending');
  });
});
