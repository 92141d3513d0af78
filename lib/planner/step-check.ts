/**
 * A step's check, as planned: what the sandbox is asked to run (the test
 * file against every workspace file of its language, or the entry with
 * them), the preview the caller renders, or nothing (review: the user
 * decides), and the run's result trimmed to what a step attempt keeps.
 *
 * A test check passes only when its tests ran: at least one passed, none
 * was skipped where it is declared, and no fewer ran than the tests file
 * declares (or than the caller expects: the most the file ever declared in
 * this try, so a fix cannot pass by deleting tests). The tests are run as
 * the program, beside an empty entry, so the code they test is imported as
 * pytest or node would import it: a CLI's `if __name__ == '__main__'` or
 * `require.main === module` does not run.
 */
import type { RunInput, RunResult } from '../runner/host';
import type { CheckLanguage, CheckOutcome, PlanStep } from './types';
import type { FileContent } from './workspace';
import { checkLanguageOfPath, sameProgram } from './file-language';
import { declaredTests, skipsTests } from './step-tests';

/**
 * A multi-file run: `code` is the file at `path`, `tests` (when a test
 * check) the file at `testsPath`, and `files` every other file of the
 * program, which the code and the tests may import (lib/runner's multi-file
 * `RunInput`). For a test check `code` is an empty entry (`CHECK_ENTRY`)
 * and every workspace file of the language is in `files`.
 */
export type CheckInput = RunInput & { files: FileContent[]; path: string; testsPath?: string };

/** A preview check: render `entry` with the workspace's files; ok when it renders without an error. */
export interface PreviewInput {
  entry: string;
  files: FileContent[];
}

/** Where checks run (injected: the app's sandbox, or a test double). */
export interface CheckRunners {
  runCheck(input: CheckInput): Promise<RunResult>;
  /** Absent where nothing can render a preview, or `'review'` for an entry it cannot render: the step then waits for the user like a review. */
  previewCheck?(input: PreviewInput): Promise<RunResult | 'review'>;
  /** The sandbox's time limit per run (the runner's setting). */
  timeLimitMs?: number;
}

/** The most output an attempt keeps (its last characters). */
export const OUTCOME_OUTPUT_LIMIT = 4000;

/** A run's result as a step attempt keeps it: status, counts, the error line and the last output. */
export function toOutcome(result: RunResult): CheckOutcome {
  const output = [result.stdout, result.stderr].filter(Boolean).join('\n');
  const outcome: CheckOutcome = {
    status: result.status,
    passed: result.passed,
    failed: result.failed,
    output: output.length > OUTCOME_OUTPUT_LIMIT ? output.slice(-OUTCOME_OUTPUT_LIMIT) : output,
  };
  if (result.status !== 'ok' && result.error) outcome.message = `${result.error.message}${whereOf(result.error)}`;
  return outcome;
}

/** ` (tests/test_calc.py:14)` when the error names its file and line, ` (line 14)` with a line only, else ''. */
function whereOf(error: NonNullable<RunResult['error']>): string {
  if (error.file && error.line) return ` (${error.file}:${error.line})`;
  if (error.file) return ` (${error.file})`;
  return error.line ? ` (line ${error.line})` : '';
}

/** The empty entry a test check runs beside its tests (a name no workspace file has; see `checkInput`). */
export function checkEntryPath(language: CheckLanguage, taken: ReadonlySet<string>): string {
  const ext = language === 'python' ? 'py' : language === 'typescript' ? 'ts' : 'js';
  for (let n = 0; ; n++) {
    const path = `__codelumi_check${n ? n : ''}__.${ext}`;
    if (!taken.has(path)) return path;
  }
}

/** A check that could not even start, in the words the user and the fix prompt read. */
export function checkProblem(message: string): CheckOutcome {
  return { status: 'error', passed: 0, failed: 0, message, output: '' };
}

/**
 * The sandbox run for a `test` or `run` check over `workspace`, or the
 * problem that keeps it from running (its file is missing, its language
 * cannot run). Test: the tests file is `tests`; `code` is an empty entry
 * and every file of the language comes along to be imported, so no file
 * runs as the main program but the tests (a CLI's main guard stays
 * shut). Run: the entry is `code`.
 */
