/**
 * The Node-like parts of a JavaScript/TypeScript run's worker: `console`,
 * `process` and timers that keep the program alive until they are done, as
 * Node waits before it exits. Built on the timers captured when this file
 * loaded, before any program ran.
 */
import { apply, push, setAdd, setDelete, setForEach, setSize } from '../../lib/runner/intrinsics';
import { formatArgs, formatValue } from '../../lib/runner/format';
import type { RunIO } from './io';
import { ExitSignal } from './js-summary';

const scope = globalThis;
const realSetTimeout = scope.setTimeout.bind(scope) as (fn: () => void, ms?: number) => number;
const realClearTimeout = scope.clearTimeout.bind(scope) as (id: number) => void;
const realSetInterval = scope.setInterval.bind(scope) as (fn: () => void, ms?: number) => number;
const realClearInterval = scope.clearInterval.bind(scope) as (id: number) => void;

/** Installs `console`, writing to the run's output. */
export function installConsole(io: RunIO): void {
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

/** The `process` the program gets; `exit` throws ExitSignal. */
export function makeProcess(io: RunIO) {
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
export function trackTimers() {
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
