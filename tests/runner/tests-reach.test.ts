import { describe, expect, it } from 'vitest';
import { createJsHarness } from '@/lib/runner/js-harness';
import { testsNotRun } from '@/lib/runner/tests-reach';

const all = { began: true, ended: true, registered: 2, finished: 2, complete: true };

describe('tests given apart from a JavaScript program must all run', () => {
  it('accepts tests whose block ran to its end and whose registered tests all finished', () => {
    expect(testsNotRun(all, undefined)).toBeUndefined();
    expect(testsNotRun({ ...all, registered: 0, finished: 0 }, undefined)).toBeUndefined();
  });

  it('fails tests whose block never started, saying why', () => {
    expect(testsNotRun({ ...all, began: false, ended: false, registered: 0, finished: 0 }, undefined)).toEqual({
      unrun: 1,
      message:
        'The tests did not run: the program finished without reaching them (it returned early, or its code swallowed the tests)',
    });
    expect(testsNotRun({ ...all, began: false, ended: false }, 0)?.message).toBe(
      'process.exit(0) ended the program before its tests ran',
    );
  });

  it('counts the registered tests that did not finish as failed', () => {
    expect(testsNotRun({ ...all, registered: 5, finished: 2, complete: false }, 0)).toEqual({
      unrun: 3,
      message: 'process.exit(0) ended the program before its tests finished (2 of 5 ran)',
    });
    expect(testsNotRun({ ...all, ended: false, registered: 0, finished: 0, complete: false }, 0)).toEqual({
      unrun: 1,
      message: 'process.exit(0) ended the program before its tests finished',
    });
    expect(testsNotRun({ ...all, registered: 3, finished: 3, complete: false }, undefined)?.message).toBe(
      'The tests did not all run (3 of 3 ran)',
    );
  });
});

describe('the JavaScript harness reports how far its tests got', () => {
  it('counts finished tests, skipped ones included, and says when runTests reached its end', async () => {
    const h = createJsHarness({ stdout: () => undefined, stderr: () => undefined });
    h.globals.test('one', () => undefined);
    (h.globals.test as unknown as { skip: (n: string, f: () => void) => void }).skip('two', () => undefined);
    h.globals.test('three', () => {
      throw new Error('no');
    });
    expect(h.progress()).toEqual({ registered: 3, finished: 0, complete: false });
    await h.runTests();
    expect(h.progress()).toEqual({ registered: 3, finished: 3, complete: true });
  });

  it('leaves a test registered while the others run unfinished', async () => {
    const h = createJsHarness({ stdout: () => undefined, stderr: () => undefined });
    h.globals.test('outer', () => h.globals.test('inner', () => undefined));
    await h.runTests();
    expect(h.progress()).toEqual({ registered: 2, finished: 1, complete: true });
  });
});
