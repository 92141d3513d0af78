/**
 * Jest-style `expect(actual)`: the matchers, `.not`, and `.resolves` /
 * `.rejects` (followed with the original promise machinery). Every matcher
 * is one assertion of the harness's tally.
 */
import { formatValue } from '../format';
import {
  ArrayFrom,
  ArrayIsArray,
  MathAbs,
  NativePromise,
  NativeProxy,
  NumberIsNaN,
  ObjectCtor,
  ObjectIs,
  apply,
  copyList,
  hasOwn,
  push,
  regExpTest,
  stringIncludes,
  whenSettled,
} from '../intrinsics';
import { deepEqual, jestEqual, matchesObject } from './equality';
import { errorMatches, thrownBy } from './thrown';
import { check, type Tally } from './tally';

const show = formatValue;

/** The items of an iterable the test passed in (its own iteration is the test's business). */
function itemsOf(v: unknown): unknown[] {
  if (ArrayIsArray(v)) return copyList(v);
  return ArrayFrom(v as Iterable<unknown>);
}

function someOf(list: unknown[], pred: (x: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (pred(list[i])) return true;
  return false;
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

/** The matchers of `expect(actual)` (negated for `.not`). */
function makeExpect(tally: Tally, actual: unknown, negate: boolean): Record<string, unknown> {
  const verify = (ok: boolean, words: string, expected?: unknown, hasExpected = true) =>
    check(
      tally,
      negate ? !ok : ok,
      () =>
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
    toBeCloseTo: (e: number, digits = 2) =>
      verify(MathAbs((actual as number) - e) < 10 ** -digits / 2, 'toBeCloseTo', e),
    toBeInstanceOf: (e: new () => unknown) => verify(actual instanceof e, 'toBeInstanceOf', e),
    toContain: (e: unknown) =>
      verify(
        typeof actual === 'string'
          ? stringIncludes(actual, String(e))
          : someOf(itemsOf(actual), (x) => x === e || (NumberIsNaN(x) && NumberIsNaN(e))),
        'toContain',
        e,
      ),
    toContainEqual: (e: unknown) =>
      verify(
        someOf(itemsOf(actual), (x) => jestEqual(x, e)),
        'toContainEqual',
        e,
      ),
    toHaveLength: (e: number) => verify((actual as { length?: number })?.length === e, 'toHaveLength', e),
    toHaveProperty: (path: string | string[], value?: unknown) => {
      const parts = ArrayIsArray(path) ? copyList(path) : stringSplitDot(path);
      let cur: unknown = actual;
      let has = true;
      for (let i = 0; i < parts.length; i++) {
        if (cur !== null && cur !== undefined && hasOwn(ObjectCtor(cur), parts[i]))
          cur = (cur as Record<string, unknown>)[parts[i]];
        else {
          has = false;
          break;
        }
      }
      verify(has && (value === undefined || jestEqual(cur, value)), 'toHaveProperty', path);
    },
    toMatch: (e: RegExp | string) =>
      verify(typeof e === 'string' ? stringIncludes(String(actual), e) : regExpTest(e, String(actual)), 'toMatch', e),
    toMatchObject: (e: unknown) => verify(matchesObject(actual, e), 'toMatchObject', e),
    toThrow,
    toThrowError: toThrow,
  };
}

/** The `expect` a harness installs: each matcher it returns counts in `tally`. */
export function createExpect(tally: Tally) {
  // Matchers are looked up by name, as test code calls them; their shapes are documented above.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function expect(actual: unknown): any {
    const settle = (wantReject: boolean) =>
      new NativeProxy(
        {},
        {
          get:
            (_t, name: string) =>
            (...args: unknown[]) =>
              new NativePromise<unknown>((resolve, reject) => {
                const judge = (value: unknown, rejected: boolean) => {
                  try {
                    check(
                      tally,
                      rejected === wantReject,
                      () =>
                        `expected the promise to ${wantReject ? 'reject' : 'resolve'}, but it ${rejected ? 'rejected with ' + show(value) : 'resolved with ' + show(value)}`,
                    );
                    // rejects.toThrow(x) checks the rejection reason itself, as in Jest.
                    if (name === 'toThrow' || name === 'toThrowError')
                      resolve(
                        check(tally, errorMatches(value, args[0]), () => `The rejection did not match: ${show(value)}`),
                      );
                    else
                      resolve(
                        apply(makeExpect(tally, value, false)[name] as (...a: unknown[]) => unknown, undefined, args),
                      );
                  } catch (e) {
                    reject(e);
                  }
                };
                whenSettled(
                  actual,
                  (v) => judge(v, false),
                  (e) => judge(e, true),
                );
              }),
        },
      );
    return {
      ...makeExpect(tally, actual, false),
      not: makeExpect(tally, actual, true),
      resolves: settle(false),
      rejects: settle(true),
    };
  }
  return expect;
}
