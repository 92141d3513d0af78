import { describe, expect, it } from 'vitest';
import type { PlanStep, StepRun } from '@/lib/planner/types';
import {
  buildTree,
  defaultAccepted,
  dependentsOf,
  diffLinesOf,
  formatUpdated,
  languageOfPath,
  runOf,
  statusAnnouncement,
  stepControls,
  stepStatusText,
} from '@/app/_components/build/view-helpers';

const step = (id: string, dependsOn: string[] = []): PlanStep => ({
  id,
  title: `Title ${id}`,
  detail: '',
  files: [],
  dependsOn,
  check: { kind: 'review', description: '' },
});

const run = (stepId: string, status: StepRun['status'], kinds: ('write' | 'fix')[] = ['write']): StepRun => ({
  id: `p:${stepId}`,
  planId: 'p',
  stepId,
  status,
  attempts: kinds.map((kind, i) => ({ n: i + 1, kind, files: [], startedAt: 0 })),
  updatedAt: 0,
});

describe('the Build page view helpers', () => {
  it('names the fix attempt and the fix loop bound while a step is being fixed', () => {
    expect(stepStatusText(run('s1', 'fixing', ['write', 'fix', 'fix']), 3)).toBe('Fixing (attempt 2 of 3)');
    expect(stepStatusText(run('s1', 'passed'), 3)).toBe('Passed');
  });

  it('shows a step execution has not reached as pending', () => {
    expect(runOf([run('s1', 'passed')], 'p', 's2')).toMatchObject({ stepId: 's2', status: 'pending', attempts: [] });
    expect(runOf([run('s1', 'passed')], 'p', 's1').status).toBe('passed');
  });

  it('finds the steps that depend on a step', () => {
    const steps = [step('s1'), step('s2', ['s1']), step('s3', ['s2']), step('s4', ['s1', 's3'])];
    expect(dependentsOf(steps, 's1').map((s) => s.id)).toEqual(['s2', 's4']);
    expect(dependentsOf(steps, 's4')).toEqual([]);
  });

  it('says how long ago a plan changed, then its date', () => {
    const now = Date.UTC(2026, 11, 6, 12);
    expect(formatUpdated(now - 20_000, now)).toBe('just now');
    expect(formatUpdated(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatUpdated(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatUpdated(Date.UTC(2026, 10, 2), now)).toBe('Nov 2, 2026');
  });

  it('picks the highlighting language from the extension and leaves unknown files plain', () => {
    expect(languageOfPath('src/app.ts')).toBe('typescript');
    expect(languageOfPath('cli/MAIN.PY')).toBe('python');
    expect(languageOfPath('Makefile')).toBe('');
    expect(languageOfPath('.gitignore')).toBe('');
  });

  it('groups paths into a sorted folder tree', () => {
    const tree = buildTree(['src/b.ts', 'README.md', 'src/util/a.ts', 'src/a.ts', 'tests/a.test.ts']);
    expect(tree.files.map((f) => f.path)).toEqual(['README.md']);
    expect(tree.folders.map((f) => f.path)).toEqual(['src', 'tests']);
    expect(tree.folders[0].files.map((f) => f.name)).toEqual(['a.ts', 'b.ts']);
    expect(tree.folders[0].folders[0]).toMatchObject({ path: 'src/util', files: [{ path: 'src/util/a.ts' }] });
  });

  it('accepts new files by default and leaves overwrites and unchanged files unchecked', () => {
    const accepted = defaultAccepted([
      { path: 'new.ts', action: 'create' },
      { path: 'old.ts', action: 'change', patch: '@@ -1 +1 @@\n-a\n+b' },
      { path: 'same.ts', action: 'unchanged' },
      { path: 'extra.ts', action: 'create', undeclared: true },
      { path: '.vscode/tasks.json', action: 'create' },
      { path: '.npmrc', action: 'create' },
    ]);
    // A new file the plan never listed, or a tool or dot-file even when listed, waits for the user's check.
    expect([...accepted]).toEqual(['new.ts']);
  });

  it('classes the lines of a unified diff and drops its file headers', () => {
    const lines = diffLinesOf('--- a/x.ts\n+++ b/x.ts\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n');
    expect(lines).toEqual([
      { kind: 'hunk', text: '@@ -1,2 +1,2 @@' },
      { kind: 'same', text: ' keep' },
      { kind: 'del', text: '-old' },
      { kind: 'add', text: '+new' },
    ]);
  });

  it('announces only the steps whose status changed, and each new fix attempt', () => {
    const steps = [step('s1'), step('s2')];
    const before = [run('s1', 'passed'), run('s2', 'checking')];
    expect(statusAnnouncement(steps, before, [run('s1', 'passed'), run('s2', 'fixing', ['write', 'fix'])], 3)).toBe(
      'Step 2, Title s2: fixing (attempt 1 of 3)',
    );
    const fixing = [run('s1', 'passed'), run('s2', 'fixing', ['write', 'fix'])];
    expect(statusAnnouncement(steps, fixing, fixing, 3)).toBe('');
    expect(
      statusAnnouncement(steps, fixing, [run('s1', 'passed'), run('s2', 'fixing', ['write', 'fix', 'fix'])], 3),
    ).toBe('Step 2, Title s2: fixing (attempt 2 of 3)');
  });
});

describe('the buttons a running step shows', () => {
  it('offers accept and reject once a step’s files wait for the user, not while a check runs', () => {
    const waiting = run('s1', 'checking');
    waiting.attempts[0].finishedAt = 1;
    expect(stepControls(waiting).review).toBe(true);
    expect(stepStatusText(waiting, 3)).toBe('Waiting for your review');
    expect(stepControls(run('s1', 'checking')).review).toBe(false);
  });

  it('offers accept on a failed step only once the user edited its files', () => {
    expect(stepControls(run('s1', 'failed', ['write', 'fix'])).review).toBe(false);
    const edited = run('s1', 'failed', ['write']);
    edited.attempts.push({ n: 2, kind: 'user-edit', files: ['a.py'], startedAt: 0 });
    expect(stepControls(edited).review).toBe(true);
  });

  it('skips the running or failed step and retries a failed or skipped one, leaving the rest without buttons', () => {
    expect(stepControls(run('s1', 'writing'))).toMatchObject({ skip: true, retry: false });
    expect(stepControls(run('s1', 'failed'))).toMatchObject({ skip: true, retry: true });
    expect(stepControls(run('s1', 'skipped'))).toMatchObject({ skip: false, retry: true });
    expect(stepControls(run('s1', 'pending'))).toEqual({ skip: false, retry: false, review: false });
    expect(stepControls(run('s1', 'passed'))).toEqual({ skip: false, retry: false, review: false });
  });
});
