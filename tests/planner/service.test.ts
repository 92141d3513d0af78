/** The Planner's service (lib/planner/service.ts): planning that fails, plans a closed tab left running, deleting. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { CodelumiError } from '@/lib/core/errors';
import { createPlannerService } from '@/lib/planner/service';
import { createPlan, saveStepRun, stepRunId } from '@/lib/planner/store';
import { takePlanLock } from '@/lib/planner/plan-lock';
import { DEMO_PLAN_SESSION } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { settingsFor, vmSandbox } from './support';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const service = (locks = createTestLocks(), generate = async () => ({ plan: DEMO_PLAN_SESSION.plan })) =>
  createPlannerService({ db, settings: () => settingsFor('http://127.0.0.1:9'), sandbox: vmSandbox, generate, locks });

describe('the Planner service', () => {
  it('keeps a request whose planning failed, with the error (code and details), and no steps', async () => {
    const planner = service(undefined, async () => {
      throw new CodelumiError(
        'not_found:model',
        'The model qwen2.5-coder:7b is not installed. Pull it on the Models page.',
        { model: 'qwen2.5-coder:7b' },
      );
    });
    const record = await planner.startPlanning('Build me a todo app');
    expect(record).toMatchObject({
      status: 'planning-failed',
      request: 'Build me a todo app',
      error: {
        code: 'not_found:model',
        message: expect.stringMatching(/not installed/),
        details: { model: 'qwen2.5-coder:7b' },
      },
    });
    expect(record.plan.steps).toEqual([]);
    expect(await planner.list()).toEqual([record]);
    // Nothing to execute: refused as an unusable plan (not as a change made meanwhile), and the plan keeps its reason.
    const err = await planner.execute(record.id).catch((e: unknown) => e);
    expect((err as CodelumiError).code).toBe('invalid:plan');
    expect(await db.plans.get(record.id)).toMatchObject({ status: 'planning-failed', error: record.error });
  });

  it('pauses plans a closed tab left executing, and leaves one another tab runs', async () => {
    const locks = createTestLocks();
    const orphan = await createPlan(db, {
      request: 'a',
      model: 'm',
      plan: DEMO_PLAN_SESSION.plan,
      status: 'executing',
    });
    const elsewhere = await createPlan(db, {
      request: 'b',
      model: 'm',
      plan: DEMO_PLAN_SESSION.plan,
      status: 'executing',
    });
    const release = await takePlanLock(locks, elsewhere.id);
    expect(await service(locks).settleOrphanedPlans()).toEqual([orphan.id]);
    expect((await db.plans.get(orphan.id))?.status).toBe('paused');
    expect((await db.plans.get(elsewhere.id))?.status).toBe('executing');
    release!();
  });

  it('leaves a plan that waits for the user’s review as it is (another tab opening must not pause it)', async () => {
    const waiting = await createPlan(db, {
      request: 'c',
      model: 'm',
      plan: DEMO_PLAN_SESSION.plan,
      status: 'executing',
    });
    const checking = (stepId: string, status: 'passed' | 'checking') => ({
      id: stepRunId(waiting.id, stepId),
      planId: waiting.id,
      stepId,
      status,
      attempts: [
        {
          n: 1,
          kind: 'write' as const,
          files: [],
          startedAt: 1,
          ...(status === 'passed'
            ? { finishedAt: 2, check: { status: 'ok' as const, passed: 1, failed: 0, output: '' } }
            : {}),
        },
      ],
      updatedAt: 2,
    });
    await saveStepRun(db, checking('s1', 'passed'));
    await saveStepRun(db, checking('s2', 'passed'));
    // s3 is a review step whose files are written: it waits for the user's accept.
    await saveStepRun(db, {
      ...checking('s3', 'checking'),
      attempts: [{ n: 1, kind: 'write', files: ['README.md'], startedAt: 1, finishedAt: 2 }],
    });
    expect(await service().settleOrphanedPlans()).toEqual([]);
    expect((await db.plans.get(waiting.id))?.status).toBe('executing');
  });

  it('removes a plan with everything it wrote', async () => {
    const planner = service();
    const record = await planner.startPlanning('Build me a word counter');
    await db.workspaceFiles.add({
      id: `${record.id}:a.js:1`,
      planId: record.id,
      path: 'a.js',
      version: 1,
      content: '',
      stepId: 's1',
      source: 'model',
      createdAt: 1,
    });
    await planner.remove(record.id);
    expect([await db.plans.count(), await db.workspaceFiles.count()]).toEqual([0, 0]);
  });
});
