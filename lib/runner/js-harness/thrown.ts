/**
 * What a function throws, and whether an error matches what a test expected
 * (a message part, a RegExp, an Error class, a predicate or an object).
 */
import { regExpTest, stringIncludes } from '../intrinsics';
import { matchesObject } from './equality';
import { AssertionError } from './tally';

/** Calls `fn` and says whether it threw and what; not a function is a failed assertion. */
export function thrownBy(fn: unknown): { threw: boolean; error?: unknown } {
  if (typeof fn !== 'function') throw new AssertionError('expected a function to call');
  try {
    (fn as () => unknown)();
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Whether `error` is what `expected` describes; `undefined` expects any error. */
export function errorMatches(error: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof expected === 'string') return stringIncludes(message, expected);
  if (expected instanceof RegExp) return regExpTest(expected, message);
  if (typeof expected === 'function') {
    if (expected.prototype instanceof Error || expected === Error)
      return error instanceof (expected as new () => Error);
    return (expected as (e: unknown) => boolean)(error) === true;
  }
  if (typeof expected === 'object' && expected) return matchesObject(error, expected);
  return false;
}
