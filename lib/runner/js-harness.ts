/**
 * The JavaScript/TypeScript side of the sandbox's test harness: `test` /
 * `it` / `describe` with hooks, Jest-style `expect`, and Node-style
 * `assert`. Plain functions over an output sink, so the worker installs it
 * as globals and the unit tests drive it directly.
 *
 * Counting: each `test()` is one test (passed when its function returns or
 * resolves without throwing). An assertion made outside any test (`assert(x)`
 * or `expect(x)...` at the top level) is one test by itself; a failing one
 * throws, which also ends the program, as in Node. An assertion that fails
 * inside a test fails that test even when the test catches the error.
 *
 * Tamper-proofing: every built-in the harness uses is a copy taken before
 * user code runs (intrinsics.ts), promises are followed with the original
 * `then`, and the counts only ever grow; a program that replaces `Object.is`,
 * array or promise methods cannot change how its tests are counted.
 */
import { createAssert } from './js-harness/assert';
import { createExpect } from './js-harness/expect';
import { createRegistry } from './js-harness/registry';
import { runTests } from './js-harness/run';
import { createTally, type HarnessSink } from './js-harness/tally';

export { deepEqual } from './js-harness/equality';
export { AssertionError, type HarnessSink } from './js-harness/tally';

/** Creates the harness: the globals to install and `runTests()` to call after the program. */
export function createJsHarness(sink: HarnessSink) {
  const tally = createTally();
  const { registry, globals: declare, given: declareGiven } = createRegistry();
  const expect = createExpect(tally);
  const assert = createAssert(tally);
  const globals = {
    test: declare.test,
    it: declare.it,
    describe: declare.describe,
    suite: declare.suite,
    expect,
    assert,
    beforeEach: declare.beforeEach,
    afterEach: declare.afterEach,
    beforeAll: declare.beforeAll,
    afterAll: declare.afterAll,
  };
  // The same harness for the tests given apart from the code: their tests are marked as theirs (registry.ts).
  const givenGlobals = {
    ...globals,
    test: declareGiven.test,
    it: declareGiven.it,
    describe: declareGiven.describe,
    suite: declareGiven.suite,
  };

  return {
    /** What the program gets (as globals and through its `require`). */
    globals,
    /** What the tests given apart from the code get (their bindings and their `require`): `.only` and skips stay theirs. */
    givenGlobals,
    /**
     * Runs the registered tests in order, then calls `onDone` (synchronously
     * from the last step). The promise resolves with the totals too, for
     * callers that trust the realm (the unit tests).
     */
    runTests: (onDone?: () => void) => runTests(registry, tally, sink, onDone),
    /** Totals so far (for a program that stopped before the tests could run). */
    counts: () => ({ passed: tally.passed, failed: tally.failed }),
    /** How far the registered tests got: how many are registered, how many finished, and whether runTests() reached its end. */
    progress: () => ({
      registered: registry.tests.length,
      finished: tally.finished,
      complete: tally.complete,
      // Only when there are some, so a run without them reads as before.
      ...(tally.skippedByProgram > 0 ? { skippedByProgram: tally.skippedByProgram } : {}),
    }),
  };
}

/** One harness, as createJsHarness makes it. */
export type JsHarness = ReturnType<typeof createJsHarness>;
