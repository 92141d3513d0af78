import { describe, expect, it } from 'vitest';
import {
  addStep,
  editStep,
  moveStep,
  nudgeStep,
  removeStep,
  renameFile,
  replaceStep,
  type PlanEdit,
  type StepDraft,
} from '@/lib/planner/plan-edit';
import type { Plan } from '@/lib/planner/types';
import { cliPlan } from './plans';

function done(edit: PlanEdit) {
  if (!edit.ok) throw new Error(`refused: ${edit.reason}`);
  return edit;
}
const ids = (p: Plan) => p.steps.map((s) => s.id);

/** s1 and s4 free; s2 needs s1; s3 needs s2. */
function fourSteps(): Plan {
  const p = cliPlan();
  p.files.push({ path: 'cli.py', purpose: 'Entry point' });
  p.steps.push({
    id: 's4',
    title: 'Add the CLI',
    detail: 'Parse arguments.',
    files: ['cli.py'],
    dependsOn: [],
    check: { kind: 'run', description: 'Runs', language: 'python', entry: 'cli.py' },
  });
  return p;
}

const draft: StepDraft = {
  title: 'Add colours',
  detail: 'Colour the output.',
  files: ['colour.py'],
  dependsOn: ['s2'],
  check: { kind: 'review', description: 'Looks right' },
};

describe('moving steps', () => {
  it('moves a free step anywhere and leaves the original plan as it was', () => {
    const before = fourSteps();
    const r = done(moveStep(before, 's4', 0));
    expect(ids(r.plan)).toEqual(['s4', 's1', 's2', 's3']);
    expect(ids(before)).toEqual(['s1', 's2', 's3', 's4']);
    expect(r.problems).toEqual([]);
  });

  it('refuses to move a step above one it depends on, and offers to carry it along', () => {
    const r = moveStep(fourSteps(), 's3', 0);
    expect(r).toMatchObject({ ok: false, offer: 'carry' });
    if (!r.ok) expect(r.reason).toMatch(/Step s3 needs s1 “Write the tests”, s2 “Count words” first/);
    const carried = done(moveStep(fourSteps(), 's3', 0, { carry: true }));
    expect(ids(carried.plan)).toEqual(['s1', 's2', 's3', 's4']);
    // Nothing above the target moves: s4 stays first, s2 comes along below it.
    const s4first = done(moveStep(fourSteps(), 's4', 0)).plan;
    expect(ids(done(moveStep(s4first, 's3', 1, { carry: true })).plan)).toEqual(['s4', 's1', 's2', 's3']);
    expect(ids(done(moveStep(s4first, 's3', 2, { carry: true })).plan)).toEqual(['s4', 's1', 's2', 's3']);
  });

  it('refuses to move a step below one that needs it, and carries dependents when asked', () => {
    const r = nudgeStep(fourSteps(), 's2', 1);
    expect(r).toMatchObject({ ok: false, offer: 'carry' });
    if (!r.ok) expect(r.reason).toMatch(/s3 “Document it” needs step s2 first/);
    const carried = done(moveStep(fourSteps(), 's1', 3, { carry: true }));
    expect(ids(carried.plan)).toEqual(['s4', 's1', 's2', 's3']);
    expect(carried.notes).toEqual(['s2, s3 moved along with s1.']);
  });

  it('says when a step cannot go further', () => {
    expect(nudgeStep(cliPlan(), 's1', -1)).toMatchObject({ ok: false, reason: 'Step s1 is already first.' });
    expect(nudgeStep(cliPlan(), 's3', 1)).toMatchObject({ ok: false, reason: 'Step s3 is already last.' });
  });
});

