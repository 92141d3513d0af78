/** The Planner's repositories and workspace over fake-indexeddb (lib/planner/store.ts, workspace.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import {
  countPlansFrom,
  createPlan,
  deletePlan,
  listPlans,
  saveStepRun,
  stepRunId,
  updatePlan,
} from '@/lib/planner/store';
import {
  currentFiles,
  dropStepVersions,
  fileVersions,
  workspaceAfterStep,
  writeFiles,
  writeStepAnswer,
  writeUserEdit,
} from '@/lib/planner/workspace';
import { isCodelumiError } from '@/lib/core/errors';
import { DEMO_PLAN_SESSION } from '../fake-ollama/plan-session';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const plan = DEMO_PLAN_SESSION.plan;
const codeOf = async (planId: string) =>
  Object.fromEntries((await currentFiles(db, planId)).map((f) => [f.path, f.content]));

async function refused(work: Promise<unknown>): Promise<string> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCodelumiError(err), String(err)).toBe(true);
  return (err as { code: string }).code;
}

describe('plans', () => {
  it('lists plans newest first', async () => {
    const a = await createPlan(db, { request: 'first', model: 'm' }, 1_000);
    const b = await createPlan(db, { request: 'second', model: 'm', plan }, 2_000);
    expect((await listPlans(db)).map((p) => p.id)).toEqual([b.id, a.id]);
    expect(b.title).toBe(plan.goal);
    expect(a).toMatchObject({ status: 'planning', title: 'first', patternIds: [] });
  });

  it('refuses an update made from a stale copy, and keeps the newer plan', async () => {
    const p = await createPlan(db, { request: 'r', model: 'm', plan, status: 'draft' }, 1_000);
    const mine = await updatePlan(db, p.id, { title: 'Mine' }, { expectedUpdatedAt: p.updatedAt, now: 2_000 });
    expect(
      await refused(updatePlan(db, p.id, { title: 'Theirs' }, { expectedUpdatedAt: p.updatedAt, now: 3_000 })),
    ).toBe('conflict:plan');
    expect((await db.plans.get(p.id))?.title).toBe('Mine');
    // An update within the same millisecond still moves updatedAt, so the next stale writer is caught too.
    const again = await updatePlan(
      db,
      p.id,
      { title: 'Again' },
      { expectedUpdatedAt: mine.updatedAt, now: mine.updatedAt },
    );
    expect(again.updatedAt).toBeGreaterThan(mine.updatedAt);
  });

  it('deletes a plan with its step runs and file versions, and nothing of another plan', async () => {
    const gone = await createPlan(db, { request: 'r', model: 'm', plan });
    const kept = await createPlan(db, { request: 'r', model: 'm', plan });
    for (const p of [gone, kept]) {
      await saveStepRun(db, {
        id: stepRunId(p.id, 's1'),
        planId: p.id,
        stepId: 's1',
        status: 'passed',
        attempts: [],
        updatedAt: 1,
      });
      await writeFiles(db, p.id, [{ path: 'src/words.js', content: 'x' }], { stepId: 's1', source: 'model' });
    }
    await deletePlan(db, gone.id);
    expect(await db.plans.toArray()).toEqual([kept]);
    expect((await db.planSteps.toArray()).map((r) => r.planId)).toEqual([kept.id]);
    expect((await db.workspaceFiles.toArray()).map((r) => r.planId)).toEqual([kept.id]);
  });
});

describe('the workspace', () => {
  // The plan 'p' these tests write into: a version is stored only for a plan that exists.
  beforeEach(async () => {
    await db.plans.add({
      id: 'p',
      title: 'p',
      request: 'p',
      plan,
      status: 'draft',
      model: 'm',
      patternIds: [],
      createdAt: 1,
      updatedAt: 1,
    });
  });

  it('versions each write; the current file is its highest version', async () => {
    await writeFiles(
      db,
      'p',
      [
        { path: 'src/a.js', content: 'v1' },
        { path: 'src/b.js', content: 'b' },
      ],
      { stepId: 's1', source: 'model' },
    );
    await writeFiles(db, 'p', [{ path: 'src/a.js', content: 'v2' }], { stepId: 's2', source: 'model' });
    expect(await codeOf('p')).toEqual({ 'src/a.js': 'v2', 'src/b.js': 'b' });
    expect((await fileVersions(db, 'p', 'src/a.js')).map((v) => [v.version, v.content, v.stepId])).toEqual([
      [1, 'v1', 's1'],
      [2, 'v2', 's2'],
    ]);
  });

  it('refuses a path outside the workspace and writes none of the batch', async () => {
    const code = await refused(
      writeFiles(
        db,
        'p',
        [
          { path: 'ok.js', content: '1' },
          { path: '../escape.js', content: '2' },
        ],
        { stepId: 's1', source: 'model' },
      ),
    );
    expect(code).toBe('invalid:path');
    expect(await db.workspaceFiles.count()).toBe(0);
  });

  it('keeps the user’s edit as a version of its own', async () => {
    await writeFiles(db, 'p', [{ path: 'a.py', content: 'x = 1' }], { stepId: 's1', source: 'model' });
    await writeUserEdit(db, 'p', 's1', { path: 'a.py', content: 'x = 2' });
    expect((await fileVersions(db, 'p', 'a.py')).map((v) => [v.version, v.source])).toEqual([
      [1, 'model'],
      [2, 'user'],
    ]);
    expect(await codeOf('p')).toEqual({ 'a.py': 'x = 2' });
  });

  it('drops a step’s versions for its retry, leaving the workspace as it was before the step', async () => {
    await writeFiles(db, 'p', [{ path: 'src/words.js', content: 'words 1' }], { stepId: 's1', source: 'model' });
    await writeFiles(
      db,
      'p',
      [
        { path: 'src/words.js', content: 'words 2' },
        { path: 'src/count.js', content: 'c' },
      ],
      { stepId: 's2', source: 'model' },
    );
    expect(await dropStepVersions(db, 'p', 's2')).toBe(2);
    expect(await codeOf('p')).toEqual({ 'src/words.js': 'words 1' });
  });

  it('reads the workspace as it was after a given step', async () => {
    await writeFiles(db, 'p', [{ path: 'src/words.js', content: 'words 1' }], { stepId: 's1', source: 'model' });
    await writeFiles(
      db,
      'p',
      [
        { path: 'src/words.js', content: 'words 2' },
        { path: 'src/count.js', content: 'c' },
      ],
      { stepId: 's2', source: 'model' },
    );
    await writeFiles(db, 'p', [{ path: 'README.md', content: '#' }], { stepId: 's3', source: 'model' });
    const after = async (stepId: string) =>
      Object.fromEntries((await workspaceAfterStep(db, 'p', plan, stepId)).map((f) => [f.path, f.content]));
    expect(await after('s1')).toEqual({ 'src/words.js': 'words 1' });
    expect(await after('s2')).toEqual({ 'src/words.js': 'words 2', 'src/count.js': 'c' });
    expect(Object.keys(await after('s3'))).toHaveLength(3);
  });
});

describe('writeStepAnswer', () => {
  const runOf = (planId: string) => ({
    id: stepRunId(planId, 's1'),
    planId,
    stepId: 's1',
    status: 'checking' as const,
    attempts: [{ n: 1, kind: 'write' as const, startedAt: 1, finishedAt: 2, answer: 'x', files: ['src/words.js'] }],
    updatedAt: 2,
  });

  it("stores the step's files and the attempt that wrote them together", async () => {
    const p = await createPlan(db, { request: 'r', model: 'm', plan });
    const rows = await writeStepAnswer(db, runOf(p.id), [{ path: 'src/words.js', content: 'x' }]);
    expect(rows.map((r) => [r.path, r.version, r.source])).toEqual([['src/words.js', 1, 'model']]);
    expect((await db.planSteps.get(stepRunId(p.id, 's1')))?.attempts[0]?.files).toEqual(['src/words.js']);
  });

  it('stores no file when the run cannot be stored (one transaction), and nothing once the plan is gone', async () => {
    const p = await createPlan(db, { request: 'r', model: 'm', plan });
    // A run without its key cannot be put: the versions before it in the transaction go too.
    const keyless = { ...runOf(p.id), id: undefined as unknown as string };
    await expect(writeStepAnswer(db, keyless, [{ path: 'src/words.js', content: 'x' }])).rejects.toThrow();
    expect(await db.workspaceFiles.count()).toBe(0);
    await deletePlan(db, p.id);
    expect(await refused(writeStepAnswer(db, runOf(p.id), [{ path: 'a.js', content: 'x' }]))).toBe('not_found:plan');
    expect([await db.workspaceFiles.count(), await db.planSteps.count()]).toEqual([0, 0]);
  });
});

describe('countPlansFrom', () => {
  it('counts the plans started from a conversation (what deleting it forgets too)', async () => {
    await createPlan(db, { request: 'a', model: 'm', plan, conversationId: 'c1' });
    await createPlan(db, { request: 'b', model: 'm', plan, conversationId: 'c1' });
    await createPlan(db, { request: 'c', model: 'm', plan, conversationId: 'c2' });
    await createPlan(db, { request: 'd', model: 'm', plan });
    expect([await countPlansFrom(db, 'c1'), await countPlansFrom(db, 'c2'), await countPlansFrom(db, 'c3')]).toEqual([
      2, 1, 0,
    ]);
  });
});
