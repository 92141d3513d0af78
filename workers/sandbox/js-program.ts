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
import { createJsHarness, AssertionError, deepEqual, type JsHarness } from '../../lib/runner/js-harness';
import { formatArgs, formatValue } from '../../lib/runner/format';
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
import {
  ObjectDefineProperty,
  ObjectFreeze,
  apply,
  copyList,
  hasOwn,
  push,
  setAdd,
  setDelete,
  setForEach,
  setSize,
  whenSettled,
} from '../../lib/runner/intrinsics';
import type { CodeError, RunRequest } from '../../lib/runner/protocol';
import { testsNotRun, type TestsReach } from '../../lib/runner/tests-reach';
import type { RunIO, RunSummary } from './io';
import { ModuleCompileError, loadModuleProgram, type LoadedProgram, type Transpiler } from './js-modules';

type Scope = typeof globalThis & {
  __codelumiProgram?: (harness: unknown) => (...args: unknown[]) => unknown;
  CodelumiTranspiler?: Transpiler;
};
const scope = globalThis as Scope;
const realSetTimeout = scope.setTimeout.bind(scope) as (fn: () => void, ms?: number) => number;
const realClearTimeout = scope.clearTimeout.bind(scope) as (id: number) => void;
const realSetInterval = scope.setInterval.bind(scope) as (fn: () => void, ms?: number) => number;
const realClearInterval = scope.clearInterval.bind(scope) as (id: number) => void;
const getRandomValues = crypto.getRandomValues.bind(crypto);

class ExitSignal {
  constructor(readonly code: number) {}
}

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

const MODULE_NOTE = 'the sandbox runs without npm packages, files or network';

function nonce(): string {
  const bytes = getRandomValues(new Uint8Array(NONCE_LENGTH / 2));
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return hex;
}