describe('removing steps', () => {
  it('drops the step from dependencies and the files only it wrote, and says so', () => {
    const r = done(removeStep(cliPlan(), 's3'));
    expect(ids(r.plan)).toEqual(['s1', 's2']);
    expect(r.plan.files.map((f) => f.path)).not.toContain('README.md');
    expect(r.notes).toEqual(['“README.md” leaves the plan: no other step writes it.']);
  });

  it('reports a check left without its file', () => {
    const r = done(removeStep(cliPlan(), 's1'));
    expect(r.plan.steps[0].dependsOn).toEqual([]);
    expect(r.notes).toContain('Step s2 no longer waits for s1.');
    expect(r.notes).toContain('No step writes “tests/test_words.py” any more, but step s2’s check uses it.');
    expect(r.problems.map((p) => p.kind)).toEqual(['check-file']);
  });

  it('keeps at least one step', () => {
    const one = done(removeStep(done(removeStep(cliPlan(), 's3')).plan, 's2')).plan;
    expect(removeStep(one, 's1')).toMatchObject({ ok: false, reason: 'A plan needs at least one step.' });
  });
});

describe('adding steps', () => {
  it('never reuses an id, even one a removed step had', () => {
    const removed = done(removeStep(cliPlan(), 's3')).plan;
    const added = done(addStep(removed, { ...draft, dependsOn: [] }));
    expect(ids(added.plan)).toEqual(['s1', 's2', 's4']);
    expect(added.plan.lastStepNumber).toBe(4);
    expect(added.plan.files.map((f) => f.path)).toContain('colour.py');
    const again = done(addStep(done(removeStep(added.plan, 's4')).plan, { ...draft, dependsOn: [] }, 0));
    expect(ids(again.plan)).toEqual(['s5', 's1', 's2']);
  });

  it('given only a title, detail and check, writes the check’s file after the step before it', () => {
    const r = done(
      addStep(
        cliPlan(),
        {
          title: 'Add a page',
          detail: 'A page listing words.',
          check: { kind: 'preview', description: 'Renders', entry: 'index.html' },
        },
        2,
      ),
    );
    expect(r.plan.steps[2]).toMatchObject({ id: 's4', files: ['index.html'], dependsOn: ['s2'] });
    expect(r.plan.files.map((f) => f.path)).toContain('index.html');
    const review = addStep(cliPlan(), { title: 'Docs', detail: 'd', check: { kind: 'review', description: 'r' } });
    expect(review).toMatchObject({ ok: false, reason: 'Name at least one file the new step writes.' });
    const first = done(addStep(cliPlan(), { ...draft, dependsOn: undefined }, 0));
    expect(first.plan.steps[0].dependsOn).toEqual([]);
  });

  it('refuses a dependency on a later step, an unsafe file and an empty title', () => {
    expect(addStep(cliPlan(), draft, 1)).toMatchObject({ ok: false });
    expect(addStep(cliPlan(), { ...draft, files: ['../x.py'] })).toMatchObject({ ok: false });
    const r = addStep(cliPlan(), { ...draft, title: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/title/);
  });
});

describe('renaming files', () => {
  it('renames a file in the list, the steps and the checks', () => {
    const r = done(renameFile(cliPlan(), 'tests/test_words.py', './test/test_count.py'));
    expect(r.plan.files[0].path).toBe('test/test_count.py');
    expect(r.plan.steps[0].files).toEqual(['test/test_count.py']);
    expect(r.plan.steps[1].check.testFile).toBe('test/test_count.py');
    expect(r.notes[0]).toBe('“tests/test_words.py” is now “test/test_count.py” in 2 steps.');
    expect(JSON.stringify(r.plan)).not.toContain('test_words');
  });

  it('refuses a clash, also one only in case, and an unsafe name', () => {
    expect(renameFile(cliPlan(), 'words.py', 'README.md')).toMatchObject({ ok: false });
    const r = renameFile(cliPlan(), 'words.py', 'readme.md');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/same name on Windows and macOS/);
    expect(renameFile(cliPlan(), 'words.py', '/tmp/words.py')).toMatchObject({ ok: false });
    expect(renameFile(cliPlan(), 'nope.py', 'x.py')).toMatchObject({ ok: false });
  });

  it('lets a file change only its case', () => {
    expect(done(renameFile(cliPlan(), 'words.py', 'Words.py')).plan.files[1].path).toBe('Words.py');
  });
});

