/**
 * Runs one JavaScript/TypeScript program inside the sandbox's worker: Node-
 * like globals (console, process, require for the few modules the sandbox
 * has, timers that keep the program alive), the test harness as globals,
 * then the program, then its tests. Each program gets a fresh worker.
 *
 * Once the program starts, nothing here relies on what it could replace:
 * the flow goes through callbacks and the original promise `then`
 * (intrinsics.ts), not through `await` on values whose `then` a program can
 * hijack, and the summary is handed to `report` rather than returned through
 * a promise (whose resolution would look up `then` on it). Harness internals
 * are removed from the global scope before the program runs.
 */
import { createJsHarness } from '../../lib/runner/js-harness';
import {
  NONCE_LENGTH,
  TESTS_BEGIN,
  TESTS_END,
  compileMessage,
  programSource,
  userStack,
  wrapProgram,
} from '../../lib/runner/program';
import { isMultiFile } from '../../lib/runner/program-files';
import { ObjectFreeze, hasOwn, whenSettled } from '../../lib/runner/intrinsics';
import type { CodeError, RunRequest } from '../../lib/runner/protocol';
import type { RunIO, RunSummary } from './io';
import { loadModuleProgram, type LoadedProgram, type Transpiler } from './js-modules';
import { installConsole, makeProcess, trackTimers } from './js-node';
import { harnessModules, testRequire } from './js-require';
import { summarize } from './js-summary';

type Scope = typeof globalThis & {
  __codelumiProgram?: (harness: unknown) => (...args: unknown[]) => unknown;
  CodelumiTranspiler?: Transpiler;
};
const scope = globalThis as Scope;
const getRandomValues = crypto.getRandomValues.bind(crypto);

