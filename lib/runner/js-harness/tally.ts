/**
 * How assertions count (one harness's tally). An assertion made inside a
 * running test only marks that test failed (the runner counts the test); one
 * made outside any test is a test by itself. Counts only ever grow.
 */

/** The error a failed assertion throws. */
export class AssertionError extends Error {
  /** True once the failure has been counted (so the runner does not count it again). */
  counted = false;
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

/** Where the harness writes its lines. */
export interface HarnessSink {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where a failed test's error was thrown (`file:line:column`), for multi-file programs; undefined when unknown. */
  locate?(error: unknown): string | undefined;
}

/** One harness's counts; only the harness's own modules hold it (never the program). */
export interface Tally {
  passed: number;
  failed: number;
  /** Registered tests that have finished (passed, failed or skipped). */
  finished: number;
  /** Whether runTests() reached its end. */
  complete: boolean;
  /** Given tests that finished only because the program's describe.skip wrapped them (counted in `finished` too). */
  skippedByProgram: number;
  /** The test running now, and whether an assertion failed in it (caught or not). */
  current: { failure?: AssertionError } | undefined;
}

/** A tally at zero, with every field its own property (nothing is looked up on a prototype the program could change). */
export function createTally(): Tally {
  return { passed: 0, failed: 0, finished: 0, complete: false, skippedByProgram: 0, current: undefined };
}

/**
 * Records one assertion's outcome; throws on failure. The count comes before
 * the message, which the program's values could break.
 */
export function check(tally: Tally, ok: boolean, message: () => string): void {
  if (ok) {
    if (!tally.current) tally.passed++;
    return;
  }
  const counted = !tally.current;
  if (counted) tally.failed++;
  let text: string;
  try {
    text = message();
  } catch (e) {
    text = `The assertion failed (its message could not be built: ${String(e)})`;
  }
  const err = new AssertionError(text);
  err.counted = counted;
  if (tally.current) tally.current.failure ??= err;
  throw err;
}
