/**
 * Two tabs over one database (P2-1, P1-8, P2-6): a control made in a tab that
 * does not run the plan goes to the tab that does, or is refused with
 * busy:plan; a plan deleted while another tab runs it stops that executor
 * and leaves no row behind; queued controls always settle. Node's
 * BroadcastChannel joins the two executors as the browser's joins two tabs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { CodelumiError, isCodelumiError } from '@/lib/core/errors';
import { PlanExecutor, type ExecutorDeps, type StepChat } from '@/lib/planner/executor';
import { createPlan, deleteOrphanRows, deletePlan } from '@/lib/planner/store';
import { announceDeleted, browserChannel } from '@/lib/planner/plan-channel';
import { takePlanLock } from '@/lib/planner/plan-lock';
import { ControlQueue } from '@/lib/planner/control-queue';
import { DEMO_PLAN_SESSION, stepAnswer } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { deferred } from '../support/deferred';
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

/** The demo session's answers; every call waits at `gate` after a first piece until it opens or the call is aborted. */
function gatedChat(gate: Promise<void>): StepChat {
  return async (messages, { signal, onToken }) => {
    const lead = messages.at(-1)!.content.split('\n')[0]!;
    const [, verb, id] = /^(Write|Fix) step (\w+):/.exec(lead)!;
    const s = answers[id!]!;
    const content = stepAnswer(verb === 'Fix' ? s.fix! : s.files, s.prose);
    onToken(content.slice(0, 5));
    await new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new CodelumiError('aborted:user', 'Stopped.')));
      void gate.then(resolve);
    });
    onToken(content);
    return content;
  };
}
const make = (chat: StepChat, locks: LockManager, extra: Partial<ExecutorDeps> = {}) =>
  new PlanExecutor(
    {
      db,
      chat,
      runCheck: vmRunCheck,
      fixBound: () => 1,
      contextTokens: () => 8192,
      saveIntervalMs: 5,
      locks,
      ...extra,
    },
    planId,
  );
const codeOf = async (work: Promise<unknown>) =>
  work.then(
    () => 'resolved',
    (e: unknown) => (isCodelumiError(e) ? e.code : String(e)),
  );

describe('controls from a tab that does not run the plan (P2-1)', () => {
  it('a skip goes to the tab running the plan: the step stays skipped', async () => {
    const locks = createTestLocks();
    const gate = deferred();
    const a = make(gatedChat(gate.promise), locks);
    const b = make(gatedChat(Promise.resolve()), locks);
    const ended = a.execute();
    await eventually(() => expect(a.state.get().current?.stepId).toBe('s1'));
    await b.skip('s1');
    expect((await db.planSteps.get(`${planId}:s1`))!.status).toBe('skipped');
    gate.resolve();
    await ended.catch(() => undefined);
    await eventually(async () => expect(a.state.get().running).toBe(false));
    expect((await db.planSteps.get(`${planId}:s1`))!.status).toBe('skipped');
  });

  it('a pause stops the loop in the tab running the plan, not only its label', async () => {
    const locks = createTestLocks();
    const a = make(gatedChat(new Promise(() => undefined)), locks);
    const b = make(gatedChat(Promise.resolve()), locks);
    const ended = a.execute();
    await eventually(() => expect(a.state.get().current?.stepId).toBe('s1'));
    await b.pause();
    expect(await ended).toBe('paused');
    expect((await db.plans.get(planId))!.status).toBe('paused');
  });

  it('a control no tab answers is refused with busy:plan, never a silent no-op', async () => {
    const locks = createTestLocks();
    const release = await takePlanLock(locks, planId); // a tab holds the plan but serves no channel
    const b = make(gatedChat(Promise.resolve()), locks);
    expect(await codeOf(b.skip('s1'))).toBe('busy:plan');
    expect(await db.planSteps.get(`${planId}:s1`)).toBeUndefined();
    release!();
  });
});

describe('a plan deleted while it runs (P1-8)', () => {
  it('in another tab: no step run or file is written after the delete', async () => {
    const locks = createTestLocks();
    const gate = deferred();
    const a = make(gatedChat(gate.promise), locks);
    const ended = a.execute();
    await eventually(() => expect(a.state.get().current?.stepId).toBe('s1'));
    await deletePlan(db, planId); // tab B, which does not run the plan
    gate.resolve();
    await ended.catch(() => undefined);
    expect(await db.planSteps.where('planId').equals(planId).count()).toBe(0);
    expect(await db.workspaceFiles.where('planId').equals(planId).count()).toBe(0);
  });

  it('the announced deletion stops the running executor at once (its model call aborted)', async () => {
    const locks = createTestLocks();
    const a = make(gatedChat(new Promise(() => undefined)), locks);
    const ended = a.execute();
    await eventually(() => expect(a.state.get().current?.stepId).toBe('s1'));
    await deletePlan(db, planId);
    announceDeleted(browserChannel, planId);
    await ended.catch(() => undefined);
    expect(a.state.get().running).toBe(false);
    expect(await db.planSteps.where('planId').equals(planId).count()).toBe(0);
  });

  it('rows an older version left without their plan are deleted', async () => {
    await db.planSteps.put({
      id: 'gone:s1',
      planId: 'gone',
      stepId: 's1',
      status: 'pending',
      attempts: [],
      updatedAt: 1,
    });
    await db.workspaceFiles.put({
      id: 'gone:a.js:1',
      planId: 'gone',
      path: 'a.js',
      version: 1,
      content: '',
      stepId: 's1',
      source: 'model',
      createdAt: 1,
    });
    expect(await deleteOrphanRows(db)).toBe(2);
    expect(await db.planSteps.count()).toBe(0);
  });
});

describe('queued controls always settle (P2-6)', () => {
  it('one control that fails does not keep the others from running and settling', async () => {
    const queue = new ControlQueue();
    const ran: number[] = [];
    const first = queue.push(() => Promise.reject(new CodelumiError('not_found:plan', 'This plan has no step s9.')));
    const second = queue.push(async () => void ran.push(2));
    expect(await queue.drain()).toBe(true);
    expect(await codeOf(first)).toBe('not_found:plan');
    expect(await codeOf(second)).toBe('resolved');
    expect(ran).toEqual([2]);
  });

  it('a control queued behind the running step is refused when the plan is closed', async () => {
    const a = make(gatedChat(new Promise(() => undefined)), createTestLocks());
    const ended = a.execute();
    await eventually(() => expect(a.state.get().current?.stepId).toBe('s1'));
    const waiting = codeOf(a.skip('s2')); // waits for s1's step boundary
    await a.dispose();
    expect(await waiting).toBe('aborted:user');
    await ended;
  });
});
