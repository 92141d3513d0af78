/**
 * The built-ins the sandbox's harness relies on, captured when this module
 * loads, before any user code runs in the worker. User code may replace
 * `Object.is`, `Array.prototype.push`, `Promise.prototype.then`,
 * `Function.prototype.call` and the like; the harness keeps working with
 * these copies, so such a program cannot change how its tests are counted.
 * Methods are "uncurried": `push(list, x)` calls the original
 * `Array.prototype.push` on `list` without looking anything up on it.
 */

// `bind` is read once here; the bound functions call their target directly afterwards.
const bindCall = Function.prototype.call.bind(Function.prototype.bind) as <F extends (...args: never[]) => unknown>(
  f: F,
  thisArg: unknown,
) => F;
const call = Function.prototype.call;

/** `f` as a plain function of (this, ...args). */
function uncurry<T, A extends unknown[], R>(f: (this: T, ...args: A) => R): (self: T, ...args: A) => R {
  return bindCall(call as (this: unknown, ...a: unknown[]) => unknown, f) as unknown as (self: T, ...args: A) => R;
}

export const NativePromise = Promise;
export const NativeProxy = Proxy;
export const ObjectCtor = Object;
export const ArrayFrom = Array.from;
export const ObjectIs = Object.is;
export const ObjectKeys = Object.keys;
export const ObjectEntries = Object.entries;
export const ObjectFreeze = Object.freeze;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectDefineProperty = Object.defineProperty;
export const ArrayIsArray = Array.isArray;
export const NumberIsNaN = Number.isNaN;
export const MathAbs = Math.abs;

export const hasOwn = uncurry(Object.prototype.hasOwnProperty as (this: unknown, key: PropertyKey) => boolean);
export const apply = uncurry(
  Function.prototype.apply as (this: (...a: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown,
);

export const push = uncurry(Array.prototype.push as (this: unknown[], ...items: unknown[]) => number);
export const pop = uncurry(Array.prototype.pop as (this: unknown[]) => unknown);
export const slice = uncurry(Array.prototype.slice as (this: unknown[], start?: number, end?: number) => unknown[]);
export const join = uncurry(Array.prototype.join as (this: unknown[], sep?: string) => string);

export const stringIncludes = uncurry(String.prototype.includes as (this: string, s: string) => boolean);
export const stringSplit = uncurry(String.prototype.split as (this: string, sep: string) => string[]);
export const stringReplace = uncurry(
  String.prototype.replace as (this: string, re: RegExp | string, by: string | ((...m: string[]) => string)) => string,
);
export const regExpTest = uncurry(RegExp.prototype.test as (this: RegExp, s: string) => boolean);
export const regExpExec = uncurry(RegExp.prototype.exec as (this: RegExp, s: string) => RegExpExecArray | null);
export const stringStartsWith = uncurry(String.prototype.startsWith as (this: string, s: string) => boolean);
export const stringEndsWith = uncurry(String.prototype.endsWith as (this: string, s: string) => boolean);
export const stringSlice = uncurry(String.prototype.slice as (this: string, start?: number, end?: number) => string);
export const stringLastIndexOf = uncurry(String.prototype.lastIndexOf as (this: string, s: string) => number);
export const StringCtor = String;
export const dateGetTime = uncurry(Date.prototype.getTime as (this: Date) => number);

export const mapForEach = uncurry(
  Map.prototype.forEach as (this: Map<unknown, unknown>, fn: (v: unknown, k: unknown) => void) => void,
);
export const mapHas = uncurry(Map.prototype.has as (this: Map<unknown, unknown>, k: unknown) => boolean);
export const mapGet = uncurry(Map.prototype.get as (this: Map<unknown, unknown>, k: unknown) => unknown);
export const mapSet = uncurry(
  Map.prototype.set as (this: Map<unknown, unknown>, k: unknown, v: unknown) => Map<unknown, unknown>,
);
export const mapSize = uncurry(
  Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get as (this: Map<unknown, unknown>) => number,
);
export const setForEach = uncurry(Set.prototype.forEach as (this: Set<unknown>, fn: (v: unknown) => void) => void);
export const setHas = uncurry(Set.prototype.has as (this: Set<unknown>, v: unknown) => boolean);
export const setAdd = uncurry(Set.prototype.add as (this: Set<unknown>, v: unknown) => Set<unknown>);
export const setDelete = uncurry(Set.prototype.delete as (this: Set<unknown>, v: unknown) => boolean);
export const setSize = uncurry(
  Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get as (this: Set<unknown>) => number,
);

const promiseThen = uncurry(
  Promise.prototype.then as (this: Promise<unknown>, ok: (v: unknown) => void, bad: (e: unknown) => void) => unknown,
);
const isMap = (v: unknown): v is Map<unknown, unknown> => {
  try {
    mapSize(v as Map<unknown, unknown>);
    return true;
  } catch {
    return false; // not a Map: the size getter checks the internal slot, whatever the prototype says
  }
};
const isSet = (v: unknown): v is Set<unknown> => {
  try {
    setSize(v as Set<unknown>);
    return true;
  } catch {
    return false; // not a Set (same check as above)
  }
};
const regExpSource = uncurry(
  Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get as (this: RegExp) => string,
);
const regExpFlags = uncurry(
  Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get as (this: RegExp) => string,
);
/** True for a real Date (checked by its internal slot, not by `instanceof`, which a program can redefine). */
const isDate = (v: unknown): v is Date => {
  try {
    dateGetTime(v as Date);
    return true;
  } catch {
    return false; // getTime() throws for anything that is not a Date
  }
};
/** A real RegExp's pattern and flags as one string, or undefined for anything else. */
const regExpText = (v: unknown): string | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  try {
    return `/${regExpSource(v as RegExp)}/${regExpFlags(v as RegExp)}`;
  } catch {
    return undefined; // the source getter throws for anything that is not a RegExp
  }
};
export { isMap, isSet, isDate, regExpText };

/** The entries of a list as a new array, read by index (no iterator the program could replace). */
export function copyList<T>(list: ArrayLike<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) push(out, list[i]);
  return out;
}

/**
 * Calls `ok(value)` or `bad(error)` once `value` settles, as `await` would,
 * but a native promise is followed with the original `then`, so a program
 * that replaced `Promise.prototype.then` or `.constructor` cannot turn a
 * rejection into a success. Other thenables keep their own meaning.
 */
export function whenSettled(value: unknown, ok: (v: unknown) => void, bad: (e: unknown) => void): void {
  let done = false;
  const once =
    <A>(f: (a: A) => void) =>
    (a: A) => {
      if (done) return;
      done = true;
      f(a);
    };
  const onOk = once(ok);
  const onBad = once(bad);
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    try {
      promiseThen(value as Promise<unknown>, onOk, onBad);
      return;
    } catch {
      // Not a native promise (then() checks its internal slot first): treat it as any other value.
    }
    let then: unknown;
    try {
      then = (value as { then?: unknown }).then;
    } catch (e) {
      onBad(e);
      return;
    }
    if (typeof then === 'function') {
      try {
        apply(then as (...a: unknown[]) => unknown, value, [onOk, onBad]);
      } catch (e) {
        onBad(e);
      }
      return;
    }
  }
  onOk(value);
}
