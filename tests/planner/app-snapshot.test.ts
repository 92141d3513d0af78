import { describe, expect, it } from 'vitest';
import { planSnapshot, shareUnchanged } from '@/lib/planner/app-snapshot';
import type { PlanSnapshot } from '@/lib/planner/app-contract';
import type { StepRun, WorkspaceFile } from '@/lib/planner/types';
import { cliPlan } from './plans';

// Each call builds new objects with the same values: what a Dexie read hands over every time.
const run = (stepId: string, answer: string, status: StepRun['status'] = 'writing'): StepRun => ({
  id: `p1:${stepId}`,
  planId: 'p1',
  stepId,
  status,
  attempts: [{ n: 1, kind: 'write', prompt: `Write step ${stepId}: …`, answer, files: [], startedAt: 1 }],
  updatedAt: 10,
});
const file = (path: string, version: number, content: string): WorkspaceFile => ({
  id: `p1:${path}:${version}`,
  planId: 'p1',
  path,
  version,
  content,
  stepId: 's1',
  source: 'model',
  createdAt: 5,
});
const snapshot = (answer: string, files = [file('tests/test_words.py', 1, 'def test(): pass\n')]): PlanSnapshot => ({
  plan: {
    id: 'p1',
    title: 'Word counter',
    request: 'Build a word counter',
    plan: cliPlan(),
    status: 'executing',
    model: 'qwen',
    patternIds: [],
    createdAt: 1,
    updatedAt: 2,
  },
  steps: [run('s1', 'done', 'passed'), run('s2', answer)],
  files,
  fixLimit: 3,
  awaitingReview: [],
  running: true,
});

describe('shareUnchanged', () => {
  it('keeps the objects of the plan, the finished step and the files when only the streaming step grew', () => {
    const before = snapshot('def count');
    const after = shareUnchanged(before, snapshot('def count_words(text):'));
    expect(after).not.toBe(before);
    expect(after.plan).toBe(before.plan);
    expect(after.steps[0]).toBe(before.steps[0]);
    expect(after.files).toBe(before.files);
    // The step that changed is new, with the new answer: nothing stale is shown.
    expect(after.steps[1]).not.toBe(before.steps[1]);
    expect(after.steps[1].attempts[0].answer).toBe('def count_words(text):');
    expect(after.steps[1].attempts[0].prompt).toBe(before.steps[1].attempts[0].prompt);
  });

  it('returns the snapshot shown before when a read brings nothing new', () => {
    const before = snapshot('def count');
    expect(shareUnchanged(before, snapshot('def count'))).toBe(before);
  });

  it('hands over a new file version and the changed list, keeping the unchanged file', () => {
    const readme = file('README.md', 1, '# Words\n');
    const before = snapshot('x', [file('tests/test_words.py', 1, 'a\n'), readme]);
    const after = shareUnchanged(before, snapshot('x', [file('tests/test_words.py', 2, 'b\n'), { ...readme }]));
    expect(after.files).not.toBe(before.files);
    expect(after.files[0]).toMatchObject({ version: 2, content: 'b\n' });
    expect(after.files[1]).toBe(readme);
  });

  it('is the new snapshot itself when there is none before', () => {
    const next = snapshot('x');
    expect(shareUnchanged(undefined, next)).toBe(next);
  });
});

describe('planSnapshot after an error the plan could not store', () => {
  const stored = (updatedAt: number) => ({
    plan: {
      id: 'p1',
      title: 'Word counter',
      request: 'Build a word counter',
      plan: cliPlan(),
      status: 'executing' as const,
      model: 'qwen',
      patternIds: [],
      createdAt: 1,
      updatedAt,
    },
    runs: [],
    files: [],
  });
  const full = {
    code: 'quota:db' as const,
    message: 'The browser refused to store more data: storage is full.',
    details: {},
  };

  it('shows the plan paused with the error when storing the pause failed too (storage full)', () => {
    const shown = planSnapshot(stored(100), { running: false, steps: {}, error: full, errorAt: 150 }, {}, 1);
    expect(shown.plan).toMatchObject({ status: 'paused', error: full });
  });

  it('shows what is stored when a later run (another tab) wrote after the error', () => {
    const shown = planSnapshot(stored(200), { running: false, steps: {}, error: full, errorAt: 150 }, {}, 1);
    expect(shown.plan.status).toBe('executing');
    expect(shown.plan.error).toBeUndefined();
  });
});
