/**
 * Equality as the test libraries define it: Node's deepEqual and
 * deepStrictEqual, Jest's toEqual and toMatchObject. Built on the built-ins
 * captured before the program ran (intrinsics.ts), so a program that replaces
 * `Object.is`, `Object.keys` or Map/Set methods cannot change a comparison.
 */
import {
  ArrayIsArray,
  NumberIsNaN,
  ObjectDefineProperty,
  ObjectEntries,
  ObjectGetPrototypeOf,
  ObjectIs,
  ObjectKeys,
  dateGetTime,
  hasOwn,
  isDate,
  isMap,
  isSet,
  mapForEach,
  mapGet,
  mapHas,
  mapSet,
  mapSize,
  push,
  regExpText,
  setForEach,
  setHas,
  setSize,
} from '../intrinsics';

/**
 * Deep equality. `strict` (assert.deepStrictEqual, toStrictEqual) compares
 * leaves with Object.is and checks prototypes; `loose` (assert.deepEqual)
 * uses ==; `values` (Jest's toEqual) compares leaves with Object.is but
 * ignores prototypes.
 */
export function deepEqual(
  a: unknown,
  b: unknown,
  mode: boolean | 'strict' | 'loose' | 'values',
  seen = new Map<object, object>(),
): boolean {
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
export function jestEqual(a: unknown, b: unknown): boolean {
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
        if (x !== undefined)
          ObjectDefineProperty(out, k, { value: clean(x), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  return deepEqual(clean(a), clean(b), 'values');
}

/** Jest's toMatchObject: every property of `expected` (recursively) is in `actual` and equal with Object.is. */
export function matchesObject(actual: unknown, expected: unknown): boolean {
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
    if (!(k in (actual as object)) || !matchesObject((actual as Record<string, unknown>)[k], entries[i][1]))
      return false;
  }
  return true;
}
