import { describe, expect, it } from 'vitest';
import { createJsHarness } from '@/lib/runner/js-harness';

function harness() {
  const err: string[] = [];
  const h = createJsHarness({ stdout: () => undefined, stderr: (t) => err.push(t) });
  return { ...h, err };
}

const realThen = Promise.prototype.then;

/** Replaces `key` of `target` while `body` runs (and until its promise settles), then puts it back. */
async function poisoned<T>(target: object, key: PropertyKey, value: unknown, body: () => T | Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  const restore = () =>
    saved ? Object.defineProperty(target, key, saved) : delete (target as Record<PropertyKey, unknown>)[key];
  try {
    return await new Promise<T>((resolve, reject) => {
      try {
        const r = body();
        // Settled through the original then, which is put back first.
        if (r instanceof Promise) {
          realThen.call(
            r,
            (v: T) => (restore(), resolve(v)),
            (e: unknown) => (restore(), reject(e)),
          );
        } else {
          restore();
          resolve(r);
        }
      } catch (e) {
        restore();
        reject(e);
      }
    });
  } finally {
    restore();
  }
}

/** Runs the registered tests, waiting through the harness's own callback (no await on a possibly poisoned promise). */
function run(h: ReturnType<typeof harness>): Promise<{ passed: number; failed: number }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) resolve(h.counts());
      done = true;
    };
    realThen.call(h.runTests(finish), finish, finish);
  });
}

describe('JavaScript harness against a program that poisons built-ins', () => {
  it('keeps counting a failing toBe when Object.is is replaced', async () => {
    const h = harness();
    const counts = await poisoned(
      Object,
      'is',
      () => true,
      () => {
        h.globals.test('wrong', () => h.globals.expect(1).toBe(2));
        h.globals.test('wrong deep', () => h.globals.expect({ a: 1 }).toEqual({ a: 2 }));
        return run(h);
      },
    );
    expect(counts).toEqual({ passed: 0, failed: 2 });
  });

  it('registers and runs tests when Array.prototype.push and the array iterator are replaced', async () => {
    const h = harness();
    const counts = await poisoned(
      Array.prototype,
      'push',
      function () {
        return 0;
      },
      () =>
        poisoned(
          Array.prototype,
          Symbol.iterator,
          function* () {},
          () => {
            h.globals.describe('suite', () => h.globals.test('wrong', () => h.globals.expect([1, 2]).toContain(3)));
            return run(h);
          },
        ),
    );
    expect(counts).toEqual({ passed: 0, failed: 1 });
  });

  it('counts a rejected async test as failed when Promise.prototype.then and .constructor are replaced', async () => {
    const h = harness();
    const counts = await poisoned(
      Promise.prototype,
      'constructor',
      function Fake(executor: never) {
        return new Promise(executor);
      },
      () =>
        poisoned(
          Promise.prototype,
          'then',
          function (this: Promise<unknown>, ok: (v: unknown) => unknown) {
            return realThen.call(this, ok, ok);
          },
          () => {
            h.globals.test('async wrong', async () => {
              await null;
              h.globals.expect(1).toBe(2);
            });
            h.globals.test('rejects', () => h.globals.expect(Promise.resolve(1)).rejects.toThrow());
            return run(h);
          },
        ),
    );
    expect(counts).toEqual({ passed: 0, failed: 2 });
  });

  it('fails a test whose failed assertion the test itself caught', async () => {
    const h = harness();
    h.globals.test('swallowed', () => {
      try {
        h.globals.expect(1).toBe(2);
      } catch {
        // the program hides the failure
      }
    });
    expect(await run(h)).toEqual({ passed: 0, failed: 1 });
  });

  it('still counts a failed top-level assertion whose message cannot be built', () => {
    const h = harness();
    const assert = h.globals.assert as unknown as { strictEqual(a: unknown, b: unknown, m?: unknown): void };
    const hostile = {
      toString() {
        throw new Error('no message');
      },
      [Symbol.for('nodejs.util.inspect.custom')]() {
        throw new Error('no message');
      },
    };
    expect(() => assert.strictEqual(hostile, 2)).toThrow();
    expect(h.counts()).toEqual({ passed: 0, failed: 1 });
  });
});

/** The harness's `test.only` (the globals' type leaves the member functions out). */
function only(h: ReturnType<typeof harness>): (name: string, fn: () => void) => void {
  return (h.globals.test as unknown as { only: (name: string, fn: () => void) => void }).only;
}

describe('JavaScript harness against a program that narrows the run', () => {
  it('runs the given tests when the program registered a test.only (before the tests, or later from a timer)', async () => {
    const h = harness();
    const { test, expect: e } = h.globals;
    only(h)('the program passes its own test', () => e(1).toBe(1));
    h.givenBegin();
    test('the given test fails', () => e(1 + 1).toBe(3));
    h.givenEnd();
    only(h)('a test a timer of the program registered', () => e(1).toBe(1));
    const counts = await run(h);
    expect(counts).toEqual({ passed: 2, failed: 1 });
  });

  it("honours the given tests' own test.only", async () => {
    const h = harness();
    const { test, expect: e } = h.globals;
    test('the program test', () => e(1).toBe(1));
    h.givenBegin();
    only(h)('the focused given test', () => e(2).toBe(2));
    test('a given test left out by its own .only', () => e(1).toBe(2));
    h.givenEnd();
    const counts = await run(h);
    expect(counts).toEqual({ passed: 1, failed: 0 });
  });
});
