import { describe, expect, it } from 'vitest';
import { createJsHarness } from '@/lib/runner/js-harness';
import { testsNotRun } from '@/lib/runner/tests-reach';

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

describe("the program's .only and skips do not silence the given tests", () => {
  type Only = { only: (n: string, f: () => unknown) => void; skip: (n: string, f: () => unknown) => void };

  it("runs the given tests when the program registered test.only (the review's P1-3)", async () => {
    const h = harness();
    // The program (the entry, or a module it requires) runs first, with the harness as its globals:
    (h.globals.test as unknown as Only).only('program', () => undefined);
    h.globals.test('program, not only', () => undefined);
    // Then the tests given apart, which fail, through their own bindings:
    const g = h.givenGlobals;
    g.test('adds', () => g.expect(1 - 2).toBe(3));
    g.test('adds again', () => g.expect(2 - 2).toBe(4));
    const counts = await h.runTests();
    expect(counts).toEqual({ passed: 1, failed: 2 });
    expect(testsNotRun({ began: true, ended: true, ...h.progress() }, undefined)).toBeUndefined();
  });

  it("honours the tests' own test.only and test.skip: everything else is skipped", async () => {
    const h = harness();
    h.globals.test('program', () => undefined);
    const g = h.givenGlobals;
    (g.test as unknown as Only).only('only this', () => undefined);
    g.test('not this', () => g.expect(1).toBe(2));
    (g.test as unknown as Only).skip('skipped', () => g.expect(1).toBe(2));
    expect(await h.runTests()).toEqual({ passed: 1, failed: 0 });
    expect(testsNotRun({ began: true, ended: true, ...h.progress() }, undefined)).toBeUndefined();
  });

  it('says the given tests did not run when the program wrapped them in describe.skip', async () => {
    const h = harness();
    const g = h.givenGlobals;
    // The program requires the tests file itself inside its own describe.skip.
    (h.globals.describe as unknown as Only).skip('program', () => {
      g.test('adds', () => g.expect(1 - 2).toBe(3));
    });
    expect(await h.runTests()).toEqual({ passed: 0, failed: 0 });
    expect(testsNotRun({ began: true, ended: true, ...h.progress() }, undefined)).toEqual({
      unrun: 1,
      message: '1 of the given tests did not run: the program skipped them (a describe.skip outside the tests file)',
    });
    expect(h.err.join('')).toContain("✗ program › adds (skipped by the program's describe.skip, not by the tests)");
  });
});
