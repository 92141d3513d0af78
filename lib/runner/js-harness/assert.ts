/**
 * Node-style `assert` (also what `require('assert')`, `node:assert` and
 * `assert.strict` give): `assert(value)` and its methods, each one assertion
 * of the harness's tally. Promises are followed with the original machinery.
 */
import { formatValue } from '../format';
import {
  NativePromise,
  NumberIsNaN,
  ObjectDefineProperty,
  ObjectIs,
  ObjectKeys,
  regExpTest,
  whenSettled,
} from '../intrinsics';
import { deepEqual } from './equality';
import { errorMatches, thrownBy } from './thrown';
import { AssertionError, check, type Tally } from './tally';

const show = formatValue;

/** The message a test gave, or the harness's own (built only when needed). */
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
    whenSettled(
      value,
      () => resolve({ rejected: false }),
      (e) => resolve({ rejected: true, error: e }),
    );
  });

/** Node's assert methods over `tally`; `ok` is `assert` itself. */
function assertMethods(tally: Tally, assert: (value: unknown, message?: string | Error) => void) {
  return {
    ok: assert,
    equal: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        a == b || (NumberIsNaN(a) && NumberIsNaN(b)),
        msg(m, () => `${show(a)} == ${show(b)}`),
      ),
    notEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        a != b,
        msg(m, () => `${show(a)} != ${show(b)}`),
      ),
    strictEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        ObjectIs(a, b),
        msg(m, () => `Expected values to be strictly equal:\n\n  ${show(a)} !== ${show(b)}`),
      ),
    notStrictEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        !ObjectIs(a, b),
        msg(m, () => `Expected "actual" to be strictly unequal to: ${show(b)}`),
      ),
    deepEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        deepEqual(a, b, false),
        msg(
          m,
          () => `Expected values to be loosely deep-equal:\n\n${show(a)}\n\nshould loosely deep-equal\n\n${show(b)}`,
        ),
      ),
    deepStrictEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        deepEqual(a, b, true),
        msg(m, () => `Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ${show(a)}\n- ${show(b)}`),
      ),
    notDeepStrictEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        !deepEqual(a, b, true),
        msg(m, () => `Expected "actual" not to be strictly deep-equal to: ${show(b)}`),
      ),
    notDeepEqual: (a: unknown, b: unknown, m?: string) =>
      check(
        tally,
        !deepEqual(a, b, false),
        msg(m, () => `Expected "actual" not to be loosely deep-equal to: ${show(b)}`),
      ),
    throws: (fn: unknown, expected?: unknown, m?: string) => {
      const r = thrownBy(fn);
      check(
        tally,
        r.threw && errorMatches(r.error, typeof expected === 'string' && m === undefined ? undefined : expected),
        msg(typeof expected === 'string' ? expected : m, () =>
          r.threw ? `The error did not match: ${show(r.error)}` : 'Missing expected exception.',
        ),
      );
    },
    doesNotThrow: (fn: unknown, m?: string) => {
      const r = thrownBy(fn);
      check(
        tally,
        !r.threw,
        msg(m, () => `Got unwanted exception: ${show(r.error)}`),
      );
    },
    rejects: (p: unknown, expected?: unknown, m?: string) =>
      new NativePromise<void>((resolve, reject) => {
        whenSettled(
          outcome(p),
          (o) => {
            const { rejected, error } = o as { rejected: boolean; error?: unknown };
            try {
              check(
                tally,
                rejected && errorMatches(error, expected),
                msg(m, () =>
                  rejected ? `The rejection did not match: ${show(error)}` : 'Missing expected rejection.',
                ),
              );
              resolve();
            } catch (e) {
              reject(e);
            }
          },
          reject,
        );
      }),
    doesNotReject: (p: unknown, m?: string) =>
      new NativePromise<void>((resolve, reject) => {
        whenSettled(
          outcome(p),
          (o) => {
            const { rejected, error } = o as { rejected: boolean; error?: unknown };
            try {
              check(
                tally,
                !rejected,
                msg(m, () => `Got unwanted rejection: ${show(error)}`),
              );
              resolve();
            } catch (e) {
              reject(e);
            }
          },
          reject,
        );
      }),
    match: (s: string, re: RegExp, m?: string) =>
      check(
        tally,
        regExpTest(re, s),
        msg(m, () => `The input did not match the regular expression ${re}. Input: ${show(s)}`),
      ),
    doesNotMatch: (s: string, re: RegExp, m?: string) =>
      check(
        tally,
        !regExpTest(re, s),
        msg(m, () => `The input was expected to not match ${re}. Input: ${show(s)}`),
      ),
    fail: (m?: string) => check(tally, false, () => m ?? 'Failed'),
    AssertionError,
  };
}

/** The `assert` a harness installs, with Node's methods as its properties: each counts in `tally`. */
export function createAssert(tally: Tally) {
  function assert(value: unknown, message?: string | Error): void {
    if (message instanceof Error && !value) throw message;
    check(
      tally,
      !!value,
      () => (message as string) ?? `The expression evaluated to a falsy value:\n\n  assert(${show(value)})`,
    );
  }
  const methods = assertMethods(tally, assert);
  const assertKeys = ObjectKeys(methods) as (keyof typeof methods)[];
  for (let i = 0; i < assertKeys.length; i++)
    ObjectDefineProperty(assert, assertKeys[i], { value: methods[assertKeys[i]], enumerable: true });
  ObjectDefineProperty(assert, 'strict', { value: assert, enumerable: true });
  return assert;
}