/** Gives `fn` its own `call` and `apply` (transpiled imports call `_vitest.test.call(…)`), so a replaced Function.prototype.call cannot intercept it. */
function pinCalls<F extends (...a: never[]) => unknown>(fn: F): F {
  ObjectDefineProperty(fn, 'call', {
    value: (self: unknown, ...args: unknown[]) => apply(fn as unknown as (...a: unknown[]) => unknown, self, args),
  });
  ObjectDefineProperty(fn, 'apply', {
    value: (self: unknown, args?: ArrayLike<unknown>) =>
      apply(fn as unknown as (...a: unknown[]) => unknown, self, args ? copyList(args) : []),
  });
  return fn;
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

/**
 * The sandbox's own modules over one set of the harness's functions (the
 * program's, or the given tests'): `assert`, `node:test`,
 * `@jest/globals`/`vitest` and a small `util`. The harness functions get
 * their own `call`/`apply` (pinCalls).
 */
function harnessModules(g: JsHarness['globals']): Record<string, unknown> {
  for (const fn of [g.test, g.describe, g.expect, g.assert, g.beforeEach, g.afterEach, g.beforeAll, g.afterAll])
    pinCalls(fn as (...a: never[]) => unknown);
  const nodeTest = ObjectFreeze({
    test: g.test,
    it: g.it,
    describe: g.describe,
    before: g.beforeAll,
    after: g.afterAll,
    beforeEach: g.beforeEach,
    afterEach: g.afterEach,
    default: g.test,
  });
  const testGlobals = ObjectFreeze({ ...g, jest: undefined, vi: undefined });
  const modules: Record<string, unknown> = {
    assert: g.assert,
    'assert/strict': g.assert,
    'node:assert': g.assert,
    'node:assert/strict': g.assert,
    'node:test': nodeTest,
    '@jest/globals': testGlobals,
    vitest: testGlobals,
    util: ObjectFreeze({
      inspect: formatValue,
      format: (...a: unknown[]) => formatArgs(a),
      isDeepStrictEqual: (a: unknown, b: unknown) => deepEqual(a, b, 'strict'),
    }),
  };
  modules['node:util'] = modules.util;
  return modules;
}

/**
 * A `require` over `modules` (harnessModules): style and image imports give
 * an empty object; anything else is not found.
 */
function testRequire(
  modules: Record<string, unknown>,
  module: { exports: Record<string, unknown>; id: string; filename: string },
) {
  const require = pinCalls(
    Object.assign(
      (name: string) => {
        if (hasOwn(modules, name)) return modules[name];
        if (/\.(css|scss|sass|less|svg|png|jpe?g|gif)$/i.test(name)) return {};
        const err = new Error(`Cannot find module '${name}': ${MODULE_NOTE}.`) as Error & { code?: string };
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      },
      { main: module as unknown, resolve: (n: string) => n, cache: {} },
    ),
  );
  return require;
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

function summarize(
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

function installConsole(io: RunIO): void {
  let indent = '';
  const counters = new Map<string, number>();
  const timersByLabel = new Map<string, number>();
  const line =
    (stream: 'stdout' | 'stderr') =>
    (...args: unknown[]) =>
      io.write(stream, `${indent}${formatArgs(args).replace(/\n/g, `\n${indent}`)}\n`);
  const out = line('stdout');
  const err = line('stderr');
  const c = {
    log: out,
    info: out,
    debug: out,
    trace: err,
    error: err,
    warn: err,
    dir: (v: unknown) => out(formatValue(v)),
    table: (v: unknown) => out(formatValue(v)),
    group: (...a: unknown[]) => {
      if (a.length) out(...a);
      indent += '  ';
    },
    groupEnd: () => void (indent = indent.slice(2)),
    assert: (cond: unknown, ...a: unknown[]) => {
      if (!cond) err(a.length ? `Assertion failed: ${formatArgs(a)}` : 'Assertion failed');
    },
    count: (label = 'default') => {
      const n = (counters.get(label) ?? 0) + 1;
      counters.set(label, n);
      out(`${label}: ${n}`);
    },
    countReset: (label = 'default') => void counters.delete(label),
    time: (label = 'default') => void timersByLabel.set(label, performance.now()),
    timeLog: (label = 'default') =>
      out(`${label}: ${(performance.now() - (timersByLabel.get(label) ?? performance.now())).toFixed(3)}ms`),
    timeEnd: (label = 'default') => {
      out(`${label}: ${(performance.now() - (timersByLabel.get(label) ?? performance.now())).toFixed(3)}ms`);
      timersByLabel.delete(label);
    },
    clear: () => undefined,
  };
  Object.defineProperty(scope, 'console', {
    value: { ...c, groupCollapsed: c.group },
    configurable: true,
    writable: true,
  });
}

function makeProcess(io: RunIO) {
  const stream = (s: 'stdout' | 'stderr') => ({
    write: (t: unknown) => (io.write(s, typeof t === 'string' ? t : String(t)), true),
    isTTY: false,
    columns: 80,
  });
  return {
    argv: ['node', '/main.js'],
    env: {},
    platform: 'browser',
    version: 'v20.0.0',
    versions: {},
    exitCode: undefined as number | undefined,
    stdout: stream('stdout'),
    stderr: stream('stderr'),
    cwd: () => '/',
    hrtime: Object.assign(
      (prev?: [number, number]) => {
        const ns = BigInt(Math.round(performance.now() * 1e6));
        const t: [number, number] = [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
        return prev ? [t[0] - prev[0], t[1] - prev[1]] : t;
      },
      { bigint: () => BigInt(Math.round(performance.now() * 1e6)) },
    ),
    memoryUsage: () => ({ heapUsed: 0, heapTotal: 0, rss: 0 }),
    nextTick: (fn: (...a: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
    on: () => undefined,
    exit: (code = 0) => {
      throw new ExitSignal(code);
    },
  };
}

/** Wraps the timer functions so the run waits for pending timers, as Node waits before it exits. */
function trackTimers() {
  const active = new Set<number>();
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    const list: (() => void)[] = [];
    setForEach(waiters as Set<unknown>, (w) => void push(list, w));
    for (let i = 0; i < list.length; i++) list[i]();
  };
  const wrapped = (fn: unknown, args: unknown[], done: () => void) => () => {
    try {
      if (typeof fn === 'function') apply(fn as (...a: unknown[]) => unknown, undefined, args);
    } finally {
      done();
      wakeAll();
    }
  };
  Object.assign(scope, {
    setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => {
      const id = realSetTimeout(
        wrapped(fn, args, () => setDelete(active as Set<unknown>, id)),
        ms,
      );
      setAdd(active as Set<unknown>, id);
      return id;
    },
    clearTimeout: (id: number) => {
      setDelete(active as Set<unknown>, id);
      realClearTimeout(id);
      wakeAll();
    },
    setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => {
      const id = realSetInterval(
        wrapped(fn, args, () => undefined),
        ms,
      );
      setAdd(active as Set<unknown>, id);
      return id;
    },
    clearInterval: (id: number) => {
      setDelete(active as Set<unknown>, id);
      realClearInterval(id);
      wakeAll();
    },
    setImmediate: (fn: (...a: unknown[]) => void, ...args: unknown[]) =>
      (scope as unknown as { setTimeout: (...a: unknown[]) => number }).setTimeout(fn, 0, ...args),
  });
  return {
    wakeAll,
    /** Calls `then` once no timer is pending, or the run failed. */
    whenIdle(stop: () => boolean, then: () => void) {
      const check = () => {
        if (setSize(active as Set<unknown>) === 0 || stop()) return then();
        const w = () => {
          setDelete(waiters as Set<unknown>, w);
          realSetTimeout(check, 0);
        };
        setAdd(waiters as Set<unknown>, w);
      };
      realSetTimeout(check, 0);
    },
    /** Calls `then` as soon as the run has failed (a timer or an event threw while the program was waiting). */
    onFailure(stop: () => boolean, then: () => void) {
      const w = () => {
        if (stop()) {
          setDelete(waiters as Set<unknown>, w);
          then();
        }
      };
      setAdd(waiters as Set<unknown>, w);
    },
  };
}