export function checkInput(
  step: PlanStep,
  workspace: readonly FileContent[],
  timeLimitMs?: number,
): CheckInput | CheckOutcome {
  const c = step.check;
  const target = c.kind === 'test' ? c.testFile : c.entry;
  if (!target) return checkProblem(`The step's ${c.kind} check names no file.`);
  const language: CheckLanguage | undefined = c.language ?? checkLanguageOfPath(target);
  if (!language)
    return checkProblem(`${target} is not in a language the sandbox runs (JavaScript, TypeScript, Python).`);
  const byPath = new Map(workspace.map((f) => [f.path, f]));
  const main = byPath.get(target);
  if (!main) return checkProblem(`${target} is not in the workspace: the step must write it.`);
  const program = workspace.filter((f) => f.path !== target && sameProgram(language, checkLanguageOfPath(f.path)));
  const limit = timeLimitMs ? { timeLimitMs } : {};
  if (c.kind === 'run')
    return {
      language,
      code: main.content,
      path: main.path,
      files: program,
      jsx: /\.[jt]sx$/i.test(main.path),
      ...limit,
    };
  if (program.length === 0) return checkProblem(`No ${language} file for ${target} to test is in the workspace.`);
  return {
    language,
    code: '',
    path: checkEntryPath(language, new Set(workspace.map((f) => f.path))),
    tests: main.content,
    testsPath: main.path,
    files: program,
    jsx: /\.[jt]sx$/i.test(main.path) || program.some((f) => /\.[jt]sx$/i.test(f.path)),
    ...limit,
  };
}

/**
 * A test check's outcome judged by how many tests ran: an `ok` run with no
 * test passed, or fewer passed than `expected` (at least the count the
 * tests file declares), is an error saying so; anything else is unchanged.
 */
export function judgeTestRun(outcome: CheckOutcome, expected: number): CheckOutcome {
  if (outcome.status !== 'ok') return outcome;
  if (outcome.passed === 0)
    return {
      ...outcome,
      status: 'error',
      message: 'No test ran: a test check passes only when its tests run. Write (or restore) the tests.',
    };
  if (outcome.passed < expected)
    return {
      ...outcome,
      status: 'error',
      message: `Only ${outcome.passed} of ${expected} tests ran: every test of the tests file must run (none deleted, skipped or cut short).`,
    };
  return outcome;
}

/** What the caller knows beyond the workspace: the most tests the tests file declared in this try. */
export interface CheckExpectations {
  expectedTests?: number;
}

/** `review`: the user decides; the check waits for them. */
export type Verdict = CheckOutcome | 'review';

/**
 * Runs `step`'s check over `workspace` as planned and returns its outcome,
 * or `'review'` when the user must decide (a review step, or a preview
 * nothing here can render). A runner that throws counts as a failed check.
 */
export async function runStepCheck(
  step: PlanStep,
  workspace: readonly FileContent[],
  runners: CheckRunners,
  expectations: CheckExpectations = {},
): Promise<Verdict> {
  const c = step.check;
  if (c.kind === 'review') return 'review';
  try {
    if (c.kind === 'preview') {
      if (!runners.previewCheck) return 'review';
      if (!c.entry || !workspace.some((f) => f.path === c.entry))
        return checkProblem(`${c.entry ?? 'The page to preview'} is not in the workspace: the step must write it.`);
      const rendered = await runners.previewCheck({ entry: c.entry, files: [...workspace] });
      return rendered === 'review' ? 'review' : toOutcome(rendered);
    }
    const input = checkInput(step, workspace, runners.timeLimitMs);
    if (!('language' in input)) return input;
    if (c.kind !== 'test' || input.tests === undefined) return toOutcome(await runners.runCheck(input));
    if (skipsTests(input.language, input.tests))
      return checkProblem(
        `${input.testsPath} skips tests (test.skip, @pytest.mark.skip …): a test check passes only when every test runs. Remove the skip.`,
      );
    const expected = Math.max(1, declaredTests(input.language, input.tests), expectations.expectedTests ?? 0);
    return judgeTestRun(toOutcome(await runners.runCheck(input)), expected);
  } catch (err) {
    return checkProblem(`The sandbox could not run the check: ${err instanceof Error ? err.message : String(err)}`);
  }
}
