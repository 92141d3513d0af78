/**
 * P2-5: plan rows in an archive are held to the Planner's own rules: a
 * workspace path it would refuse, a step check whose file is not text, an
 * attempt whose check is not an outcome, a version that is not a small
 * whole number: each fails the import (`invalid:import`), so none is stored
 * to block a delivery later. Rows of a plan that is gone are not exported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { isCodelumiError } from '@/lib/core/errors';
import { exportArchive } from '@/lib/archive/export';
import { importArchive } from '@/lib/archive/import';
import { readLines } from '@/lib/archive/lines';
import { planRowProblem } from '@/lib/planner/archive-rows';
import { freshDatabase, IDBFactory, IDBKeyRange } from '../support/db';
import { fillEverything } from './sample';

let factory: IDBFactory;
let source: CodelumiDB;
let target: CodelumiDB;
beforeEach(async () => {
  factory = new IDBFactory();
  source = freshDatabase(factory);
  target = freshDatabase(factory);
  await fillEverything(source);
});
afterEach(() => {
  source.close();
  target.close();
});

type Line = { t?: string; r?: Record<string, unknown>; tables?: Record<string, number>; rows?: number };

async function lines(): Promise<Line[]> {
  const file = await exportArchive(source, { app: '0.1.0', projectFiles: true, now: () => 42 });
  const rows: Line[] = [];
  for await (const line of readLines(file)) rows.push(JSON.parse(line.text) as Line);
  return rows;
}

/** The archive with `change` applied to the rows of `table`. */
async function tampered(table: string, change: (r: Record<string, unknown>) => Record<string, unknown>): Promise<Blob> {
  const rows = (await lines()).map((l) => (l.t === table ? { ...l, r: change(l.r!) } : l));
  return new Blob(rows.map((l) => JSON.stringify(l) + '\n'));
}

async function importCode(blob: Blob, withPlannerRules = true): Promise<string> {
  return importArchive(
    target,
    blob,
    { mode: 'replace', platform: { indexedDB: factory, IDBKeyRange } },
    withPlannerRules ? { rowCheck: planRowProblem } : {},
  ).then(
    () => 'imported',
    (e: unknown) => (isCodelumiError(e) ? e.code : String(e)),
  );
}

describe('plan rows in an archive', () => {
  it('imports the plan rows the app itself wrote', async () => {
    expect(await importCode(new Blob((await lines()).map((l) => JSON.stringify(l) + '\n')))).toBe('imported');
    expect(await target.workspaceFiles.count()).toBeGreaterThan(0);
  });

  it('refuses a workspace path outside the workspace, even without the Planner’s rules', async () => {
    const blob = await tampered('workspaceFiles', (r) => ({ ...r, path: '../../.bashrc' }));
    expect(await importCode(blob, false)).toBe('invalid:import');
    expect(await target.workspaceFiles.count()).toBe(0);
  });

  it('refuses a path the Planner refuses (a .git folder, a device name)', async () => {
    for (const path of ['.git/hooks/post-checkout', 'CON.py']) {
      const blob = await tampered('workspaceFiles', (r) => ({ ...r, path }));
      expect(await importCode(blob)).toBe('invalid:import');
    }
  });

  it('refuses a version that is not a small whole number', async () => {
    for (const version of [1.5, 0, 1e12]) {
      const blob = await tampered('workspaceFiles', (r) => ({ ...r, version }));
      expect(await importCode(blob, false)).toBe('invalid:import');
    }
  });

  it('refuses a step check whose file is not text, and an attempt whose check is not an outcome', async () => {
    const badPlan = await tampered('plans', (r) => {
      const plan = r.plan as { steps: Record<string, unknown>[] };
      return {
        ...r,
        plan: { ...plan, steps: plan.steps.map((s) => ({ ...s, check: { kind: 'test', testFile: 42 } })) },
      };
    });
    expect(await importCode(badPlan, false)).toBe('invalid:import');
    const badAttempt = await tampered('planSteps', (r) => ({
      ...r,
      attempts: (r.attempts as Record<string, unknown>[]).map((a) => ({ ...a, check: 'not an outcome' })),
    }));
    expect(await importCode(badAttempt, false)).toBe('invalid:import');
  });

  it('refuses a plan whose steps break the plan’s schema (the Planner’s rules)', async () => {
    const blob = await tampered('plans', (r) => {
      const plan = r.plan as { steps: Record<string, unknown>[] };
      return { ...r, plan: { ...plan, steps: plan.steps.map((s) => ({ ...s, surprise: true })) } };
    });
    expect(await importCode(blob)).toBe('invalid:import');
  });

  it('leaves out step runs and workspace files whose plan is gone', async () => {
    const plan = (await source.plans.toArray())[0]!;
    await source.plans.delete(plan.id);
    const exported = await lines();
    expect(
      exported.filter((l) => (l.t === 'planSteps' || l.t === 'workspaceFiles') && l.r!.planId === plan.id),
    ).toEqual([]);
  });
});
