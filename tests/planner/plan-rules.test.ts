import { describe, expect, it } from 'vitest';
import { normalizePlan, parsePlan, planProblems } from '@/lib/planner/plan-rules';
import type { Plan } from '@/lib/planner/types';
import { cliPlan } from './plans';

const edited = (edit: (p: Plan) => void): Plan => {
  const p = structuredClone(cliPlan());
  edit(p);
  return p;
};

describe('planProblems', () => {
  it('finds nothing wrong with a sound plan', () => {
    expect(planProblems(cliPlan())).toEqual([]);
  });

  it('refuses duplicate ids, dependencies on later or unknown steps, and cycles', () => {
    const p = edited((p) => {
      p.steps[2].id = 's2';
      p.steps[0].dependsOn = ['s2'];
    });
    const kinds = planProblems(p).map((x) => x.kind);
    expect(kinds).toContain('duplicate-id');
    expect(planProblems(p).find((x) => x.kind === 'bad-dependency')?.message).toMatch(
      /s1 depends on “s2”, which comes later/,
    );
    const cycle = edited((p) => (p.steps[1].dependsOn = ['s2']));
    expect(planProblems(cycle).map((x) => x.message)).toContain(
      'Step s2 depends on itself; a step may depend only on earlier steps.',
    );
  });

  it('refuses unsafe paths wherever they appear', () => {
    const p = edited((p) => {
      p.files.push({ path: '../outside.py', purpose: 'x' });
      p.steps[1].files.push('/etc/passwd');
      p.steps[1].check.testFile = 'C:/tests.py';
    });
    const unsafe = planProblems(p)
      .filter((x) => x.kind === 'unsafe-path')
      .map((x) => x.path);
    expect(unsafe).toEqual(['../outside.py', '/etc/passwd', 'C:/tests.py']);
  });

  it('refuses a check file no step has written yet, and checks without their file', () => {
    const later = edited((p) => (p.steps[0].check = { kind: 'test', description: 'x', testFile: 'words.py' }));
    expect(planProblems(later)[0].message).toMatch(/neither this step nor an earlier one writes/);
    const none = edited((p) => (p.steps[1].check = { kind: 'run', description: 'x' }));
    expect(planProblems(none)[0].message).toBe('Step s2’s run check names no entry.');
  });

  it('refuses two files that differ only in case', () => {
    const p = edited((p) => p.files.push({ path: 'Words.py', purpose: 'clash' }));
    expect(planProblems(p).map((x) => x.kind)).toEqual(['duplicate-file']);
  });
});

describe('normalizePlan', () => {
  it('changes nothing in a sound plan but its step counter', () => {
    const { plan, changes, problems } = normalizePlan(cliPlan());
    expect(plan).toEqual({ ...cliPlan(), lastStepNumber: 3 });
    expect(changes).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('writes paths one way and lists the files steps write or check but the plan forgot', () => {
    const input = edited((p) => {
      p.files = [{ path: './words.py', purpose: 'code' }];
      p.steps[1].files = ['words.py', 'src//util.py'];
    });
    const { plan, changes, problems } = normalizePlan(input);
    expect(problems).toEqual([]);
    expect(plan.files.map((f) => f.path)).toEqual(['words.py', 'tests/test_words.py', 'src/util.py', 'README.md']);
    expect(plan.files.find((f) => f.path === 'src/util.py')?.purpose).toBe('Written by step s2: Count words');
    expect(changes).toContain('“./words.py” is written “words.py”.');
    expect(changes).toContain('“src/util.py” (step s2) is added to the plan’s files.');
  });

  it('gives a check file the check’s purpose when only the check names it', () => {
    const input = edited((p) => {
      p.files = p.files.filter((f) => f.path !== 'tests/test_words.py');
      p.steps[0].files = ['words.py'];
      p.steps[1].files = ['tests/test_words.py'];
      p.steps[0].check = { kind: 'test', description: 'Counts match', testFile: 'tests/test_words.py' };
    });
    const { plan } = normalizePlan(input);
    expect(plan.files.find((f) => f.path === 'tests/test_words.py')?.purpose).toBe('Checked by step s1: Counts match');
  });

  it('renumbers ids the model spelled its own way, and dependencies follow', () => {
    const input = edited((p) => {
      p.steps[0].id = 'tests';
      p.steps[1].id = 'code';
      p.steps[1].dependsOn = ['tests'];
      p.steps[2].id = 'code';
      p.steps[2].dependsOn = ['code', 'ghost'];
    });
    const { plan, changes, problems } = normalizePlan(input);
    expect(plan.steps.map((s) => [s.id, s.dependsOn])).toEqual([
      ['s1', []],
      ['s2', ['s1']],
      ['s3', ['s2']],
    ]);
    expect(changes).toContain('The steps are numbered s1, s2, … in their order.');
    expect(changes).toContain('Step s3 depended on “ghost”, which is not in the plan; that is dropped.');
    expect(problems).toEqual([]);
  });

  it('leaves a dependency on a later step for the rules to refuse', () => {
    const { problems } = normalizePlan(edited((p) => (p.steps[0].dependsOn = ['s3'])));
    expect(problems.map((x) => x.kind)).toEqual(['bad-dependency']);
  });

  it('takes a missing check language from the check file', () => {
    const { plan, changes } = normalizePlan(edited((p) => delete p.steps[1].check.language));
    expect(plan.steps[1].check.language).toBe('python');
    expect(changes).toContain('Step s2’s check runs as python (from its file’s name).');
  });

  it('keeps the highest step number ever used', () => {
    expect(normalizePlan({ ...cliPlan(), lastStepNumber: 9 }).plan.lastStepNumber).toBe(9);
  });
});

describe('parsePlan', () => {
  it('returns the repaired plan with what was changed', () => {
    const r = parsePlan(edited((p) => (p.files = [])));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plan.files).toHaveLength(3);
  });

  it('quotes shape errors with their place', () => {
    const r = parsePlan({ goal: 'x', files: [], steps: [{ id: 's1' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/steps\.0\.title/);
  });

  it('quotes rule errors', () => {
    const r = parsePlan(edited((p) => (p.steps[1].files = ['../../evil.py'])));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/“\.\.\/\.\.\/evil\.py”, which is refused: it climbs out/);
  });
});
