/**
 * Editing a plan as a demanding user does it from the Build page: a move
 * the plan's order refuses offers the carried move that gets through; a
 * step the user writes is refused field by field, in plain words, and may
 * say which steps it comes after; the dry run of a plan for an attached
 * project shows what it would overwrite, and later the diff.
 */
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { createProject } from '@/lib/db/projects';
import { createPlannerService } from '@/lib/planner/service';
import { createAppPlanner } from '@/lib/planner/app-service';
import { applyEditOp, editProblems } from '@/lib/planner/app-edit';
import type { PlanEditOp } from '@/lib/planner/app-contract';
import { moveStep } from '@/lib/planner/plan-edit';
import { createPlan } from '@/lib/planner/store';
import { writeFiles } from '@/lib/planner/workspace';
import type { Plan } from '@/lib/planner/types';
import { DEMO_PLAN_SESSION } from '../fake-ollama/plan-session';
import { IDBFactory, freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { cliPlan } from './plans';
import { CODER, settingsFor, vmSandbox } from './support';

Dexie.dependencies.indexedDB ??= new IDBFactory();

const ids = (p: Plan) => p.steps.map((s) => s.id);

/** The demo's chain (s1 ← s2 ← s3) with a fourth step that needs only s1. */
function chainWithFreeStep(): Plan {
  const plan = structuredClone(DEMO_PLAN_SESSION.plan);
  plan.files.push({ path: 'CHANGELOG.md', purpose: 'Changes' });
  plan.steps.push({
    id: 's4',
    title: 'Write a changelog',
    detail: 'List the changes.',
    files: ['CHANGELOG.md'],
    dependsOn: ['s1'],
    check: { kind: 'review', description: 'You read it.' },
  });
  return plan;
}

function apply(plan: Plan, op: PlanEditOp) {
  const edit = applyEditOp(plan, op);
  return { edit, problems: editProblems(edit, op) };
}

describe('moving a step the plan’s order holds back', () => {
  it('offers the nearest carried move that changes the order, and that move goes through', () => {
    const plan = chainWithFreeStep();
    // Step 2 down past step 3, which needs it: carrying step 3 one place changes nothing, so the offer goes past s4.
    const { problems } = apply(plan, { kind: 'move-step', stepId: 's2', toIndex: 2 });
    expect(problems).toEqual([expect.objectContaining({ stepId: 's2', carry: { toIndex: 3, stepIds: ['s3'] } })]);
    const { edit } = apply(plan, { kind: 'move-step', stepId: 's2', toIndex: 3, carry: true });
    expect(edit.ok && ids(edit.plan)).toEqual(['s1', 's4', 's2', 's3']);
    // Up: s4 needs only s1, so it moves freely; s3 needs s2 and s2 needs s1: nothing can pass them.
    const up = moveStep(plan, 's3', 1);
    expect(up).toMatchObject({ ok: false, offer: 'carry' });
    expect(up.ok || up.carry).toBeUndefined();
    if (!up.ok) expect(up.reason).toMatch(/Step s3 needs s2 .* first; nothing can move past it that way/);
  });

  it('offers a carried move up past a free step', () => {
    // s1, s4 (free), s2 (needs s1), s3 (needs s2): moving s2 up past s4 is free; s3 up past s2 carries s2.
    const plan = chainWithFreeStep();
    plan.steps[3]!.dependsOn = [];
    const reordered = moveStep(plan, 's4', 1);
    if (!reordered.ok) throw new Error(reordered.reason);
    const refused = moveStep(reordered.plan, 's3', 2);
    expect(refused).toMatchObject({ ok: false, carry: { to: 1, stepIds: ['s2'] } });
    const carried = moveStep(reordered.plan, 's3', 1, { carry: true });
    expect(carried.ok && ids(carried.plan)).toEqual(['s1', 's2', 's3', 's4']);
  });
});

describe('a step the user writes', () => {
  it('is refused field by field in plain words when it lacks what it should do and how it is checked', () => {
    const { edit, problems } = apply(cliPlan(), {
      kind: 'add-step',
      step: { title: 'Changelog', detail: ' ', check: { kind: 'review', description: '' }, files: ['CHANGELOG.md'] },
    });
    expect(edit.ok).toBe(false);
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['detail', 'Say what the step should do.'],
      ['checkDescription', 'Say how the check shows it works.'],
    ]);
    expect(problems.map((p) => p.message).join(' ')).not.toMatch(/Too small|expected string/);
  });

  it('names the missing test file, an unsafe file and a later dependency beside their fields', () => {
    const { problems } = apply(cliPlan(), {
      kind: 'update-step',
      stepId: 's1',
      patch: { files: ['../up.py'], check: { kind: 'test', description: 'Passes' }, dependsOn: ['s3'] },
    });
    expect(problems.map((p) => p.field)).toEqual(['files', 'checkFile', 'dependsOn']);
    expect(problems[1]!.message).toBe('Name the file that holds the tests.');
    expect(problems.every((p) => p.stepId === 's1')).toBe(true);
  });

  it('comes after the steps the user chose, and a switch to a review keeps no stale test file', () => {
    const plan = cliPlan();
    const { edit } = apply(plan, {
      kind: 'add-step',
      step: {
        title: 'Docs',
        detail: 'Explain it.',
        files: ['README.md'],
        dependsOn: ['s1'],
        check: { kind: 'review', description: 'You read it.', testFile: 'test_old.py' },
      },
    });
    if (!edit.ok) throw new Error(edit.reason);
    expect(edit.plan.steps.at(-1)).toMatchObject({ dependsOn: ['s1'], check: { kind: 'review' } });
    expect(edit.plan.steps.at(-1)!.check).not.toHaveProperty('testFile');
    const later = apply(edit.plan, { kind: 'update-step', stepId: 's2', patch: { dependsOn: [] } });
    expect(later.edit.ok && later.edit.plan.steps[1]!.dependsOn).toEqual([]);
  });
});