function scriptUrl(source: string): string {
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

let loadedTranspiler: Transpiler | undefined;

/** Loads the transpiler runtime, asked of the frame only when a program needs it (once per worker). */
async function transpiler(fetchSource: () => Promise<string | undefined>): Promise<Transpiler | undefined> {
  if (!loadedTranspiler) {
    const source = await fetchSource();
    if (source) importScripts(scriptUrl(source));
    loadedTranspiler = scope.CodelumiTranspiler;
  }
  return loadedTranspiler;
}

function nonce(): string {
  const bytes = getRandomValues(new Uint8Array(NONCE_LENGTH / 2));
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return hex;
}

/**
 * Compiles the program (transpiled first when it is TypeScript, JSX or a
 * module) into this worker as a Blob script, and takes the function it
 * defines out of the global scope before anything of the program runs.
 * A program that does not compile gives the summary to report instead.
 */
async function loadProgram(
  source: string,
  filename: string,
  opts: { typescript: boolean; jsx: boolean },
  key: string,
  io: RunIO,
  transpilerSource: () => Promise<string | undefined>,
  shifted: { line: number; by: number } | undefined,
): Promise<{ summary: RunSummary } | LoadedProgram> {
  let program = source;
  const needsTranspiler = opts.typescript || opts.jsx || /^[ \t]*(?:import|export)\b/m.test(source);
  if (needsTranspiler) {
    const t = await transpiler(transpilerSource);
    if (!t)
      return {
        summary: {
          passed: 0,
          failed: 0,
          error: { kind: 'sandbox', message: 'The TypeScript transpiler could not be loaded.' },
        },
      };
    const r = t.transpileProgram(source, opts);
    if (!r.ok) {
      io.write('stderr', `${filename}:${r.error.line ?? '?'}:${r.error.column ?? '?'}\n${r.error.message}\n`);
      return { summary: { passed: 0, failed: 0, error: r.error } };
    }
    program = r.code;
  }

  const url = scriptUrl(wrapProgram(program, key));
  try {
    importScripts(url);
  } catch (err) {
    const located = (await transpiler(transpilerSource).catch(() => undefined))?.findSyntaxError(source, opts);
    const error: CodeError = located ?? {
      kind: 'syntax',
      message: compileMessage(
        String((err as Error).message ?? err).replace(
          /^Failed to execute 'importScripts' on 'WorkerGlobalScope': /,
          'SyntaxError: ',
        ),
      ),
    };
    io.write('stderr', `${located ? `${filename}:${located.line}:${located.column}\n` : ''}${error.message}\n`);
    return { summary: { passed: 0, failed: 0, error } };
  }
  // Harness internals leave the global scope before the program runs.
  const makeProgram = scope.__codelumiProgram!;
  delete scope.__codelumiProgram;
  // The transpiler bundle declares a global var (not deletable); the worker keeps its own reference.
  if (scope.CodelumiTranspiler) scope.CodelumiTranspiler = undefined;
  return {
    start(run, done, failed) {
      const module = run.module as { exports: Record<string, unknown> };
      let result: unknown;
      try {
        result = makeProgram(run.bindingsWith(run.testsRequire))(
          run.harnessRequire,
          module,
          module.exports,
          run.process,
          `/${filename}`,
          '/',
        );
      } catch (e) {
        return failed(e);
      }
      whenSettled(result, done, failed);
    },
    locate: (err) => userStack(err.stack, url, filename, shifted),
  };
}

/** Loads a multi-file program (js-modules.ts), with the transpiler: any file may need it when it is first required. */
async function loadModules(
  req: RunRequest,
  key: string,
  io: RunIO,
  transpilerSource: () => Promise<string | undefined>,
): Promise<{ summary: RunSummary } | LoadedProgram> {
  const t = await transpiler(transpilerSource);
  if (!t)
    return {
      summary: {
        passed: 0,
        failed: 0,
        error: { kind: 'sandbox', message: 'The TypeScript transpiler could not be loaded.' },
      },
    };
  const loaded = loadModuleProgram(req, key, t);
  // The transpiler bundle declares a global var (not deletable); the module loader keeps its own reference.
  if (scope.CodelumiTranspiler) scope.CodelumiTranspiler = undefined;
  if ('error' in loaded) {
    io.write('stderr', loaded.text);
    return { summary: { passed: 0, failed: 0, error: loaded.error } };
  }
  return loaded;
}

/** Runs `req` and calls `report` once with its summary; `io` carries output and the start signal. */
export async function runJavaScript(
  req: RunRequest,
  io: RunIO,
  transpilerSource: () => Promise<string | undefined>,
  report: (summary: RunSummary) => void,
): Promise<void> {
  const typescript = req.language === 'typescript';
  const jsx = !!req.jsx;
  const filename = typescript ? (jsx ? 'main.tsx' : 'main.ts') : jsx ? 'main.jsx' : 'main.js';
  const key = nonce();
  const multi = isMultiFile(req);
  let loaded: { summary: RunSummary } | LoadedProgram;
  if (multi) loaded = await loadModules(req, key, io, transpilerSource);
  else {
    const { source, testsLine, testsShift } = programSource(req.code, req.tests, key);
    const shifted =
      testsLine !== undefined && testsShift !== undefined ? { line: testsLine, by: testsShift } : undefined;
    loaded = await loadProgram(source, filename, { typescript, jsx }, key, io, transpilerSource, shifted);
  }
  if ('summary' in loaded) return report(loaded.summary);
  const program = loaded;
  // Multi-file programs: where each failed test failed (file:line:column), and the first of them for the run's error.
  let firstFailedAt: CodeError | undefined;
  const locateFailure = (e: unknown): string | undefined => {
    if (!(e instanceof Error) || typeof e.stack !== 'string') return undefined;
    let w: ReturnType<LoadedProgram['locate']>;
    try {
      w = program.locate(e as Error & { stack: string });
    } catch {
      // The program broke a built-in the stack reading uses: the test still counts, only its place goes unnamed.
      return undefined;
    }
    if (!w.file) return undefined;
    firstFailedAt ??= { kind: 'tests', message: '', file: w.file, line: w.line, column: w.column };
    return `${w.file}:${w.line}:${w.column}`;
  };

  const harness = createJsHarness({
    stdout: (t) => io.write('stdout', t),
    stderr: (t) => io.write('stderr', t),
    ...(multi ? { locate: locateFailure } : {}),
  });
  installConsole(io);
  const timers = trackTimers();
  const module = { exports: {} as Record<string, unknown>, id: '.', filename };
  const g = harness.globals;
  const require = testRequire(harnessModules(g), module);
  // The given tests' own harness: their tests count as theirs (the program's .only or describe.skip cannot skip them).
  const givenModules = harnessModules(harness.givenGlobals);
  const givenRequire = testRequire(givenModules, module);
  const testsModule = (name: string) => (hasOwn(givenModules, name) ? { value: givenModules[name] } : undefined);
  // What the tests block binds its names to, and the marks it calls when it starts and ends: fixed before the program runs.
  const marks = { began: false, ended: false };
  const bindingsWith = (testsRequire: unknown) =>
    ObjectFreeze({
      ...harness.givenGlobals,
      require: testsRequire,
      [TESTS_BEGIN]: () => void (marks.began = true),
      [TESTS_END]: () => void (marks.ended = true),
    });
  const process = makeProcess(io);
  Object.assign(scope, g, { process, module, exports: module.exports, require, global: scope });

  let failure: unknown;
  let failed = false;
  let reported = false;
  const finish = () => {
    if (reported) return;
    reported = true;
    const reach = req.tests ? { ...marks, ...harness.progress() } : undefined;
    const summary = summarize(harness.counts(), failed, failure, program, io, reach);
    if (multi && summary.error?.kind === 'tests' && !summary.error.file && firstFailedAt)
      summary.error = {
        ...summary.error,
        file: firstFailedAt.file,
        line: firstFailedAt.line,
        column: firstFailedAt.column,
      };
    report(summary);
  };
  const fail = (e: unknown) => {
    if (!failed) {
      failed = true;
      failure = e;
    }
    timers.wakeAll();
  };
  scope.addEventListener('error', (e) => {
    e.preventDefault();
    fail(e.error ?? new Error(e.message));
  });
  scope.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    fail(e.reason);
  });

  io.started();
  // The program, then pending timers, then the tests, then their timers; a failure anywhere ends the run.
  const afterTests = () => timers.whenIdle(() => failed, finish);
  const runTests = () => {
    if (failed) return finish();
    try {
      void harness.runTests(afterTests);
    } catch (e) {
      fail(e);
      finish();
    }
  };
  const afterProgram = () => timers.whenIdle(() => failed, runTests);
  timers.onFailure(() => failed, finish);
  program.start(
    { bindingsWith, harnessRequire: require, testsRequire: givenRequire, testsModule, process, module },
    afterProgram,
    (e) => {
      fail(e);
      finish();
    },
  );
}
