/** The attached project's stack for the Planner's learning (lib/planner/project-stack.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createProject } from '@/lib/db/projects';
import { projectStackOf } from '@/lib/planner/project-stack';
import { learnFromPlan } from '@/lib/planner/learn';
import type { PlanRecord, StepRun } from '@/lib/planner/types';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('projectStackOf', () => {
  it('names the entries the user keeps, and nothing without a project', async () => {
    const project = await createProject(db, { name: 'cli', source: 'upload' });
    await db.projects.update(project.id, {
      profile: {
        detectedAt: 1,
        entries: [
          { id: 'language:python', category: 'language', name: 'Python', evidence: [], origin: 'detected' },
          { id: 'library:click', category: 'library', name: 'Click', evidence: [], origin: 'detected' },
          { id: 'tooling:make', category: 'tooling', name: 'Make', evidence: [], origin: 'detected', removed: true },
        ],
      },
    });
    expect(await projectStackOf(db, project.id)).toEqual(['Python', 'Click']);
    expect(await projectStackOf(db, undefined)).toEqual([]);
    expect(await projectStackOf(db, 'gone')).toEqual([]);
  });

  it('files a plan on a Python project under that kind even when the request does not say Python', async () => {
    const plan: PlanRecord = {
      id: 'p1',
      title: 'Todo',
      request: 'Build me a small CLI that keeps a todo list',
      plan: {
        goal: 'todo',
        files: [],
        steps: [
          {
            id: 's1',
            title: 'Code',
            detail: 'd',
            files: ['todo.py'],
            dependsOn: [],
            check: { kind: 'review', description: 'r' },
          },
        ],
      },
      status: 'done',
      model: 'm',
      patternIds: [],
      createdAt: 1,
      updatedAt: 1,
    };
    const runs: StepRun[] = [
      {
        id: 'p1:s1',
        planId: 'p1',
        stepId: 's1',
        status: 'accepted',
        attempts: [
          {
            n: 1,
            kind: 'write',
            files: ['todo.py'],
            startedAt: 1,
            finishedAt: 2,
            check: { status: 'accepted', passed: 0, failed: 0, output: '' },
          },
        ],
        updatedAt: 2,
      },
    ];
    const withStack = await learnFromPlan(db, plan, runs, 1, ['Python']);
    const without = await learnFromPlan(
      db,
      { ...plan, id: 'p2' },
      runs.map((r) => ({ ...r, planId: 'p2', id: 'p2:s1' })),
      1,
    );
    expect(withStack.patternId).toMatch(/^plan:python/);
    expect(without.patternId).not.toMatch(/^plan:python/);
  });
});
