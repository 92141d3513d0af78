/**
 * Where a Python run's outcomes are counted: on the JavaScript side, in a
 * ledger the program cannot reach as a Python object with globals, code or
 * closures (Pyodide hands it to Python as a JsProxy of a frozen object).
 *
 * Before any user code runs, the harness tells the ledger the fixed list of
 * tests it read from the source (`expect`): every id it may report for, the
 * ids that must report at least once (module-level asserts of the tests,
 * their test functions and TestCase methods), and marks that must be reached
 * (the end of the tests file, the harness's own call of `check`). Then:
 * - every outcome counts (an assert in a loop counts each time, as before),
 *   but only for an id on the list; reports for other ids are ignored;
 * - a failed id stays failed: a later or forged "passed" cannot undo it;
 * - at the end, each required id that never reported, or a missing mark,
 *   counts as failed, with a message that says the tests did not run (and
 *   that SystemExit or os._exit ended the program, when that was seen);
 *   with tests given apart, a run in which no test on the list reported at
 *   all fails too (its tests sat behind code that never ran).
 * Only the first `expect` counts. The ledger uses built-ins captured before
 * any program ran (a Python program can reach JavaScript globals through
 * `import js`).
 */
import { ObjectFreeze, mapGet, mapHas, mapSet, mapForEach, setAdd, setForEach, stringSplit } from './intrinsics';
import type { CodeError } from './protocol';

type TestResult = 'passed' | 'failed' | 'skipped';

/** The run's totals as the worker reports them. */
export interface LedgerSummary {
  passed: number;
  failed: number;
  error?: CodeError;
  /** A line for the run's output that says why tests count as failed without having run. */
  notice?: string;
}

/** What Python calls: numbers and strings only, through a frozen object. */
export interface LedgerReport {
  expect(known: string, required: string, marks: string): void;
  passed(id: string): void;
  failed(id: string): void;
  skipped(id: string): void;
  reached(mark: string): void;
  /** The program ended itself: `how` names it (SystemExit, os._exit). */
  exited(how: string): void;
  /** `file`: the workspace path the line is in (multi-file programs only). */
  error(kind: string, message: string, line?: number | null, column?: number | null, file?: string | null): void;
  finished(): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Creates a ledger: `report` goes to the Python harness, `summary()` is read once the harness returned. */
export function createTestLedger() {
  let expected = false;
  let passed = 0;
  let failed = 0;
  let exited: string | undefined;
  let finished = false;
  let reports = 0;
  let error: CodeError | undefined;
  let firstFailed: string | undefined;
  /** Every id the harness may report for, with its state: undefined until it reports. */
  const outcomes = new Map<string, TestResult | undefined>();
  const required = new Set<string>();
  const marks = new Map<string, boolean>();

  const lines = (text: unknown): string[] => (typeof text === 'string' && text ? stringSplit(text, '\n') : []);
  const record = (id: unknown, outcome: TestResult) => {
    if (!expected || typeof id !== 'string' || !mapHas(outcomes, id)) return;
    reports++;
    if (outcome === 'passed') passed++;
    if (outcome === 'failed') {
      failed++;
      firstFailed ??= id;
    }
    const before = mapGet(outcomes, id) as TestResult | undefined;
    // A failure is sticky; a skip does not hide a pass or a failure.
    if (before === 'failed' || (before === 'passed' && outcome === 'skipped')) return;
    mapSet(outcomes, id, outcome);
  };

  const report: LedgerReport = ObjectFreeze({
    expect(known: string, needed: string, reachable: string) {
      if (expected) return;
      expected = true;
      const all = lines(known);
      for (let i = 0; i < all.length; i++) mapSet(outcomes, all[i], undefined);
      const must = lines(needed);
      for (let i = 0; i < must.length; i++) if (mapHas(outcomes, must[i])) setAdd(required as Set<unknown>, must[i]);
      const m = lines(reachable);
      for (let i = 0; i < m.length; i++) mapSet(marks, m[i], false);
    },
    passed: (id: string) => record(id, 'passed'),
    failed: (id: string) => record(id, 'failed'),
    skipped: (id: string) => record(id, 'skipped'),
    reached(mark: string) {
      if (typeof mark === 'string' && mapHas(marks, mark)) mapSet(marks, mark, true);
    },
    exited(how: string) {
      exited ??= how === 'os._exit' ? 'os._exit' : 'SystemExit';
    },
    error(kind: string, message: string, line?: number | null, column?: number | null, file?: string | null) {
      // The first error is the program's; later calls cannot overwrite it.
      error ??= {
        kind: String(kind) as CodeError['kind'],
        message: String(message),
        line: line ?? undefined,
        column: column ?? undefined,
        ...(typeof file === 'string' ? { file } : {}),
      };
    },
    finished() {
      finished = true;
    },
  });

  /** `testsGiven`: the run had tests given apart from the code; if it has tests to run, one of them must report. */
  function summary(options: { testsGiven?: boolean } = {}): LedgerSummary {
    if (error) return { passed, failed, error };
    if (!finished)
      return {
        passed,
        failed,
        error: { kind: 'runtime', message: 'The program stopped the test harness before it could finish.' },
      };
    let total = 0;
    let missing = 0;
    setForEach(required as Set<unknown>, (id) => {
      total++;
      if (mapGet(outcomes, id) === undefined) missing++;
    });
    let markMissing = false;
    mapForEach(marks, (hit) => {
      if (!hit) markMissing = true;
    });
    if (missing > 0 || markMissing) {
      const unrun = missing || 1;
      const ran = total - missing;
      const count = total > 0 ? ` (${ran} of ${total} ran)` : '';
      const message = exited
        ? ran === 0 && missing > 0
          ? `${exited} ended the program before its tests ran`
          : `${exited} ended the program before its tests finished${count}`
        : missing > 0
          ? `${plural(missing, 'test')} did not run${count}`
          : 'The tests did not run to their end';
      return { passed, failed: failed + unrun, error: { kind: 'tests', message }, notice: `✗ ${message}\n` };
    }
    if (options.testsGiven && outcomes.size > 0 && reports === 0) {
      // Every test sat behind something that never ran (a condition, a loop, a function nobody called).
      const message = 'No test ran: none of the asserts or tests reported an outcome';
      return { passed, failed: failed + 1, error: { kind: 'tests', message }, notice: `✗ ${message}\n` };
    }
    if (failed > 0) return { passed, failed, error: { kind: 'tests', message: `${plural(failed, 'test')} failed` } };
    return { passed, failed };
  }

  /** The id of the first test that reported a failure (`path::test_name`, `path:line:column` for an assert). */
  const firstFailedId = (): string | undefined => firstFailed;

  return { report, summary, firstFailedId };
}
