/**
 * Whether the tests given apart from a JavaScript/TypeScript program really
 * ran: the worker records the marks the tests block calls when it starts and
 * reaches its end (program.ts) and how many registered tests finished
 * (js-harness.ts). Tests that were skipped over, cut short by
 * `process.exit(0)` or never reached count as failed, with words that say why.
 */
/** How far the given tests got: whether their block started and reached its end, and how many of the tests registered finished. */
export interface TestsReach {
  began: boolean;
  ended: boolean;
  registered: number;
  finished: number;
  complete: boolean;
  /** Given tests the program's describe.skip wrapped (they finished without running). */
  skippedByProgram?: number;
}

/**
 * Why tests that were given did not all run, or undefined when they did.
 * `exit` is the code of a process.exit() that ended the program.
 */
export function testsNotRun(
  reach: TestsReach,
  exit: number | undefined,
): { message: string; unrun: number } | undefined {
  const by = exit === undefined ? undefined : `process.exit(${exit}) ended the program`;
  if (!reach.began) {
    return {
      unrun: 1,
      message: by
        ? `${by} before its tests ran`
        : 'The tests did not run: the program finished without reaching them (it returned early, or its code swallowed the tests)',
    };
  }
  const ran = reach.registered > 0 ? ` (${reach.finished} of ${reach.registered} ran)` : '';
  const unrun = Math.max(1, reach.registered - reach.finished);
  if (!reach.ended) {
    return {
      unrun,
      message: by
        ? `${by} before its tests finished${ran}`
        : `The tests did not run to their end: the program finished before their last line${ran}`,
    };
  }
  const byProgram = reach.skippedByProgram ?? 0;
  if (reach.complete && reach.finished >= reach.registered && byProgram === 0) return undefined;
  if (reach.complete && reach.finished >= reach.registered)
    return {
      unrun: byProgram,
      message: `${byProgram} of the given tests did not run: the program skipped them (a describe.skip outside the tests file)`,
    };
  return { unrun, message: by ? `${by} before its tests finished${ran}` : `The tests did not all run${ran}` };
}
