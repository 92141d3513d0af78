/**
 * A finished JavaScript/TypeScript run in words: its counts, the error that
 * ended it (with its place in the program), and given tests that did not
 * run, which count as failed and say why.
 */
import { AssertionError } from '../../lib/runner/js-harness';
import { formatValue } from '../../lib/runner/format';
import { testsNotRun, type TestsReach } from '../../lib/runner/tests-reach';
import type { RunIO, RunSummary } from './io';
import { ModuleCompileError, type LoadedProgram } from './js-modules';

/** What `process.exit(code)` throws to end the program. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** The run's summary from its counts and how it ended; `reach` when tests were given apart. */
export function summarize(
  counts: { passed: number; failed: number },
  failed: boolean,
  failure: unknown,
  program: LoadedProgram,
  io: RunIO,
  reach?: TestsReach,
): RunSummary {
  if (failure instanceof ExitSignal) {
    if (failure.code !== 0) return { ...counts, error: { kind: 'runtime', message: `process.exit(${failure.code})` } };
    const missing = reach && testsNotRun(reach, 0);
    if (missing) return notRun(counts, missing, io);
    return { ...counts };
  }
  if (failed && failure instanceof ModuleCompileError) {
    // A file a module imported did not compile: its own file and line.
    const e = failure.error;
    io.write('stderr', `${e.file}:${e.line ?? '?'}:${e.column ?? '?'}\n${e.message}\n`);
    return { ...counts, error: e };
  }
  if (failed) {
    const err = failure;
    const loc = describe(err, program);
    io.write('stderr', `${loc.text}\n`);
    const file = loc.file !== undefined ? { file: loc.file } : {};
    if (err instanceof AssertionError && err.counted) {
      return {
        ...counts,
        error: {
          kind: 'tests',
          message: `${err.name}: ${err.message}`.split('\n')[0],
          line: loc.line,
          column: loc.column,
          ...file,
        },
      };
    }
    const message = err instanceof Error ? `${err.name}: ${err.message}` : `Uncaught ${formatValue(err)}`;
    return {
      ...counts,
      error: { kind: 'runtime', message: message.split('\n')[0], line: loc.line, column: loc.column, ...file },
    };
  }
  const missing = reach && testsNotRun(reach, undefined);
  if (missing) return notRun(counts, missing, io);
  if (counts.failed > 0) {
    return {
      ...counts,
      error: { kind: 'tests', message: `${counts.failed} test${counts.failed === 1 ? '' : 's'} failed` },
    };
  }
  return { ...counts };
}

/** Tests that did not run count as failed, and say why (in the output too, where the eval's stderr shows it). */
function notRun(
  counts: { passed: number; failed: number },
  missing: { message: string; unrun: number },
  io: RunIO,
): RunSummary {
  io.write('stderr', `✗ ${missing.message}\n`);
  return {
    passed: counts.passed,
    failed: counts.failed + missing.unrun,
    error: { kind: 'tests', message: missing.message },
  };
}

function describe(
  err: unknown,
  program: LoadedProgram,
): { text: string; line?: number; column?: number; file?: string } {
  if (err instanceof Error && err.stack) return program.locate(err as Error & { stack: string });
  return { text: `Uncaught ${formatValue(err)}`, line: undefined, column: undefined };
}
