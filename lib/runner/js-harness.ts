/**
 * The JavaScript/TypeScript side of the sandbox's test harness: `test` /
 * `it` / `describe` with hooks, Jest-style `expect`, and Node-style
 * `assert`. Plain functions over an output sink, so the worker installs it
 * as globals and the unit tests drive it directly.
 *
 * Counting: each `test()` is one test (passed when its function returns or
 * resolves without throwing). An assertion made outside any test (`assert(x)`
 * or `expect(x)...` at the top level) is one test by itself; a failing one
 * throws, which also ends the program, as in Node. An assertion that fails
 * inside a test fails that test even when the test catches the error.
 *
 * Tamper-proofing: every built-in the harness uses is a copy taken before
 * user code runs (intrinsics.ts), promises are followed with the original
 * `then`, and the counts only ever grow; a program that replaces `Object.is`,
 * array or promise methods cannot change how its tests are counted.
 */
import { formatValue } from './format';
import {
  ArrayFrom, ArrayIsArray, MathAbs, NativeProxy, ObjectCtor, isDate, regExpText, NativePromise, NumberIsNaN, ObjectDefineProperty, ObjectEntries, ObjectGetPrototypeOf, ObjectIs, ObjectKeys,
  apply, copyList, dateGetTime, hasOwn, isMap, isSet, join, mapForEach, mapGet, mapHas, mapSet, mapSize, pop, push, regExpTest,
  setForEach, setHas, setSize, stringIncludes, stringReplace, whenSettled,
} from './intrinsics';

export class AssertionError extends Error {
  /** True once the failure has been counted (so the runner does not count it again). */
  counted = false;
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

export interface HarnessSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

type TestFn = (done?: (err?: unknown) => void) => unknown;
type Hook = () => unknown;

interface Registered {
  name: string;
  fn: TestFn;
  skip: boolean;
  only: boolean;
  hooks: { beforeEach: Hook[]; afterEach: Hook[] };
}

/**
 * Deep equality. `strict` (assert.deepStrictEqual, toStrictEqual) compares
 * leaves with Object.is and checks prototypes; `loose` (assert.deepEqual)
 * uses ==; `values` (Jest's toEqual) compares leaves with Object.is but
 * ignores prototypes.
 */
export function deepEqual(a: unknown, b: unknown, mode: boolean | 'strict' | 'loose' | 'values', seen = new Map<object, object>()): boolean {
  const m = mode === true ? 'strict' : mode === false ? 'loose' : mode;
  if (m === 'loose' ? a == b || (NumberIsNaN(a) && NumberIsNaN(b)) : ObjectIs(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (mapGet(seen, a) === b) return true;
  mapSet(seen, a, b);
  const strict = m === 'strict';
  if (strict && ObjectGetPrototypeOf(a) !== ObjectGetPrototypeOf(b)) return false;
  if (isDate(a) && isDate(b)) return dateGetTime(a) === dateGetTime(b);
  const ra = regExpText(a);
  const rb = regExpText(b);
  if (ra !== undefined && rb !== undefined) return ra === rb;
  if (ArrayIsArray(a) !== ArrayIsArray(b)) return false;
  if (isMap(a) && isMap(b)) {
    if (mapSize(a) !== mapSize(b)) return false;
    let same = true;
    mapForEach(a, (v, k) => {
      if (same && (!mapHas(b, k) || !deepEqual(v, mapGet(b, k), m, seen))) same = false;
    });
    return same;
  }
  if (isSet(a) && isSet(b)) {
    if (setSize(a) !== setSize(b)) return false;
    let same = true;
    setForEach(a, (v) => {
      if (!same || setHas(b, v)) return;
      let found = false;
      setForEach(b, (w) => {
        if (!found && deepEqual(v, w, m, seen)) found = true;
      });
      if (!found) same = false;
    });
    return same;
  }
  const ka = ObjectKeys(a);
  const kb = ObjectKeys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i];
    if (!hasOwn(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], m, seen)) return false;
  }
  return true;
}

