/**
 * Runs one JavaScript/TypeScript program inside the sandbox's worker: Node-
 * like globals (console, process, require for the few modules the sandbox
 * has, timers that keep the program alive), the test harness as globals,
 * then the program, then its tests. Each program gets a fresh worker.
 */
import { createJsHarness, AssertionError, deepEqual } from '../../lib/runner/js-harness';
import { formatArgs, formatValue } from '../../lib/runner/format';
import { userStack, wrapProgram } from '../../lib/runner/program';
import type { CodeError, RunRequest } from '../../lib/runner/protocol';
import type { RunIO, RunSummary } from './io';

interface Transpiler {
  transpileProgram(code: string, o: { typescript: boolean; jsx: boolean }): { ok: true; code: string } | { ok: false; error: CodeError };
  findSyntaxError(code: string, o: { typescript: boolean; jsx: boolean }): CodeError | undefined;
  usesModules(code: string): boolean;
}

type Scope = typeof globalThis & {
  __codelumiProgram?: (...args: unknown[]) => Promise<unknown>;
  CodelumiTranspiler?: Transpiler;
};
const scope = globalThis as Scope;

class ExitSignal {
  constructor(readonly code: number) {}
}

function scriptUrl(source: string): string {
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

/** Loads the transpiler runtime, asked of the frame only when a program needs it (once per worker). */
async function transpiler(fetchSource: () => Promise<string | undefined>): Promise<Transpiler | undefined> {
  if (!scope.CodelumiTranspiler) {
    const source = await fetchSource();
    if (source) importScripts(scriptUrl(source));
  }
  return scope.CodelumiTranspiler;
}

const MODULE_NOTE = 'the sandbox runs without npm packages, files or network';

/** Runs `req` and resolves with its summary; `io` carries output and the start signal. */
export async function runJavaScript(req: RunRequest, io: RunIO, transpilerSource: () => Promise<string | undefined>): Promise<RunSummary> {
  const typescript = req.language === 'typescript';
  const jsx = !!req.jsx;
  const filename = typescript ? (jsx ? 'main.tsx' : 'main.ts') : jsx ? 'main.jsx' : 'main.js';
  const source = req.tests ? `${req.code}\n${req.tests}` : req.code;
  const opts = { typescript, jsx };

  let program = source;
  const needsTranspiler = typescript || jsx || /^[ \t]*(?:import|export)\b/m.test(source);
  if (needsTranspiler) {
    const t = await transpiler(transpilerSource);
    if (!t) return { passed: 0, failed: 0, error: { kind: 'sandbox', message: 'The TypeScript transpiler could not be loaded.' } };
    const r = t.transpileProgram(source, opts);
    if (!r.ok) {
      io.write('stderr', `${filename}:${r.error.line ?? '?'}:${r.error.column ?? '?'}\n${r.error.message}\n`);
      return { passed: 0, failed: 0, error: r.error };
    }
    program = r.code;
  }

  const url = scriptUrl(wrapProgram(program));
  try {
    importScripts(url);
  } catch (err) {
    const located = (await transpiler(transpilerSource).catch(() => undefined))?.findSyntaxError(source, opts);
    const error: CodeError = located ?? { kind: 'syntax', message: String((err as Error).message ?? err).replace(/^Failed to execute 'importScripts' on 'WorkerGlobalScope': /, 'SyntaxError: ') };
    io.write('stderr', `${located ? `${filename}:${located.line}:${located.column}\n` : ''}${error.message}\n`);
    return { passed: 0, failed: 0, error };
  }

  const harness = createJsHarness({ stdout: (t) => io.write('stdout', t), stderr: (t) => io.write('stderr', t) });
  installConsole(io);
  const timers = trackTimers();
  const module = { exports: {} as Record<string, unknown>, id: '.', filename };
  const g = harness.globals;
  const nodeTest = { test: g.test, it: g.it, describe: g.describe, before: g.beforeAll, after: g.afterAll, beforeEach: g.beforeEach, afterEach: g.afterEach, default: g.test };
  const testGlobals = { ...g, jest: undefined, vi: undefined };
  const modules: Record<string, unknown> = {
    assert: g.assert, 'assert/strict': g.assert, 'node:assert': g.assert, 'node:assert/strict': g.assert,
    'node:test': nodeTest, '@jest/globals': testGlobals, vitest: testGlobals,
    util: { inspect: formatValue, format: (...a: unknown[]) => formatArgs(a), isDeepStrictEqual: (a: unknown, b: unknown) => deepEqual(a, b, 'strict') },
  };
  modules['node:util'] = modules.util;
  const require = Object.assign(
    (name: string) => {
      if (name in modules) return modules[name];
      if (/\.(css|scss|sass|less|svg|png|jpe?g|gif)$/i.test(name)) return {};
      const err = new Error(`Cannot find module '${name}': ${MODULE_NOTE}.`) as Error & { code?: string };
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    },
    { main: module as unknown, resolve: (n: string) => n, cache: {} },
  );
  const process = makeProcess(io);
  Object.assign(scope, g, { process, module, exports: module.exports, require, global: scope });

  let failure: unknown;
  let failed = false;
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
  let counts = { passed: 0, failed: 0 };
  try {
    await Promise.race([scope.__codelumiProgram!(require, module, module.exports, process, `/${filename}`, '/'), timers.failed(() => failed)]);
    if (!failed) await timers.settle(() => failed);
    if (!failed) counts = await harness.runTests();
    if (!failed) await timers.settle(() => failed);
  } catch (e) {
    fail(e);
  }
  counts = harness.counts();
  if (failure instanceof ExitSignal) {
    return { ...counts, error: failure.code === 0 ? undefined : { kind: 'runtime', message: `process.exit(${failure.code})` } };
  }
  if (failed) {
    const err = failure;
    if (err instanceof AssertionError && err.counted) {
      io.write('stderr', `${describe(err, url, filename).text}\n`);
      const loc = describe(err, url, filename);
      return { ...counts, error: { kind: 'tests', message: `${err.name}: ${err.message}`.split('\n')[0], line: loc.line, column: loc.column } };
    }
    const loc = describe(err, url, filename);
    io.write('stderr', `${loc.text}\n`);
    const message = err instanceof Error ? `${err.name}: ${err.message}` : `Uncaught ${formatValue(err)}`;
    return { ...counts, error: { kind: 'runtime', message: message.split('\n')[0], line: loc.line, column: loc.column } };
  }
  if (counts.failed > 0) {
    return { ...counts, error: { kind: 'tests', message: `${counts.failed} test${counts.failed === 1 ? '' : 's'} failed` } };
  }
  return { ...counts };
}

function describe(err: unknown, url: string, filename: string) {
  if (err instanceof Error && err.stack) return userStack(err.stack, url, filename);
  return { text: `Uncaught ${formatValue(err)}`, line: undefined, column: undefined };
}

function installConsole(io: RunIO): void {
  let indent = '';
  const counters = new Map<string, number>();
  const timersByLabel = new Map<string, number>();
  const line = (stream: 'stdout' | 'stderr') => (...args: unknown[]) =>
    io.write(stream, `${indent}${formatArgs(args).replace(/\n/g, `\n${indent}`)}\n`);
  const out = line('stdout');
  const err = line('stderr');
  const c = {
    log: out, info: out, debug: out, trace: err, error: err, warn: err,
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
    timeLog: (label = 'default') => out(`${label}: ${(performance.now() - (timersByLabel.get(label) ?? performance.now())).toFixed(3)}ms`),
    timeEnd: (label = 'default') => {
      out(`${label}: ${(performance.now() - (timersByLabel.get(label) ?? performance.now())).toFixed(3)}ms`);
      timersByLabel.delete(label);
    },
    clear: () => undefined,
  };
  Object.defineProperty(scope, 'console', { value: { ...c, groupCollapsed: c.group }, configurable: true, writable: true });
}

function makeProcess(io: RunIO) {
  const stream = (s: 'stdout' | 'stderr') => ({ write: (t: unknown) => (io.write(s, typeof t === 'string' ? t : String(t)), true), isTTY: false, columns: 80 });
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
    hrtime: Object.assign((prev?: [number, number]) => {
      const ns = BigInt(Math.round(performance.now() * 1e6));
      const t: [number, number] = [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
      return prev ? [t[0] - prev[0], t[1] - prev[1]] : t;
    }, { bigint: () => BigInt(Math.round(performance.now() * 1e6)) }),
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
    for (const w of [...waiters]) w();
  };
  const realSetTimeout = scope.setTimeout.bind(scope) as (fn: () => void, ms?: number) => number;
  const realClearTimeout = scope.clearTimeout.bind(scope) as (id: number) => void;
  const realSetInterval = scope.setInterval.bind(scope) as (fn: () => void, ms?: number) => number;
  const realClearInterval = scope.clearInterval.bind(scope) as (id: number) => void;
  const wrapped = (fn: unknown, args: unknown[], done: () => void) => () => {
    try {
      if (typeof fn === 'function') fn(...args);
    } finally {
      done();
      wakeAll();
    }
  };
  Object.assign(scope, {
    setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => {
      const id = realSetTimeout(wrapped(fn, args, () => active.delete(id)), ms) as unknown as number;
      active.add(id);
      return id;
    },
    clearTimeout: (id: number) => {
      active.delete(id);
      realClearTimeout(id);
      wakeAll();
    },
    setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => {
      const id = realSetInterval(wrapped(fn, args, () => undefined), ms) as unknown as number;
      active.add(id);
      return id;
    },
    clearInterval: (id: number) => {
      active.delete(id);
      realClearInterval(id);
      wakeAll();
    },
    setImmediate: (fn: (...a: unknown[]) => void, ...args: unknown[]) => (scope as unknown as { setTimeout: typeof setTimeout }).setTimeout(fn, 0, ...args),
  });
  const tick = () => new Promise<void>((r) => realSetTimeout(r, 0));
  return {
    wakeAll,
    /** Resolves once no timer is pending (or the run failed). */
    async settle(stop: () => boolean) {
      await tick();
      while (active.size > 0 && !stop()) {
        await new Promise<void>((resolve) => {
          const w = () => {
            waiters.delete(w);
            resolve();
          };
          waiters.add(w);
        });
        await tick();
      }
    },
    /** A promise that never resolves but lets a failure end the wait (used in a race). */
    failed(stop: () => boolean) {
      return new Promise<void>((resolve) => {
        const w = () => {
          if (stop()) {
            waiters.delete(w);
            resolve();
          }
        };
        waiters.add(w);
      });
    },
  };
}
