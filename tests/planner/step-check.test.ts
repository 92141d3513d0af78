/** What a step's check asks the sandbox to run (lib/planner/step-check.ts), and what an attempt keeps of the result. */
import { describe, expect, it } from 'vitest';
import { checkInput, runStepCheck, toOutcome } from '@/lib/planner/step-check';
import type { PlanStep } from '@/lib/planner/types';

const step = (check: PlanStep['check'], files: string[]): PlanStep => ({
  id: 's1',
  title: 't',
  detail: 'd',
  files,
  dependsOn: [],
  check,
});
const workspace = [
  { path: 'app/__init__.py', content: '' },
  { path: 'app/store.py', content: 'ITEMS = []' },
  { path: 'app/cli.py', content: 'from app.store import ITEMS' },
  { path: 'tests/test_cli.py', content: 'from app.cli import main' },
  { path: 'web/util.ts', content: 'export const u = 1;' },
  { path: 'README.md', content: '#' },
];

describe('checkInput', () => {
  it('runs the test file as the program beside an empty entry, every file of the language importable', () => {
    const input = checkInput(
      step({ kind: 'test', description: '', testFile: 'tests/test_cli.py' }, ['app/cli.py', 'tests/test_cli.py']),
      workspace,
      5000,
    );
    expect(input).toEqual({
      language: 'python',
      code: '',
      path: '__codelumi_check__.py',
      tests: 'from app.cli import main',
      testsPath: 'tests/test_cli.py',
      files: [
        { path: 'app/__init__.py', content: '' },
        { path: 'app/store.py', content: 'ITEMS = []' },
        { path: 'app/cli.py', content: 'from app.store import ITEMS' },
      ],
      jsx: false,
      timeLimitMs: 5000,
    });
  });

  it('runs an entry with the files of its program (JS and TS together, never Python)', () => {
    const input = checkInput(step({ kind: 'run', description: '', entry: 'web/main.tsx' }, ['web/main.tsx']), [
      ...workspace,
      { path: 'web/main.tsx', content: 'import { u } from "./util";' },
    ]);
    expect(input).toMatchObject({ language: 'typescript', path: 'web/main.tsx', jsx: true });
    expect((input as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(['web/util.ts']);
  });

  it('says what keeps a check from running: its file missing, or a language the sandbox lacks', () => {
    expect(
      checkInput(step({ kind: 'test', description: '', testFile: 'tests/test_x.py' }, []), workspace),
    ).toMatchObject({
      status: 'error',
      message: 'tests/test_x.py is not in the workspace: the step must write it.',
    });
    expect(checkInput(step({ kind: 'run', description: '', entry: 'main.go' }, []), workspace)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/not in a language the sandbox runs/),
    });
  });
});

describe('runStepCheck', () => {
  it('leaves a review, and a preview nothing can render, to the user', async () => {
    const runCheck = () => Promise.reject(new Error('not called'));
    expect(await runStepCheck(step({ kind: 'review', description: '' }, []), workspace, { runCheck })).toBe('review');
    expect(
      await runStepCheck(step({ kind: 'preview', description: '', entry: 'README.md' }, []), workspace, { runCheck }),
    ).toBe('review');
  });

  it('counts a sandbox that throws as a failed check', async () => {
    const outcome = await runStepCheck(step({ kind: 'run', description: '', entry: 'app/cli.py' }, []), workspace, {
      runCheck: () => Promise.reject(new Error('the sandbox crashed')),
    });
    expect(outcome).toMatchObject({
      status: 'error',
      message: 'The sandbox could not run the check: the sandbox crashed',
    });
  });

  it('keeps the error line and the last 4,000 characters of output', () => {
    const outcome = toOutcome({
      status: 'error',
      passed: 1,
      failed: 1,
      durationMs: 1,
      wallMs: 1,
      stdout: 'x'.repeat(5000),
      stderr: 'AssertionError',
      truncated: false,
      error: { kind: 'tests', message: 'test_add failed', line: 3 },
    });
    expect(outcome).toMatchObject({ status: 'error', passed: 1, failed: 1, message: 'test_add failed (line 3)' });
    expect(outcome.output).toHaveLength(4000);
    expect(outcome.output.endsWith('\nAssertionError')).toBe(true);
  });
});

describe('a test check that ran no test (P1-4)', () => {
  const testStep = step({ kind: 'test', description: '', testFile: 'calc.test.js' }, ['calc.js', 'calc.test.js']);
  const ran =
    (passed: number, failed = 0) =>
    () =>
      Promise.resolve({
        status: failed ? 'error' : 'ok',
        passed,
        failed,
        durationMs: 1,
        wallMs: 1,
        stdout: '',
        stderr: '',
        truncated: false,
      } as const);
  const files = (tests: string) => [
    { path: 'calc.js', content: 'exports.add = (a, b) => a + b;' },
    { path: 'calc.test.js', content: tests },
  ];

  it('fails a run that passed no test, though the sandbox said ok', async () => {
    const verdict = await runStepCheck(testStep, files(''), { runCheck: ran(0) });
    expect(verdict).toMatchObject({ status: 'error', message: expect.stringMatching(/^No test ran/) });
  });

  it('fails a run of fewer tests than the tests file declares', async () => {
    const two = "test('adds', () => {});\ntest('adds again', () => {});\n";
    expect(await runStepCheck(testStep, files(two), { runCheck: ran(1) })).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Only 1 of 2 tests ran/),
    });
    expect(await runStepCheck(testStep, files(two), { runCheck: ran(2) })).toMatchObject({ status: 'ok' });
  });

  it('fails a tests file that skips a test, without running it', async () => {
    const runCheck = () => Promise.reject(new Error('not called'));
    for (const tests of ["test.skip('adds', () => {});", "it.todo('adds');"])
      expect(await runStepCheck(testStep, files(tests), { runCheck })).toMatchObject({
        status: 'error',
        message: expect.stringContaining('skips tests'),
      });
    const py = step({ kind: 'test', description: '', testFile: 'test_calc.py' }, ['calc.py', 'test_calc.py']);
    const skipped = '@pytest.mark.skip\ndef test_add():\n    assert False\n';
    expect(
      await runStepCheck(
        py,
        [
          { path: 'calc.py', content: '' },
          { path: 'test_calc.py', content: skipped },
        ],
        { runCheck },
      ),
    ).toMatchObject({ status: 'error' });
  });

  it('fails a fix that deleted tests: fewer ran than the try declared before', async () => {
    const one = "test('adds', () => {});\n";
    expect(await runStepCheck(testStep, files(one), { runCheck: ran(1) }, { expectedTests: 3 })).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Only 1 of 3 tests ran/),
    });
  });
});

describe('where a check failed (P2-7)', () => {
  it('names the failing file with its line', () => {
    const outcome = toOutcome({
      status: 'error',
      passed: 0,
      failed: 1,
      durationMs: 1,
      wallMs: 1,
      stdout: '',
      stderr: '',
      truncated: false,
      error: { kind: 'tests', message: 'test_add failed', line: 14, file: 'tests/test_calc.py' },
    });
    expect(outcome.message).toBe('test_add failed (tests/test_calc.py:14)');
  });
});