/** Jest's toEqual: recursive equality that ignores undefined properties. */
function jestEqual(a: unknown, b: unknown): boolean {
  const clean = (v: unknown): unknown => {
    if (ArrayIsArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) push(out, clean(v[i]));
      return out;
    }
    if (v && typeof v === 'object' && ObjectGetPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      const entries = ObjectEntries(v);
      for (let i = 0; i < entries.length; i++) {
        const [k, x] = [entries[i][0], entries[i][1]];
        if (x !== undefined) ObjectDefineProperty(out, k, { value: clean(x), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  return deepEqual(clean(a), clean(b), 'values');
}

function matchesObject(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return ObjectIs(actual, expected);
  if (typeof actual !== 'object' || actual === null) return false;
  if (ArrayIsArray(expected)) {
    if (!ArrayIsArray(actual) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!matchesObject(actual[i], expected[i])) return false;
    return true;
  }
  const entries = ObjectEntries(expected);
  for (let i = 0; i < entries.length; i++) {
    const k = entries[i][0];
    if (!(k in (actual as object)) || !matchesObject((actual as Record<string, unknown>)[k], entries[i][1])) return false;
  }
  return true;
}

/** The items of an iterable the test passed in (its own iteration is the test's business). */
function itemsOf(v: unknown): unknown[] {
  if (ArrayIsArray(v)) return copyList(v);
  return ArrayFrom(v as Iterable<unknown>);
}

function someOf(list: unknown[], pred: (x: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (pred(list[i])) return true;
  return false;
}

function thrownBy(fn: unknown): { threw: boolean; error?: unknown } {
  if (typeof fn !== 'function') throw new AssertionError('expected a function to call');
  try {
    (fn as () => unknown)();
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

function errorMatches(error: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof expected === 'string') return stringIncludes(message, expected);
  if (expected instanceof RegExp) return regExpTest(expected, message);
  if (typeof expected === 'function') {
    if (expected.prototype instanceof Error || expected === Error) return error instanceof (expected as new () => Error);
    return (expected as (e: unknown) => boolean)(error) === true;
  }
  if (typeof expected === 'object' && expected) return matchesObject(error, expected);
  return false;
}

/** Creates the harness: the globals to install and `runTests()` to call after the program. */
export function createJsHarness(sink: HarnessSink) {
  const tests: Registered[] = [];
  const suites: string[] = [];
  type Hooks = { beforeEach: Hook[]; afterEach: Hook[]; beforeAll: Hook[]; afterAll: Hook[] };
  const newHooks = (): Hooks => ({ beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] });
  const hookStack: Hooks[] = [newHooks()];
  let passed = 0;
  let failed = 0;
  /** Registered tests that have finished (passed, failed or skipped), and whether runTests() reached its end. */
  let finished = 0;
  let complete = false;
  let onlyMode = false;
  /** The test running now, and whether an assertion failed in it (caught or not). */
  let current: { failure?: AssertionError } | undefined;

  /** Records one assertion's outcome; throws on failure. The count comes before the message, which the program's values could break. */
  function check(ok: boolean, message: () => string): void {
    if (ok) {
      if (!current) passed++;
      return;
    }
    const counted = !current;
    if (counted) failed++;
    let text: string;
    try {
      text = message();
    } catch (e) {
      text = `The assertion failed (its message could not be built: ${String(e)})`;
    }
    const err = new AssertionError(text);
    err.counted = counted;
    if (current) current.failure ??= err;
    throw err;
  }

  const show = formatValue;

  function makeExpect(actual: unknown, negate: boolean): Record<string, unknown> {
    const verify = (ok: boolean, words: string, expected?: unknown, hasExpected = true) =>
      check(negate ? !ok : ok, () =>
        `expect(${show(actual)})${negate ? '.not' : ''}.${words}${hasExpected ? `(${show(expected)})` : '()'}` +
        (hasExpected && !negate ? `\n  Expected: ${show(expected)}\n  Received: ${show(actual)}` : ''),
      );
    const toThrow = (e?: unknown) => {
      const r = thrownBy(actual);
      verify(r.threw && errorMatches(r.error, e), 'toThrow', e, e !== undefined);
    };
    return {
      toBe: (e: unknown) => verify(ObjectIs(actual, e), 'toBe', e),
      toEqual: (e: unknown) => verify(jestEqual(actual, e), 'toEqual', e),
      toStrictEqual: (e: unknown) => verify(deepEqual(actual, e, true), 'toStrictEqual', e),
      toBeTruthy: () => verify(!!actual, 'toBeTruthy', undefined, false),
      toBeFalsy: () => verify(!actual, 'toBeFalsy', undefined, false),
      toBeNull: () => verify(actual === null, 'toBeNull', undefined, false),
      toBeUndefined: () => verify(actual === undefined, 'toBeUndefined', undefined, false),
      toBeDefined: () => verify(actual !== undefined, 'toBeDefined', undefined, false),
      toBeNaN: () => verify(NumberIsNaN(actual), 'toBeNaN', undefined, false),
      toBeGreaterThan: (e: number) => verify((actual as number) > e, 'toBeGreaterThan', e),
      toBeGreaterThanOrEqual: (e: number) => verify((actual as number) >= e, 'toBeGreaterThanOrEqual', e),
      toBeLessThan: (e: number) => verify((actual as number) < e, 'toBeLessThan', e),
      toBeLessThanOrEqual: (e: number) => verify((actual as number) <= e, 'toBeLessThanOrEqual', e),
      toBeCloseTo: (e: number, digits = 2) => verify(MathAbs((actual as number) - e) < 10 ** -digits / 2, 'toBeCloseTo', e),
      toBeInstanceOf: (e: new () => unknown) => verify(actual instanceof e, 'toBeInstanceOf', e),
      toContain: (e: unknown) =>
        verify(typeof actual === 'string' ? stringIncludes(actual, String(e)) : someOf(itemsOf(actual), (x) => x === e || (NumberIsNaN(x) && NumberIsNaN(e))), 'toContain', e),
      toContainEqual: (e: unknown) => verify(someOf(itemsOf(actual), (x) => jestEqual(x, e)), 'toContainEqual', e),
      toHaveLength: (e: number) => verify((actual as { length?: number })?.length === e, 'toHaveLength', e),
      toHaveProperty: (path: string | string[], value?: unknown) => {
        const parts = ArrayIsArray(path) ? copyList(path) : stringSplitDot(path);
        let cur: unknown = actual;
        let has = true;
        for (let i = 0; i < parts.length; i++) {
          if (cur !== null && cur !== undefined && hasOwn(ObjectCtor(cur), parts[i])) cur = (cur as Record<string, unknown>)[parts[i]];
          else {
            has = false;
            break;
          }
        }
        verify(has && (value === undefined || jestEqual(cur, value)), 'toHaveProperty', path);
      },
      toMatch: (e: RegExp | string) => verify(typeof e === 'string' ? stringIncludes(String(actual), e) : regExpTest(e, String(actual)), 'toMatch', e),
      toMatchObject: (e: unknown) => verify(matchesObject(actual, e), 'toMatchObject', e),
      toThrow,
      toThrowError: toThrow,
    };
  }

  // Matchers are looked up by name, as test code calls them; their shapes are documented above.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function expect(actual: unknown): any {
    const settle = (wantReject: boolean) =>
      new NativeProxy({}, {
        get: (_t, name: string) => (...args: unknown[]) =>
          new NativePromise<unknown>((resolve, reject) => {
            const judge = (value: unknown, rejected: boolean) => {
              try {
                check(rejected === wantReject, () => `expected the promise to ${wantReject ? 'reject' : 'resolve'}, but it ${rejected ? 'rejected with ' + show(value) : 'resolved with ' + show(value)}`);
                // rejects.toThrow(x) checks the rejection reason itself, as in Jest.
                if (name === 'toThrow' || name === 'toThrowError') resolve(check(errorMatches(value, args[0]), () => `The rejection did not match: ${show(value)}`));
                else resolve(apply(makeExpect(value, false)[name] as (...a: unknown[]) => unknown, undefined, args));
              } catch (e) {
                reject(e);
              }
            };
            whenSettled(actual, (v) => judge(v, false), (e) => judge(e, true));
          }),
      });
    return { ...makeExpect(actual, false), not: makeExpect(actual, true), resolves: settle(false), rejects: settle(true) };
  }

  function assert(value: unknown, message?: string | Error): void {
    if (message instanceof Error && !value) throw message;
    check(!!value, () => (message as string) ?? `The expression evaluated to a falsy value:\n\n  assert(${show(value)})`);
  }
  const msg = (m: unknown, fallback: () => string) => () => (typeof m === 'string' ? m : fallback());
  /** Settles `p` (or what the function `p` returns) with the original promise machinery. */
  const outcome = (p: unknown) =>
    new NativePromise<{ rejected: boolean; error?: unknown }>((resolve) => {
      let value: unknown;
      try {
        value = typeof p === 'function' ? (p as () => unknown)() : p;
      } catch (e) {
        resolve({ rejected: true, error: e });
        return;
      }
      whenSettled(value, () => resolve({ rejected: false }), (e) => resolve({ rejected: true, error: e }));
    });
  const assertMethods = {
    ok: assert,
    equal: (a: unknown, b: unknown, m?: string) => check(a == b || (NumberIsNaN(a) && NumberIsNaN(b)), msg(m, () => `${show(a)} == ${show(b)}`)),
    notEqual: (a: unknown, b: unknown, m?: string) => check(a != b, msg(m, () => `${show(a)} != ${show(b)}`)),
    strictEqual: (a: unknown, b: unknown, m?: string) =>
      check(ObjectIs(a, b), msg(m, () => `Expected values to be strictly equal:\n\n  ${show(a)} !== ${show(b)}`)),
    notStrictEqual: (a: unknown, b: unknown, m?: string) => check(!ObjectIs(a, b), msg(m, () => `Expected "actual" to be strictly unequal to: ${show(b)}`)),
    deepEqual: (a: unknown, b: unknown, m?: string) => check(deepEqual(a, b, false), msg(m, () => `Expected values to be loosely deep-equal:\n\n${show(a)}\n\nshould loosely deep-equal\n\n${show(b)}`)),
    deepStrictEqual: (a: unknown, b: unknown, m?: string) =>
      check(deepEqual(a, b, true), msg(m, () => `Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ${show(a)}\n- ${show(b)}`)),
    notDeepStrictEqual: (a: unknown, b: unknown, m?: string) => check(!deepEqual(a, b, true), msg(m, () => `Expected "actual" not to be strictly deep-equal to: ${show(b)}`)),
    notDeepEqual: (a: unknown, b: unknown, m?: string) => check(!deepEqual(a, b, false), msg(m, () => `Expected "actual" not to be loosely deep-equal to: ${show(b)}`)),
    throws: (fn: unknown, expected?: unknown, m?: string) => {
      const r = thrownBy(fn);
      check(r.threw && errorMatches(r.error, typeof expected === 'string' && m === undefined ? undefined : expected), msg(typeof expected === 'string' ? expected : m, () => (r.threw ? `The error did not match: ${show(r.error)}` : 'Missing expected exception.')));
    },
    doesNotThrow: (fn: unknown, m?: string) => {
      const r = thrownBy(fn);
      check(!r.threw, msg(m, () => `Got unwanted exception: ${show(r.error)}`));
    },
    rejects: (p: unknown, expected?: unknown, m?: string) =>
      new NativePromise<void>((resolve, reject) => {
        whenSettled(outcome(p), (o) => {
          const { rejected, error } = o as { rejected: boolean; error?: unknown };
          try {
            check(rejected && errorMatches(error, expected), msg(m, () => (rejected ? `The rejection did not match: ${show(error)}` : 'Missing expected rejection.')));
            resolve();
          } catch (e) {
            reject(e);
          }
        }, reject);
      }),
    doesNotReject: (p: unknown, m?: string) =>
      new NativePromise<void>((resolve, reject) => {
        whenSettled(outcome(p), (o) => {
          const { rejected, error } = o as { rejected: boolean; error?: unknown };
          try {
            check(!rejected, msg(m, () => `Got unwanted rejection: ${show(error)}`));
            resolve();
          } catch (e) {
            reject(e);
          }
        }, reject);
      }),
    match: (s: string, re: RegExp, m?: string) => check(regExpTest(re, s), msg(m, () => `The input did not match the regular expression ${re}. Input: ${show(s)}`)),
    doesNotMatch: (s: string, re: RegExp, m?: string) => check(!regExpTest(re, s), msg(m, () => `The input was expected to not match ${re}. Input: ${show(s)}`)),
    fail: (m?: string) => check(false, () => m ?? 'Failed'),
    AssertionError,
  };
  const assertKeys = ObjectKeys(assertMethods) as (keyof typeof assertMethods)[];
  for (let i = 0; i < assertKeys.length; i++) ObjectDefineProperty(assert, assertKeys[i], { value: assertMethods[assertKeys[i]], enumerable: true });
  ObjectDefineProperty(assert, 'strict', { value: assert, enumerable: true });

  function register(name: string, fn: TestFn, skip = false): Registered {
    const beforeEach: Hook[] = [];
    const afterEach: Hook[] = [];
    for (let i = 0; i < hookStack.length; i++) {
      const level = hookStack[i];
      for (let k = 0; k < level.beforeEach.length; k++) push(beforeEach, level.beforeEach[k]);
    }
    for (let i = hookStack.length - 1; i >= 0; i--) {
      const level = hookStack[i].afterEach;
      for (let k = level.length - 1; k >= 0; k--) push(afterEach, level[k]);
    }
    const path = copyList(suites);
    push(path, String(name));
    const entry: Registered = { name: join(path, ' › '), fn, skip, only: false, hooks: { beforeEach, afterEach } };
    push(tests, entry);
    return entry;
  }
  function test(name: string, fn: TestFn) {
    register(name, fn);
  }
  const skip = (name: string, fn: TestFn) => void register(name, fn, true);
  const todo = (name: string) => void register(name, () => undefined, true);
  const onlyTest = (name: string, fn: TestFn) => {
    onlyMode = true;
    register(name, fn).only = true;
  };
  const each = (rows: unknown[]) => (name: string, fn: (...args: unknown[]) => unknown) => {
    const list = copyList(rows);
    for (let i = 0; i < list.length; i++) {
      const row = list[i];
      const args = ArrayIsArray(row) ? copyList(row) : [row];
      let k = 0;
      const label = stringReplace(String(name), /%[sdifjop#]/g, (m) => (m === '%#' ? String(i) : formatValue(args[k++])));
      register(label, () => apply(fn as (...a: unknown[]) => unknown, undefined, args));
    }
  };
  for (const [k, v] of [['skip', skip], ['todo', todo], ['only', onlyTest], ['each', each]] as const) ObjectDefineProperty(test, k, { value: v, enumerable: true });

  function describe(name: string, fn: () => void) {
    push(suites, String(name));
    push(hookStack, newHooks());
    try {
      fn();
    } finally {
      pop(suites);
      const hooks = pop(hookStack) as Hooks;
      const outer = hookStack[hookStack.length - 1];
      // beforeAll/afterAll of a describe run once around all tests, in order.
      for (let i = 0; i < hooks.beforeAll.length; i++) push(outer.beforeAll, hooks.beforeAll[i]);
      for (let i = 0; i < hooks.afterAll.length; i++) push(outer.afterAll, hooks.afterAll[i]);
    }
  }
  const describeSkip = (name: string, fn: () => void) => {
    const start = tests.length;
    describe(name, fn);
    for (let i = start; i < tests.length; i++) tests[i].skip = true;
  };
  const describeEach = (rows: unknown[]) => (name: string, fn: (...a: unknown[]) => void) => {
    const list = copyList(rows);
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      describe(name, () => apply(fn as (...a: unknown[]) => unknown, undefined, ArrayIsArray(r) ? copyList(r) : [r]));
    }
  };
  for (const [k, v] of [['skip', describeSkip], ['only', describe], ['each', describeEach]] as const) ObjectDefineProperty(describe, k, { value: v, enumerable: true });
  const top = () => hookStack[hookStack.length - 1];

  /** Calls `fn` (with a `done` callback when it takes one) and reports how it settled. */
  function call(fn: TestFn, ok: () => void, bad: (e: unknown) => void): void {
    let settled = false;
    const finish = (e?: unknown, failedCall = false) => {
      if (settled) return;
      settled = true;
      if (failedCall) bad(e);
      else ok();
    };
    try {
      if (fn.length > 0) {
        const r = fn((err?: unknown) => finish(err, !!err));
        if (r !== null && (typeof r === 'object' || typeof r === 'function')) whenSettled(r, () => undefined, (e) => finish(e, true));
      } else {
        whenSettled(fn(), () => finish(), (e) => finish(e, true));
      }
    } catch (e) {
      finish(e, true);
    }
  }

  /** Runs `hooks` one after another, then `ok`, or `bad` with the first error. */
  function series(hooks: Hook[], ok: () => void, bad: (e: unknown) => void): void {
    const list = copyList(hooks);
    const next = (i: number) => {
      if (i >= list.length) return ok();
      call(list[i] as TestFn, () => next(i + 1), bad);
    };
    next(0);
  }

  function describeError(e: unknown): string {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return `Thrown: ${formatValue(e)}`;
  }

  /**
   * Runs the registered tests in order, then calls `onDone` (synchronously
   * from the last step). The promise resolves with the totals too, for
   * callers that trust the realm (the unit tests).
   */
  function runTests(onDone?: () => void): Promise<{ passed: number; failed: number }> {
    return new NativePromise((resolve) => {
      const base = hookStack[0];
      const list = copyList(tests);
      const end = () => {
        complete = true;
        onDone?.();
        resolve({ passed, failed });
      };
      const runAfterAll = () => series(base.afterAll, end, (e) => {
        failed++;
        sink.stderr(`✗ afterAll\n    ${stringReplace(describeError(e), /\n/g, '\n    ')}\n`);
        end();
      });
      const next = (i: number): void => {
        if (i >= list.length) return list.length ? runAfterAll() : end();
        const t = list[i];
        if (t.skip || (onlyMode && !t.only)) {
          finished++;
          sink.stdout(`- ${t.name} (skipped)\n`);
          return next(i + 1);
        }
        const state: { failure?: AssertionError } = {};
        current = state;
        const fail = (e: unknown) => {
          current = undefined;
          failed++;
          finished++;
          try {
            sink.stderr(`✗ ${t.name}\n    ${stringReplace(describeError(e), /\n/g, '\n    ')}\n`);
          } finally {
            next(i + 1);
          }
        };
        const pass = () => {
          current = undefined;
          // An assertion that failed inside the test fails it, even if the test caught the error.
          if (state.failure) return fail(state.failure);
          passed++;
          finished++;
          try {
            sink.stdout(`✓ ${t.name}\n`);
          } finally {
            next(i + 1);
          }
        };
        series(t.hooks.beforeEach, () => call(t.fn, () => series(t.hooks.afterEach, pass, fail), fail), fail);
      };
      if (list.length) series(base.beforeAll, () => next(0), (e) => {
        // A failing beforeAll fails every test it was for.
        for (let i = 0; i < list.length; i++) failed++;
        finished += list.length;
        sink.stderr(`✗ beforeAll\n    ${stringReplace(describeError(e), /\n/g, '\n    ')}\n`);
        end();
      });
      else end();
    });
  }

  const globals = {
    test,
    it: test,
    describe,
    suite: describe,
    expect,
    assert,
    beforeEach: (fn: Hook) => void push(top().beforeEach, fn),
    afterEach: (fn: Hook) => void push(top().afterEach, fn),
    beforeAll: (fn: Hook) => void push(top().beforeAll, fn),
    afterAll: (fn: Hook) => void push(top().afterAll, fn),
  };

  return {
    globals,
    runTests,
    /** Totals so far (for a program that stopped before the tests could run). */
    counts: () => ({ passed, failed }),
    /** How far the registered tests got: how many are registered, how many finished, and whether runTests() reached its end. */
    progress: () => ({ registered: tests.length, finished, complete }),
  };
}

function stringSplitDot(path: string): string[] {
  const out: string[] = [];
  let part = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '.') {
      push(out, part);
      part = '';
    } else part += path[i];
  }
  push(out, part);
  return out;
}

export type JsHarness = ReturnType<typeof createJsHarness>;