describe('the dry run of a plan for an attached project', () => {
  it('shows the project’s file the plan would overwrite, then the diff once the workspace has a version, writing nothing', async () => {
    const db = freshDatabase();
    const settings = () => settingsFor('http://127.0.0.1:9');
    const core = createPlannerService({
      db,
      settings,
      sandbox: vmSandbox,
      generate: async () => {
        throw new Error('no planning here');
      },
      locks: createTestLocks(),
    });
    const service = createAppPlanner({
      db,
      core,
      settings,
      replan: async () => {
        throw new Error('no');
      },
    });
    const project = await createProject(db, { name: 'app', source: 'upload' });
    const old = 'export const old = true;\n';
    await db.projectFiles.put({
      id: `${project.id}:src/words.js`,
      projectId: project.id,
      path: 'src/words.js',
      content: old,
      size: old.length,
      updatedAt: 1,
    });
    const record = await createPlan(db, {
      request: 'r',
      model: CODER,
      plan: { ...DEMO_PLAN_SESSION.plan, steps: DEMO_PLAN_SESSION.plan.steps.slice(0, 1) },
      status: 'draft',
      projectId: project.id,
    });

    const draft = await service.simulate(record.id);
    expect(draft.simulation.files.find((f) => f.path === 'src/words.js')?.action).toBe('change');
    expect(draft.replaced).toEqual({ 'src/words.js': { text: old, cut: false } });
    expect(draft.patches).toEqual({});
    expect(await db.workspaceFiles.count()).toBe(0);

    // Step 1 has run (a paused plan): its words.js is in the workspace.
    await writeFiles(db, record.id, [{ path: 'src/words.js', content: 'export function words() {}\n' }], {
      stepId: 's1',
      source: 'model',
    });
    await db.plans.update(record.id, { status: 'paused' });
    const versions = await db.workspaceFiles.count();
    const after = await service.simulate(record.id);
    expect(after.replaced).toEqual({});
    expect(after.patches?.['src/words.js']).toContain('-export const old = true;');
    expect(after.patches?.['src/words.js']).toContain('+export function words() {}');
    expect([
      await db.workspaceFiles.count(),
      (await db.projectFiles.get(`${project.id}:src/words.js`))?.content,
    ]).toEqual([versions, old]);
    db.close();
  });
});
