/**
 * When planning does not succeed, and errors that say what to do next
 * (lib/planner/service.ts, app-service.ts, executor.ts, plan-error.ts): a
 * failed planning is its own state, planned again in the same record; a
 * planning a reload cut off (nobody holds its lock) becomes one, at start-up
 * or on Stop; errors keep their code and details; a plan whose model is
 * missing can switch model. Over fake-indexeddb, the in-memory Web Locks,
 * and (for the app service) the fake Ollama over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { CodelumiDB } from '@/lib/db/db';
import { CodelumiError } from '@/lib/core/errors';
import { createPlannerService, type GeneratePlan } from '@/lib/planner/service';
import { createPlanGenerator } from '@/lib/planner/plan-with-brain';
import { createAppPlanner, type AppPlanner } from '@/lib/planner/app-service';
import type { PlanSnapshot } from '@/lib/planner/app-contract';
import { createPlan } from '@/lib/planner/store';
import { isPlanLocked, takePlanLock } from '@/lib/planner/plan-lock';
import { planError, planningFailed } from '@/lib/planner/plan-error';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { DEMO_PLAN_SESSION, planSessionRules, writeStepPattern } from '../fake-ollama/plan-session';
import { IDBFactory, freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { eventually } from '../support/chat';
import { CODER, settingsFor, vmSandbox } from './support';

Dexie.dependencies.indexedDB ??= new IDBFactory();

const OTHER = 'qwen3:8b';
const MISSING = {
  kind: 'error-before-output',
  status: 404,
  message: `model "${CODER}" not found, try pulling it first`,
} as const;

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const core = (generate: GeneratePlan, locks = createTestLocks()) =>
  createPlannerService({ db, settings: () => settingsFor('http://127.0.0.1:9'), sandbox: vmSandbox, generate, locks });

describe('planning that does not succeed (the service)', () => {
  it('plans a failed planning again in the same record, with its request, project and chat, and another model', async () => {
    const asked: { request: string; model: string; projectId?: string; conversationId?: string }[] = [];
    let fail = true;
    const planner = core(async (request, options) => {
      asked.push({
        request,
        model: options.model,
        projectId: options.projectId,
        conversationId: options.conversationId,
      });
      if (fail) throw new CodelumiError('unreachable:ollama', 'Ollama is not reachable at http://127.0.0.1:9.');
      return { plan: DEMO_PLAN_SESSION.plan };
    });
    const failed = await planner.startPlanning('Build a word counter\nwith tests', {
      model: CODER,
      projectId: 'p1',
      conversationId: 'c1',
    });
    expect(failed).toMatchObject({
      status: 'planning-failed',
      error: { code: 'unreachable:ollama', details: { host: 'http://127.0.0.1:9', model: CODER } },
    });

    fail = false;
    let started: string | undefined;
    const again = await planner.planAgain(failed.id, { model: OTHER, onCreated: (r) => (started = r.status) });
    expect(started).toBe('planning');
    expect(again).toMatchObject({
      id: failed.id,
      status: 'draft',
      model: OTHER,
      projectId: 'p1',
      conversationId: 'c1',
    });
    expect(again.error).toBeUndefined();
    expect(again.plan.steps).toHaveLength(DEMO_PLAN_SESSION.plan.steps.length);
    expect(asked).toEqual([
      { request: 'Build a word counter\nwith tests', model: CODER, projectId: 'p1', conversationId: 'c1' },
      { request: 'Build a word counter\nwith tests', model: OTHER, projectId: 'p1', conversationId: 'c1' },
    ]);
    expect(await db.plans.count()).toBe(1);
    // A plan that was planned is not planned again over the user's edits.
    const refused = await planner.planAgain(failed.id).catch((e: unknown) => e);
    expect((refused as CodelumiError).code).toBe('conflict:plan');
  });

  it('plans again a failed planning stored before it had its own status (failed, no steps, a bare message)', async () => {
    const old = await createPlan(db, { request: 'r', model: CODER, status: 'failed' });
    await db.plans.update(old.id, { error: 'Ollama is not reachable at http://127.0.0.1:9.' });
    const stored = (await db.plans.get(old.id))!;
    expect(planningFailed(stored)).toBe(true);
    expect(planError(stored)).toEqual({
      code: 'unknown',
      message: 'Ollama is not reachable at http://127.0.0.1:9.',
      details: {},
    });
    const again = await core(async () => ({ plan: DEMO_PLAN_SESSION.plan })).planAgain(old.id);
    expect(again.status).toBe('draft');
  });

  it('keeps a stopped planning as planning-failed, saying it was stopped', async () => {
    const controller = new AbortController();
    const planner = core(
      (_r, options) =>
        new Promise((_, reject) => {
          const stopped = () => reject(new CodelumiError('aborted:user', 'Planning stopped.'));
          if (options.signal?.aborted) stopped();
          options.signal?.addEventListener('abort', stopped);
        }),
    );
    const done = planner.startPlanning('r', { signal: controller.signal, onCreated: () => controller.abort() });
    expect(await done).toMatchObject({
      status: 'planning-failed',
      error: { code: 'aborted:user', message: /You stopped planning/ },
    });
  });

  it('holds the plan’s lock while planning, so start-up settles only plannings a reload cut off', async () => {
    const locks = createTestLocks();
    let finish!: () => void;
    let planningId: string | undefined;
    const planner = core(
      () => new Promise((resolve) => (finish = () => resolve({ plan: DEMO_PLAN_SESSION.plan }))),
      locks,
    );
    const live = planner.startPlanning('live', { onCreated: (r) => (planningId = r.id) });
    await eventually(() => expect(planningId).toBeDefined());
    expect(await isPlanLocked(locks, planningId!)).toBe(true);
    const cutOff = await createPlan(db, { request: 'cut off', model: CODER });
    const elsewhere = await createPlan(db, { request: 'another tab plans it', model: CODER });
    const release = await takePlanLock(locks, elsewhere.id);

    // Another tab of the same browser starting up: its own service over the same database and locks.
    await core(async () => ({ plan: DEMO_PLAN_SESSION.plan }), locks).settleOrphanedPlans();
    expect(await db.plans.get(cutOff.id)).toMatchObject({
      status: 'planning-failed',
      error: { code: 'aborted:user', message: /cut off by a reload/ },
    });
    expect((await db.plans.get(elsewhere.id))?.status).toBe('planning');
    expect((await db.plans.get(planningId!))?.status).toBe('planning');
    finish();
    expect((await live).status).toBe('draft');
    expect(await isPlanLocked(locks, planningId!)).toBe(false);
    release!();
  });

  it('refuses to plan again a plan another tab holds', async () => {
    const locks = createTestLocks();
    const failed = await createPlan(db, { request: 'r', model: CODER, status: 'planning-failed' });
    const release = await takePlanLock(locks, failed.id);
    const err = await core(async () => ({ plan: DEMO_PLAN_SESSION.plan }), locks)
      .planAgain(failed.id)
      .catch((e: unknown) => e);
    expect((err as CodelumiError).code).toBe('busy:plan');
    expect((await db.plans.get(failed.id))?.status).toBe('planning-failed');
    release!();
  });
});

describe('planning that does not succeed (the Build page’s service, fake Ollama over HTTP)', () => {
  let fake: FakeOllama;
  beforeEach(async () => {
    fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
  });
  afterEach(() => fake.close());

  function planner(locks = createTestLocks()): AppPlanner {
    const settings = () => settingsFor(fake.url);
    const coreService = createPlannerService({
      db,
      settings,
      sandbox: vmSandbox,
      generate: createPlanGenerator({ settings }),
      locks,
    });
    return createAppPlanner({
      db,
      core: coreService,
      settings,
      replan: async () => {
        throw new Error('not in this test');
      },
    });
  }

  function follow(service: AppPlanner, id: string) {
    let latest: PlanSnapshot | undefined;
    const stop = service.subscribe(id, (s) => (latest = s));
    return { latest: () => latest, stop };
  }

  it('a model missing at planning: the error keeps its code and model, nothing is learned, and Plan again makes a draft', async () => {
    fake.script([
      { match: { endpoint: 'chat', format: true }, reply: { content: '', fault: MISSING }, times: 1 },
      ...planSessionRules(DEMO_PLAN_SESSION),
    ]);
    const service = planner();
    const id = await service.startPlanning('Build me a word counter in JavaScript', { model: CODER });
    const open = follow(service, id);
    await eventually(() => expect(open.latest()?.plan.status).toBe('planning-failed'));
    expect(open.latest()!.plan.error).toMatchObject({ code: 'not_found:model', details: { model: CODER } });
    // An outage is no outcome: no answer record, pattern or signal, and nothing "learned" on the page.
    expect(await db.answers.count()).toBe(0);
    expect(await db.patterns.count()).toBe(0);
    expect(open.latest()!.learned).toBeUndefined();

    await service.planAgain(id, { model: CODER });
    await eventually(() => expect(open.latest()?.plan.status).toBe('draft'));
    expect(open.latest()!.plan.plan.steps).toHaveLength(DEMO_PLAN_SESSION.plan.steps.length);
    open.stop();
  });

  it('Stop on a plan left planning with no call in this tab makes it planning-failed, not a spinner', async () => {
    const service = planner();
    const cutOff = await createPlan(db, { request: 'r', model: CODER });
    await service.stop(cutOff.id);
    expect(await db.plans.get(cutOff.id)).toMatchObject({
      status: 'planning-failed',
      error: { code: 'aborted:user', message: /cut off by a reload/ },
    });
  });

  it('Stop on a plan another tab is planning says so and changes nothing', async () => {
    const locks = createTestLocks();
    const service = planner(locks);
    const elsewhere = await createPlan(db, { request: 'r', model: CODER });
    const release = await takePlanLock(locks, elsewhere.id);
    const err = await service.stop(elsewhere.id).catch((e: unknown) => e);
    expect((err as CodelumiError).code).toBe('busy:plan');
    expect((await db.plans.get(elsewhere.id))?.status).toBe('planning');
    release!();
  });

  it('a model missing during execution pauses the plan with the error’s code; another model resumes it', async () => {
    fake.script([
      { match: { lastUser: new RegExp(writeStepPattern('s1')) }, reply: { content: '', fault: MISSING }, times: 1 },
      ...planSessionRules(DEMO_PLAN_SESSION),
    ]);
    const record = await createPlan(db, {
      request: 'r',
      model: CODER,
      plan: { ...DEMO_PLAN_SESSION.plan, steps: DEMO_PLAN_SESSION.plan.steps.slice(0, 1) },
      status: 'draft',
    });
    const service = planner();
    await service.execute(record.id);
    expect(await db.plans.get(record.id)).toMatchObject({
      status: 'paused',
      error: { code: 'not_found:model', details: { model: CODER } },
    });
    // Only a plan that is not running may switch.
    await service.changeModel(record.id, OTHER);
    await service.resume(record.id);
    const done = (await db.plans.get(record.id))!;
    expect(done).toMatchObject({ status: 'done', model: OTHER });
    expect(done.error).toBeUndefined();
    expect(
      fake
        .chatRequests()
        .filter((r) => /^Write step s1/.test(r.lastUser))
        .map((r) => r.model),
    ).toEqual([CODER, OTHER]);
  });

  it('refuses to switch the model of a draft or a running plan', async () => {
    const draft = await createPlan(db, { request: 'r', model: CODER, plan: DEMO_PLAN_SESSION.plan, status: 'draft' });
    const err = await planner()
      .changeModel(draft.id, OTHER)
      .catch((e: unknown) => e);
    expect((err as CodelumiError).code).toBe('conflict:plan');
    expect((await db.plans.get(draft.id))?.model).toBe(CODER);
  });
});
