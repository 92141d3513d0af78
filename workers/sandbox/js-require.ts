/**
 * What a JavaScript/TypeScript program and its given tests get from
 * `require` for the sandbox's own modules (`assert`, `node:test`, `vitest`,
 * `@jest/globals`, `util`): one table over the program's harness functions,
 * one over the given tests' (so their tests stay theirs, js-harness.ts).
 */
import { deepEqual, type JsHarness } from '../../lib/runner/js-harness';
import { formatArgs, formatValue } from '../../lib/runner/format';
import { ObjectDefineProperty, ObjectFreeze, apply, copyList, hasOwn } from '../../lib/runner/intrinsics';

const MODULE_NOTE = 'the sandbox runs without npm packages, files or network';

/** Gives `fn` its own `call` and `apply` (transpiled imports call `_vitest.test.call(…)`), so a replaced Function.prototype.call cannot intercept it. */
function pinCalls<F extends (...a: never[]) => unknown>(fn: F): F {
  // The program's and the given tests' harness share some functions (expect, assert, hooks): pinned once.
  if (hasOwn(fn, 'call')) return fn;
  ObjectDefineProperty(fn, 'call', {
    value: (self: unknown, ...args: unknown[]) => apply(fn as unknown as (...a: unknown[]) => unknown, self, args),
  });
  ObjectDefineProperty(fn, 'apply', {
    value: (self: unknown, args?: ArrayLike<unknown>) =>
      apply(fn as unknown as (...a: unknown[]) => unknown, self, args ? copyList(args) : []),
  });
  return fn;
}

/**
 * The sandbox's own modules over one set of the harness's functions (the
 * program's, or the given tests'): `assert`, `node:test`,
 * `@jest/globals`/`vitest` and a small `util`. The harness functions get
 * their own `call`/`apply` (pinCalls).
 */
export function harnessModules(g: JsHarness['globals']): Record<string, unknown> {
  for (const fn of [g.test, g.describe, g.expect, g.assert, g.beforeEach, g.afterEach, g.beforeAll, g.afterAll])
    pinCalls(fn as (...a: never[]) => unknown);
  const nodeTest = ObjectFreeze({
    test: g.test,
    it: g.it,
    describe: g.describe,
    before: g.beforeAll,
    after: g.afterAll,
    beforeEach: g.beforeEach,
    afterEach: g.afterEach,
    default: g.test,
  });
  const testGlobals = ObjectFreeze({ ...g, jest: undefined, vi: undefined });
  const modules: Record<string, unknown> = {
    assert: g.assert,
    'assert/strict': g.assert,
    'node:assert': g.assert,
    'node:assert/strict': g.assert,
    'node:test': nodeTest,
    '@jest/globals': testGlobals,
    vitest: testGlobals,
    util: ObjectFreeze({
      inspect: formatValue,
      format: (...a: unknown[]) => formatArgs(a),
      isDeepStrictEqual: (a: unknown, b: unknown) => deepEqual(a, b, 'strict'),
    }),
  };
  modules['node:util'] = modules.util;
  return modules;
}

/**
 * A `require` over `modules` (harnessModules): style and image imports give
 * an empty object; anything else is not found.
 */
export function testRequire(
  modules: Record<string, unknown>,
  module: { exports: Record<string, unknown>; id: string; filename: string },
) {
  const require = pinCalls(
    Object.assign(
      (name: string) => {
        if (hasOwn(modules, name)) return modules[name];
        if (/\.(css|scss|sass|less|svg|png|jpe?g|gif)$/i.test(name)) return {};
        const err = new Error(`Cannot find module '${name}': ${MODULE_NOTE}.`) as Error & { code?: string };
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      },
      { main: module as unknown, resolve: (n: string) => n, cache: {} },
    ),
  );
  return require;
}
