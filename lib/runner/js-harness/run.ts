/**
 * Running what was registered: each test in order with its hooks, a `done`
 * callback or a returned promise followed with the original `then`, one line
 * per outcome. An assertion that failed inside a test fails it even when the
 * test caught the error; a failing beforeAll fails every test it was for.
 */
import { formatValue } from '../format';
import { NativePromise, copyList, stringReplace, whenSettled } from '../intrinsics';
import type { Hook, Registry, TestFn } from './registry';
import type { AssertionError, HarnessSink, Tally } from './tally';

/** Calls `fn` (with a `done` callback when it takes one) and reports how it settled. */
function call(fn: TestFn, ok: () => void, bad: (e: unknown) => void): void {
  let settled = false;
  const finish = (e?: unknown, failedCall = false) => {
    if (settled) return;
    settled = true;
    if (failedCall) bad(e);
    else ok();
  };
  try {
    if (fn.length > 0) {
      const r = fn((err?: unknown) => finish(err, !!err));
      if (r !== null && (typeof r === 'object' || typeof r === 'function'))
        whenSettled(
          r,
          () => undefined,
          (e) => finish(e, true),
        );
    } else {
      whenSettled(
        fn(),
        () => finish(),
        (e) => finish(e, true),
      );
    }
  } catch (e) {
    finish(e, true);
  }
}

/** Runs `hooks` one after another, then `ok`, or `bad` with the first error. */
function series(hooks: Hook[], ok: () => void, bad: (e: unknown) => void): void {
  const list = copyList(hooks);
  const next = (i: number) => {
    if (i >= list.length) return ok();
    call(list[i] as TestFn, () => next(i + 1), bad);
  };
  next(0);
}

/** An error as one line of a failed test's report. */
function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `Thrown: ${formatValue(e)}`;
}

/**
 * Runs the registered tests in order, then calls `onDone` (synchronously
 * from the last step). The promise resolves with the totals too, for
 * callers that trust the realm (the unit tests).
 */
export function runTests(
  registry: Registry,
  tally: Tally,
  sink: HarnessSink,
  onDone?: () => void,
): Promise<{ passed: number; failed: number }> {
  return new NativePromise((resolve) => {
    const base = registry.hookStack[0];
    const list = copyList(registry.tests);
    const end = () => {
      tally.complete = true;
      onDone?.();
      resolve({ passed: tally.passed, failed: tally.failed });
    };
    const runAfterAll = () =>
      series(base.afterAll, end, (e) => {
        tally.failed++;
        sink.stderr(`✗ afterAll\n    ${stringReplace(describeError(e), /\n/g, '\n    ')}\n`);
        end();
      });
    const next = (i: number): void => {
      if (i >= list.length) return list.length ? runAfterAll() : end();
      const t = list[i];
      if (t.skippedByProgram && !t.skip) {
        // A given test the program's describe.skip wrapped: it did not run, and the tests did not ask for that.
        tally.finished++;
        tally.skippedByProgram++;
        sink.stderr(`✗ ${t.name} (skipped by the program's describe.skip, not by the tests)\n`);
        return next(i + 1);
      }
      // The program's .only skips its own other tests, never the given ones; the tests' .only skips everything else.
      const onlyMode = t.given ? registry.givenOnly : registry.onlyMode || registry.givenOnly;
      if (t.skip || (onlyMode && !t.only)) {
        tally.finished++;
        sink.stdout(`- ${t.name} (skipped)\n`);
        return next(i + 1);
      }
      const state: { failure?: AssertionError } = {};
      tally.current = state;
      const fail = (e: unknown) => {
        tally.current = undefined;
        tally.failed++;
        tally.finished++;
        try {
          const at = sink.locate?.(e);
          sink.stderr(
            `✗ ${t.name}\n    ${stringReplace(describeError(e), /\n/g, '\n    ')}\n${at ? `    at ${at}\n` : ''}`,
          );
        } finally {
          next(i + 1);
        }
      };
      const pass = () => {
        tally.current = undefined;
        // An assertion that failed inside the test fails it, even if the test caught the error.
        if (state.failure) return fail(state.failure);
        tally.passed++;
        tally.finished++;
        try {
          sink.stdout(`✓ ${t.name}\n`);
        } finally {
          next(i + 1);
        }
      };
      series(t.hooks.beforeEach, () => call(t.fn, () => series(t.hooks.afterEach, pass, fail), fail), fail);
    };
    if (list.length)
      series(
        base.beforeAll,
        () => next(0),
        (e) => {
          // A failing beforeAll fails every test it was for.
          for (let i = 0; i < list.length; i++) tally.failed++;
          tally.finished += list.length;
          sink.stderr(`✗ beforeAll\n    ${stringReplace(describeError(e), /\n/g, '\n    ')}\n`);
          end();
        },
      );
    else end();
  });
}
