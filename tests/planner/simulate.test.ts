import { describe, expect, it } from 'vitest';
import { checkReach } from '@/lib/planner/sandbox-reach';
import { simulate } from '@/lib/planner/simulate';
import type { Plan, PlanStep } from '@/lib/planner/types';
import { cliPlan } from './plans';

const step = (over: Partial<PlanStep>): PlanStep => ({
  id: 's1',
  title: 't',
  detail: 'd',
  files: ['a.py'],
  dependsOn: [],
  check: { kind: 'test', description: 'c', testFile: 'test_a.py' },
  ...over,
});

describe('checkReach', () => {
  it('runs Python with the standard library and pytest, JavaScript and TypeScript without packages', () => {
    expect(checkReach(step({ packages: ['json', 'os.path', 'pytest', 'sqlite3'] }))).toEqual({
      verifiable: true,
      language: 'python',
    });
    expect(checkReach(step({ check: { kind: 'run', description: 'c', entry: 'main.ts' } }))).toEqual({
      verifiable: true,
      language: 'typescript',
    });
    expect(
      checkReach(step({ check: { kind: 'test', description: 'c', testFile: 'a.test.mjs' }, packages: ['node:assert'] }))
        .verifiable,
    ).toBe(true);
  });

  it('says why a check cannot run: packages, languages, reviews, missing files', () => {
    const reasons = [
      step({ packages: ['requests', 'json'] }),
      step({ check: { kind: 'test', description: 'c', testFile: 'app.test.ts' }, packages: ['express'] }),
      step({ check: { kind: 'run', description: 'c', entry: 'main.go' } }),
      step({ check: { kind: 'test', description: 'c', testFile: 'App.test.tsx' } }),
      step({ check: { kind: 'preview', description: 'c', entry: 'App.vue' } }),
      step({ check: { kind: 'preview', description: 'c', entry: 'App.jsx' }, packages: ['react', 'axios'] }),
      step({ check: { kind: 'review', description: 'c' } }),
      step({ check: { kind: 'run', description: 'c' } }),
    ].map((s) => {
      const r = checkReach(s);
      return r.verifiable ? 'verifiable' : r.reason;
    });
    expect(reasons).toEqual([
      'It needs “requests”, and the sandbox’s Python has the standard library only.',
      'It needs the npm package “express”, and the sandbox installs none.',
      'The sandbox cannot run Go: it runs Python, JavaScript and TypeScript.',
      '“App.test.tsx” is a React component: the sandbox renders those as previews and cannot test them.',
      'The sandbox previews HTML pages and React components, not Vue.',
      'It needs “axios”, which previews do not have (only React is there).',
      'You review this step: nothing runs it.',
      'Its run check names no file to run.',
    ]);
  });

  it('previews HTML pages and React components', () => {
    expect(checkReach(step({ check: { kind: 'preview', description: 'c', entry: 'index.html' } }))).toEqual({
      verifiable: true,
      language: 'html',
    });
    expect(
      checkReach(step({ check: { kind: 'preview', description: 'c', entry: 'App.tsx' }, packages: ['react'] })),
    ).toEqual({ verifiable: true, language: 'react' });
  });
});

function project(files: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    paths: Object.keys(files),
    read: async (p: string) => {
      reads.push(p);
      return files[p];
    },
  };
}

describe('simulate', () => {
  it('lists new files, the fix bound of checkable steps, and no risk for a plan without a project', async () => {
    const sim = await simulate({ plan: cliPlan(), fixAttempts: 3 });
    expect(sim.files.map((f) => [f.path, f.action, f.stepIds, f.existsInProject])).toEqual([
      ['tests/test_words.py', 'create', ['s1'], false],
      ['words.py', 'create', ['s2'], false],
      ['README.md', 'create', ['s3'], false],
    ]);
    expect(sim.steps).toEqual([
      { stepId: 's1', verifiable: false, reason: 'You review this step: nothing runs it.' },
      { stepId: 's2', verifiable: true },
      { stepId: 's3', verifiable: false, reason: 'You review this step: nothing runs it.' },
    ]);
    expect(sim.modelCalls).toEqual({ min: 3, max: 6 });
    expect(sim.risks).toEqual([]);
  });

  it('marks overwrites of project files, also under another case, and diffs what the workspace holds', async () => {
    const proj = project({ 'readme.md': '# Words\nOld usage\n', 'words.py': 'def count_words(t):\n    return 0\n' });
    const workspace = new Map([['words.py', 'def count_words(t):\n    return len(t.split())\n']]);
    const sim = await simulate({ plan: cliPlan(), project: proj, workspace, fixAttempts: 0 });
    const byPath = Object.fromEntries(sim.files.map((f) => [f.path, f]));
    expect(byPath['README.md']).toMatchObject({ action: 'change', existsInProject: true });
    expect(byPath['README.md'].diff).toBeUndefined();
    expect(byPath['words.py'].diff).toMatchObject({ added: 1, removed: 1 });
    expect(byPath['words.py'].diff?.patch).toContain('+    return len(t.split())');
    expect(proj.reads).toEqual(['words.py']);
    expect(sim.risks.map((r) => [r.kind, r.path])).toEqual([
      ['overwrite', 'words.py'],
      ['overwrite', 'README.md'],
    ]);
    expect(sim.risks[1].message).toMatch(/“readme\.md” exists in the project/);
    expect(sim.modelCalls).toEqual({ min: 3, max: 3 });
  });

  it('reports unsafe paths, unverifiable checks, dependencies on missing steps and check files nobody writes', async () => {
    const plan: Plan = structuredClone(cliPlan());
    plan.files.push({ path: '../escape.py', purpose: 'x' });
    plan.steps[1].packages = ['numpy'];
    plan.steps[2].dependsOn = ['s7'];
    plan.steps[2].check = { kind: 'run', description: 'c', language: 'python', entry: 'cli.py' };
    plan.files.push({ path: 'cli.py', purpose: 'never written' });
    const sim = await simulate({ plan, fixAttempts: 2 });
    expect(sim.risks.map((r) => [r.kind, r.stepId ?? r.path])).toEqual([
      ['outside-project', '../escape.py'],
      ['unverifiable', 's2'],
      ['missing-dependency', 's3'],
      ['unknown-file', 's3'],
    ]);
    expect(sim.files.find((f) => f.path === 'cli.py')?.action).toBe('unchanged-unknown');
    expect(sim.files.map((f) => f.path)).not.toContain('../escape.py');
    // s3 runs cli.py: checkable in principle, so it counts towards the fix bound; s2 does not.
    expect(sim.modelCalls).toEqual({ min: 3, max: 5 });
  });

  it('writes nothing: the plan, workspace and project are left as they were', async () => {
    const plan = cliPlan();
    const workspace = new Map([['words.py', 'x']]);
    const before = JSON.stringify([plan, [...workspace]]);
    await simulate({ plan, workspace, project: project({ 'words.py': 'y' }), fixAttempts: 1 });
    expect(JSON.stringify([plan, [...workspace]])).toBe(before);
  });
});
