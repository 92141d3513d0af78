/** A step's status after its check (lib/planner/step-state.ts statusAfterCheck). */
import { describe, expect, it } from 'vitest';
import { statusAfterCheck } from '@/lib/planner/step-state';
import type { StepAttempt, StepRun } from '@/lib/planner/types';

const ok = { status: 'ok' as const, passed: 2, failed: 0, output: '' };
const bad = { status: 'error' as const, passed: 1, failed: 1, message: 'AssertionError', output: '' };
const attempt = (n: number, kind: StepAttempt['kind'], check?: StepAttempt['check']): StepAttempt => ({
  n,
  kind,
  files: ['a.js'],
  check,
  startedAt: 1,
  finishedAt: 2,
});
const run = (attempts: StepAttempt[]): StepRun => ({
  id: 'p:s1',
  planId: 'p',
  stepId: 's1',
  status: 'checking',
  attempts,
  updatedAt: 2,
});

describe('statusAfterCheck', () => {
  it('keeps a step that passed "passed" when the user edits its files and they pass again', () => {
    expect(statusAfterCheck(run([attempt(1, 'write', ok), attempt(2, 'user-edit')]), ok, 1)).toBe('passed');
  });

  it("calls the user's edit of a failed step a fix, and the model's fix too", () => {
    expect(statusAfterCheck(run([attempt(1, 'write', bad), attempt(2, 'user-edit')]), ok, 1)).toBe('fixed');
    expect(statusAfterCheck(run([attempt(1, 'write', bad), attempt(2, 'fix')]), ok, 1)).toBe('fixed');
    expect(statusAfterCheck(run([attempt(1, 'write')]), ok, 1)).toBe('passed');
  });
});
