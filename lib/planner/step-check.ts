/**
 * A step's check, as planned: what the sandbox is asked to run (the test
 * file against every workspace file of its language, or the entry with
 * them), the preview the caller renders, or nothing (review: the user
 * decides), and the run's result trimmed to what a step attempt keeps.
 */
import type { RunInput, RunResult } from '../runner/host';
import type { CheckLanguage, CheckOutcome, PlanStep } from './types';
import type { FileContent } from './workspace';
import { checkLanguageOfPath, sameProgram } from './file-language';

/**
 * A multi-file run: `code` is the file at `path`, `tests` (when a test
 * check) the file at `testsPath`, and `files` every other file of the
 * program, which the code and the tests may import (lib/runner's multi-file
 * `RunInput`).
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
  /** Absent where nothing can render a preview: a preview step then waits for the user like a review. */
  previewCheck?(input: PreviewInput): Promise<RunResult>;
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
  if (result.status !== 'ok' && result.error)
    outcome.message = `${result.error.message}${result.error.line ? ` (line ${result.error.line})` : ''}`;
  return outcome;
}

/** A check that could not even start, in the words the user and the fix prompt read. */
export function checkProblem(message: string): CheckOutcome {
  return { status: 'error', passed: 0, failed: 0, message, output: '' };
}

/**
 * The sandbox run for a `test` or `run` check over `workspace`, or the
 * problem that keeps it from running (its file is missing, its language
 * cannot run). Test: the tests file is `tests`; `code` is the step's first
 * file of that language (else the first such file); the rest of the
 * language's files come along. Run: the entry is `code`.
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
  const code = step.files.map((p) => program.find((f) => f.path === p)).find((f) => f !== undefined) ?? program[0];
  if (!code) return checkProblem(`No ${language} file for ${target} to test is in the workspace.`);
  return {
    language,
    code: code.content,
    path: code.path,
    tests: main.content,
    testsPath: main.path,
    files: program.filter((f) => f.path !== code.path),
    jsx: /\.[jt]sx$/i.test(code.path) || /\.[jt]sx$/i.test(main.path),
    ...limit,
  };
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
): Promise<Verdict> {
  const c = step.check;
  if (c.kind === 'review') return 'review';
  try {
    if (c.kind === 'preview') {
      if (!runners.previewCheck) return 'review';
      if (!c.entry || !workspace.some((f) => f.path === c.entry))
        return checkProblem(`${c.entry ?? 'The page to preview'} is not in the workspace: the step must write it.`);
      return toOutcome(await runners.previewCheck({ entry: c.entry, files: [...workspace] }));
    }
    const input = checkInput(step, workspace, runners.timeLimitMs);
    if (!('language' in input)) return input;
    return toOutcome(await runners.runCheck(input));
  } catch (err) {
    return checkProblem(`The sandbox could not run the check: ${err instanceof Error ? err.message : String(err)}`);
  }
}
