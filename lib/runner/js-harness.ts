/**
 * The JavaScript/TypeScript side of the sandbox's test harness: `test` /
 * `it` / `describe` with hooks, Jest-style `expect`, and Node-style
 * `assert`. Plain functions over an output sink, so the worker installs it
 * as globals and the unit tests drive it directly.
 *
 * Counting: each `test()` is one test (passed when its function returns or
 * resolves without throwing). An assertion made outside any test (`assert(x)`
 * or `expect(x)...` at the top level) is one test by itself; a failing one
 * throws, which also ends the program, as in Node.
 */
import { formatValue } from './format';

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
  if (m === 'loose' ? a == b || (Number.isNaN(a) && Number.isNaN(b)) : Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  const strict = m === 'strict';
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return a.toString() === b.toString();
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k), m, seen)) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    outer: for (const v of a) {
      if (b.has(v)) continue;
      for (const w of b) if (deepEqual(v, w, m, seen)) continue outer;
      return false;
    }
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], m, seen)) return false;
  }
  return true;
}

/** Jest's toEqual: recursive equality that ignores undefined properties. */
function jestEqual(a: unknown, b: unknown): boolean {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, clean(x)]));
    }
    return v;
  };
  return deepEqual(clean(a), clean(b), 'values');
}

function matchesObject(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return Object.is(actual, expected);
  if (typeof actual !== 'object' || actual === null) return false;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesObject(actual[i], e));
  return Object.entries(expected).every(([k, v]) => k in (actual as object) && matchesObject((actual as Record<string, unknown>)[k], v));
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
  if (typeof expected === 'string') return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
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
  const hookStack: { beforeEach: Hook[]; afterEach: Hook[]; beforeAll: Hook[]; afterAll: Hook[] }[] = [
    { beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] },
  ];
  let passed = 0;
  let failed = 0;
  let insideTest = 0;
  let onlyMode = false;
  const only = new Set<Registered>();

  /** Records one assertion's outcome; throws on failure. */
  function check(ok: boolean, message: () => string): void {
    if (ok) {
      if (insideTest === 0) passed++;
      return;
    }
    const err = new AssertionError(message());
    if (insideTest === 0) {
      failed++;
      err.counted = true;
    }
    throw err;
  }

  const show = formatValue;

  function makeExpect(actual: unknown, negate: boolean): Record<string, unknown> {
    const verify = (ok: boolean, words: string, expected?: unknown, hasExpected = true) =>
      check(negate ? !ok : ok, () =>
        `expect(${show(actual)})${negate ? '.not' : ''}.${words}${hasExpected ? `(${show(expected)})` : '()'}` +
        (hasExpected && !negate ? `\n  Expected: ${show(expected)}\n  Received: ${show(actual)}` : ''),
      );
    const m: Record<string, unknown> = {
      toBe: (e: unknown) => verify(Object.is(actual, e), 'toBe', e),
      toEqual: (e: unknown) => verify(jestEqual(actual, e), 'toEqual', e),
      toStrictEqual: (e: unknown) => verify(deepEqual(actual, e, true), 'toStrictEqual', e),
      toBeTruthy: () => verify(!!actual, 'toBeTruthy', undefined, false),
      toBeFalsy: () => verify(!actual, 'toBeFalsy', undefined, false),
      toBeNull: () => verify(actual === null, 'toBeNull', undefined, false),
      toBeUndefined: () => verify(actual === undefined, 'toBeUndefined', undefined, false),
      toBeDefined: () => verify(actual !== undefined, 'toBeDefined', undefined, false),
      toBeNaN: () => verify(Number.isNaN(actual), 'toBeNaN', undefined, false),
      toBeGreaterThan: (e: number) => verify((actual as number) > e, 'toBeGreaterThan', e),
      toBeGreaterThanOrEqual: (e: number) => verify((actual as number) >= e, 'toBeGreaterThanOrEqual', e),
      toBeLessThan: (e: number) => verify((actual as number) < e, 'toBeLessThan', e),
      toBeLessThanOrEqual: (e: number) => verify((actual as number) <= e, 'toBeLessThanOrEqual', e),
      toBeCloseTo: (e: number, digits = 2) => verify(Math.abs((actual as number) - e) < 10 ** -digits / 2, 'toBeCloseTo', e),
      toBeInstanceOf: (e: new () => unknown) => verify(actual instanceof e, 'toBeInstanceOf', e),
      toContain: (e: unknown) =>
        verify(typeof actual === 'string' ? actual.includes(String(e)) : Array.from(actual as Iterable<unknown>).includes(e), 'toContain', e),
      toContainEqual: (e: unknown) => verify(Array.from(actual as Iterable<unknown>).some((x) => jestEqual(x, e)), 'toContainEqual', e),
      toHaveLength: (e: number) => verify((actual as { length?: number })?.length === e, 'toHaveLength', e),
      toHaveProperty: (path: string | string[], value?: unknown) => {
        const parts = Array.isArray(path) ? path : path.split('.');
        let cur: unknown = actual;
        let has = true;
        for (const p of parts) {
          if (cur !== null && cur !== undefined && Object.prototype.hasOwnProperty.call(Object(cur), p)) cur = (cur as Record<string, unknown>)[p];
          else { has = false; break; }
        }
        verify(has && (value === undefined || jestEqual(cur, value)), 'toHaveProperty', path);
      },
      toMatch: (e: RegExp | string) => verify(typeof e === 'string' ? String(actual).includes(e) : e.test(String(actual)), 'toMatch', e),
      toMatchObject: (e: unknown) => verify(matchesObject(actual, e), 'toMatchObject', e),
      toThrow: (e?: unknown) => {
        const r = thrownBy(actual);
        verify(r.threw && errorMatches(r.error, e), 'toThrow', e, e !== undefined);
      },
    };
    m.toThrowError = m.toThrow;
    return m;
  }

  // Matchers are looked up by name, as test code calls them; their shapes are documented above.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function expect(actual: unknown): any {
    const api = makeExpect(actual, false) as Record<string, unknown>;
    api.not = makeExpect(actual, true);
    const settle = (wantReject: boolean) =>
      new Proxy({}, {
        get: (_t, name: string) => async (...args: unknown[]) => {
          let value: unknown;
          let rejected = false;
          try {
            value = await actual;
          } catch (e) {
            value = e;
            rejected = true;
          }
          check(rejected === wantReject, () => `expected the promise to ${wantReject ? 'reject' : 'resolve'}, but it ${rejected ? 'rejected with ' + show(value) : 'resolved with ' + show(value)}`);
          // rejects.toThrow(x) checks the rejection reason itself, as in Jest.
          if (name === 'toThrow' || name === 'toThrowError') return check(errorMatches(value, args[0]), () => `The rejection did not match: ${show(value)}`);
          return (makeExpect(value, false)[name] as (...a: unknown[]) => unknown)(...args);
        },
      });
    api.resolves = settle(false);
    api.rejects = settle(true);
    return api;
  }

  function assert(value: unknown, message?: string | Error): void {
    if (message instanceof Error && !value) throw message;
    check(!!value, () => (message as string) ?? `The expression evaluated to a falsy value:\n\n  assert(${show(value)})`);
  }
  const msg = (m: unknown, fallback: () => string) => () => (typeof m === 'string' ? m : fallback());
  Object.assign(assert, {
    ok: assert,
    equal: (a: unknown, b: unknown, m?: string) => check(a == b || (Number.isNaN(a) && Number.isNaN(b)), msg(m, () => `${show(a)} == ${show(b)}`)),
    notEqual: (a: unknown, b: unknown, m?: string) => check(a != b, msg(m, () => `${show(a)} != ${show(b)}`)),
    strictEqual: (a: unknown, b: unknown, m?: string) =>
      check(Object.is(a, b), msg(m, () => `Expected values to be strictly equal:\n\n  ${show(a)} !== ${show(b)}`)),
    notStrictEqual: (a: unknown, b: unknown, m?: string) => check(!Object.is(a, b), msg(m, () => `Expected "actual" to be strictly unequal to: ${show(b)}`)),
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
    rejects: async (p: unknown, expected?: unknown, m?: string) => {
      let rejected = false;
      let error: unknown;
      try {
        await (typeof p === 'function' ? (p as () => unknown)() : p);
      } catch (e) {
        rejected = true;
        error = e;
      }
      check(rejected && errorMatches(error, expected), msg(m, () => (rejected ? `The rejection did not match: ${show(error)}` : 'Missing expected rejection.')));
    },
    doesNotReject: async (p: unknown, m?: string) => {
      try {
        await (typeof p === 'function' ? (p as () => unknown)() : p);
        check(true, () => '');
      } catch (e) {
        check(false, msg(m, () => `Got unwanted rejection: ${show(e)}`));
      }
    },
    match: (s: string, re: RegExp, m?: string) => check(re.test(s), msg(m, () => `The input did not match the regular expression ${re}. Input: ${show(s)}`)),
    doesNotMatch: (s: string, re: RegExp, m?: string) => check(!re.test(s), msg(m, () => `The input was expected to not match ${re}. Input: ${show(s)}`)),
    fail: (m?: string) => check(false, () => m ?? 'Failed'),
    AssertionError,
  });
  (assert as unknown as Record<string, unknown>).strict = assert;

  function register(name: string, fn: TestFn, skip = false): Registered {
    const hooks = { beforeEach: hookStack.flatMap((h) => h.beforeEach), afterEach: hookStack.flatMap((h) => h.afterEach).reverse() };
    const entry = { name: [...suites, String(name)].join(' › '), fn, skip, hooks };
    tests.push(entry);
    return entry;
  }
  function test(name: string, fn: TestFn) {
    register(name, fn);
  }
  test.skip = (name: string, fn: TestFn) => void register(name, fn, true);
  test.todo = (name: string) => void register(name, () => undefined, true);
  test.only = (name: string, fn: TestFn) => {
    onlyMode = true;
    only.add(register(name, fn));
  };
  test.each = (rows: unknown[]) => (name: string, fn: (...args: unknown[]) => unknown) => {
    rows.forEach((row, i) => {
      const args = Array.isArray(row) ? row : [row];
      let label = String(name);
      let k = 0;
      label = label.replace(/%[sdifjop#]/g, (m) => (m === '%#' ? String(i) : formatValue(args[k++])));
      register(label, () => fn(...args));
    });
  };
  function describe(name: string, fn: () => void) {
    suites.push(String(name));
    hookStack.push({ beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] });
    try {
      fn();
    } finally {
      suites.pop();
      const hooks = hookStack.pop()!;
      const outer = hookStack[hookStack.length - 1];
      // beforeAll/afterAll of a describe run once around all tests, in order.
      outer.beforeAll.push(...hooks.beforeAll);
      outer.afterAll.push(...hooks.afterAll);
    }
  }
  describe.skip = (name: string, fn: () => void) => {
    const start = tests.length;
    describe(name, fn);
    for (let i = start; i < tests.length; i++) tests[i].skip = true;
  };
  describe.only = describe;
  describe.each = (rows: unknown[]) => (name: string, fn: (...a: unknown[]) => void) => rows.forEach((r) => describe(name, () => fn(...(Array.isArray(r) ? r : [r]))));
  const top = () => hookStack[hookStack.length - 1];

  async function call(fn: TestFn): Promise<void> {
    if (fn.length > 0) {
      await new Promise<void>((resolve, reject) => {
        const r = fn((err?: unknown) => (err ? reject(err) : resolve()));
        if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(() => undefined, reject);
      });
    } else {
      await fn();
    }
  }

  function describeError(e: unknown): string {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return `Thrown: ${formatValue(e)}`;
  }

  /** Runs the registered tests in order; resolves with the totals (top-level assertions included). */
  async function runTests(): Promise<{ passed: number; failed: number }> {
    const base = hookStack[0];
    if (tests.length) for (const h of base.beforeAll) await h();
    for (const t of tests) {
      if (t.skip || (onlyMode && !only.has(t))) {
        sink.stdout(`- ${t.name} (skipped)\n`);
        continue;
      }
      insideTest++;
      try {
        for (const h of t.hooks.beforeEach) await h();
        await call(t.fn);
        for (const h of t.hooks.afterEach) await h();
        passed++;
        sink.stdout(`✓ ${t.name}\n`);
      } catch (e) {
        failed++;
        sink.stderr(`✗ ${t.name}\n    ${describeError(e).replace(/\n/g, '\n    ')}\n`);
      } finally {
        insideTest--;
      }
    }
    if (tests.length) for (const h of base.afterAll) await h();
    return { passed, failed };
  }

  const globals = {
    test,
    it: test,
    describe,
    suite: describe,
    expect,
    assert,
    beforeEach: (fn: Hook) => void top().beforeEach.push(fn),
    afterEach: (fn: Hook) => void top().afterEach.push(fn),
    beforeAll: (fn: Hook) => void top().beforeAll.push(fn),
    afterAll: (fn: Hook) => void top().afterAll.push(fn),
  };

  return {
    globals,
    runTests,
    /** Totals so far (for a program that stopped before the tests could run). */
    counts: () => ({ passed, failed }),
  };
}

export type JsHarness = ReturnType<typeof createJsHarness>;