describe('editing and replacing steps', () => {
  it('changes a step’s title, detail and check', () => {
    const r = done(
      editStep(cliPlan(), 's3', {
        title: 'Write docs',
        check: { kind: 'preview', description: 'Renders', entry: 'README.md' },
      }),
    );
    expect(r.plan.steps[2]).toMatchObject({ id: 's3', title: 'Write docs', check: { kind: 'preview' } });
    expect(editStep(cliPlan(), 's3', { detail: 'x'.repeat(5000) }).ok).toBe(false);
  });

  it('drops a file the edited step no longer writes, unless a check still uses it', () => {
    const r = done(editStep(cliPlan(), 's3', { files: ['USAGE.md'] }));
    expect(r.plan.files.map((f) => f.path)).toEqual(['tests/test_words.py', 'words.py', 'USAGE.md']);
    expect(r.notes).toContain('“README.md” leaves the plan: no other step writes it.');
    const kept = done(editStep(cliPlan(), 's1', { files: ['tests/test_cli.py'] }));
    expect(kept.plan.files.map((f) => f.path)).toContain('tests/test_words.py');
    expect(kept.problems.map((p) => p.kind)).toEqual(['check-file']);
  });

  it('keeps the id of the step it replaces, whatever the model called it', () => {
    const replacement = {
      ...cliPlan().steps[1],
      id: 's9',
      title: 'Count words with SQLite',
      files: ['words.py', 'db.py'],
    };
    const r = done(replaceStep(cliPlan(), 's2', replacement));
    expect(r.plan.steps[1].id).toBe('s2');
    expect(r.plan.steps[1].title).toBe('Count words with SQLite');
    expect(r.plan.files.map((f) => f.path)).toContain('db.py');
    expect(r.plan.lastStepNumber).toBe(3);
  });

  it('refuses a replacement that depends on a later step', () => {
    const replacement = { ...cliPlan().steps[1], dependsOn: ['s3'] };
    expect(replaceStep(cliPlan(), 's2', replacement)).toMatchObject({ ok: false });
  });
});

describe('any sequence of moves', () => {
  it('keeps every step once and every dependency on an earlier step', async () => {
    const { seededRandom } = await import('../support/random');
    const random = seededRandom(17);
    const n = 8;
    let plan: Plan = {
      goal: 'g',
      files: [],
      steps: Array.from({ length: n }, (_, i) => ({
        id: `s${i + 1}`,
        title: `t${i + 1}`,
        detail: 'd',
        files: [`f${i + 1}.py`],
        // Each step depends on up to two random earlier ones.
        dependsOn: [...new Set([0, 1].map(() => Math.floor(random() * i)).filter(() => i > 0))].map((j) => `s${j + 1}`),
        check: { kind: 'review' as const, description: 'c' },
      })),
    };
    let refusedWithOffer = 0;
    for (let k = 0; k < 300; k++) {
      const id = plan.steps[Math.floor(random() * n)].id;
      const to = Math.floor(random() * n);
      const carry = random() < 0.5;
      const r = moveStep(plan, id, to, { carry });
      if (!r.ok) {
        expect(r.offer).toBe('carry');
        refusedWithOffer++;
        continue;
      }
      expect(r.problems).toEqual([]);
      plan = r.plan;
      expect([...ids(plan)].sort()).toEqual(Array.from({ length: n }, (_, i) => `s${i + 1}`).sort());
      plan.steps.forEach((s, i) => {
        for (const d of s.dependsOn) expect(ids(plan).indexOf(d)).toBeLessThan(i);
      });
    }
    expect(refusedWithOffer).toBeGreaterThan(0);
  });
});
