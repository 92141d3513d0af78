/**
 * Where tests are declared: `test`/`it` (with `.skip`, `.todo`, `.only`,
 * `.each`), `describe` (with `.skip`, `.only`, `.each`) and the hooks. Each
 * `test()` registers one test, named by its describe path, with the
 * beforeEach/afterEach hooks in force where it was declared; beforeAll/afterAll
 * of a describe run once around all tests. run.ts runs what is registered.
 *
 * Two sets of declaring functions write into one registry: the program's
 * (globals, `require('vitest')` in the code) and the given tests' (the
 * tests block's bindings). Each test remembers which side registered it, so
 * the program's `.only` never turns the given tests into skips, and a
 * `describe.skip` of the program around given tests is told apart from the
 * tests' own skips.
 */
import { formatValue } from '../format';
import { ArrayIsArray, ObjectDefineProperty, apply, copyList, join, pop, push, stringReplace } from '../intrinsics';

/** A test's function: it may take a `done` callback, or return a promise. */
export type TestFn = (done?: (err?: unknown) => void) => unknown;
/** A hook's function. */
export type Hook = () => unknown;
/** The hooks declared at one describe level. */
export type Hooks = { beforeEach: Hook[]; afterEach: Hook[]; beforeAll: Hook[]; afterAll: Hook[] };

/** One registered test, with the beforeEach/afterEach hooks (outermost first / innermost first) it runs with. */
export interface Registered {
  name: string;
  fn: TestFn;
  skip: boolean;
  only: boolean;
  /** Registered by the tests given apart from the code (through their bindings), not by the program. */
  given: boolean;
  /** A given test inside the program's `describe.skip`: skipped by someone other than the tests file. */
  skippedByProgram: boolean;
  hooks: { beforeEach: Hook[]; afterEach: Hook[] };
}

/**
 * What a harness has registered: the tests in order (the list only grows),
 * the hook levels (the first is the file's own: its beforeAll/afterAll run
 * around all tests), and whether a `.only` test exists.
 */
export interface Registry {
  tests: Registered[];
  hookStack: Hooks[];
  /** The program registered a `.only` test: its other tests are skipped (never the given tests). */
  onlyMode: boolean;
  /** The given tests registered a `.only` test: every test but the `.only` ones is skipped. */
  givenOnly: boolean;
  /** The names of the describe blocks being declared now, outermost first. */
  suites: string[];
}

const newHooks = (): Hooks => ({ beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] });

/** Registers one test under the describe path open now, with the hooks in force there. */
function register(registry: Registry, name: string, fn: TestFn, given: boolean, skip = false): Registered {
  const { hookStack, suites } = registry;
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
  const entry: Registered = {
    name: join(path, ' › '),
    fn,
    skip,
    only: false,
    given,
    skippedByProgram: false,
    hooks: { beforeEach, afterEach },
  };
  push(registry.tests, entry);
  return entry;
}

/** `test` (also `it`) with `.skip`, `.todo`, `.only` and `.each`, registering into `registry` for one side (`given`: the tests). */
function declareTest(registry: Registry, given: boolean) {
  function test(name: string, fn: TestFn) {
    register(registry, name, fn, given);
  }
  const skip = (name: string, fn: TestFn) => void register(registry, name, fn, given, true);
  const todo = (name: string) => void register(registry, name, () => undefined, given, true);
  const onlyTest = (name: string, fn: TestFn) => {
    if (given) registry.givenOnly = true;
    else registry.onlyMode = true;
    register(registry, name, fn, given).only = true;
  };
  const each = (rows: unknown[]) => (name: string, fn: (...args: unknown[]) => unknown) => {
    const list = copyList(rows);
    for (let i = 0; i < list.length; i++) {
      const row = list[i];
      const args = ArrayIsArray(row) ? copyList(row) : [row];
      let k = 0;
      const label = stringReplace(String(name), /%[sdifjop#]/g, (m) =>
        m === '%#' ? String(i) : formatValue(args[k++]),
      );
      register(registry, label, () => apply(fn as (...a: unknown[]) => unknown, undefined, args), given);
    }
  };
  for (const [k, v] of [
    ['skip', skip],
    ['todo', todo],
    ['only', onlyTest],
    ['each', each],
  ] as const)
    ObjectDefineProperty(test, k, { value: v, enumerable: true });
  return test;
}

/** `describe` (also `suite`) with `.skip`, `.only` and `.each`: the tests declared in its function register under its name. */
function declareDescribe(registry: Registry, given: boolean) {
  function describe(name: string, fn: () => void) {
    const { hookStack, suites } = registry;
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
    const start = registry.tests.length;
    describe(name, fn);
    for (let i = start; i < registry.tests.length; i++) {
      const t = registry.tests[i];
      // The program skipping given tests is not the tests skipping themselves: the run says so.
      if (t.given && !given) t.skippedByProgram = true;
      else t.skip = true;
    }
  };
  const describeEach = (rows: unknown[]) => (name: string, fn: (...a: unknown[]) => void) => {
    const list = copyList(rows);
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      describe(name, () => apply(fn as (...a: unknown[]) => unknown, undefined, ArrayIsArray(r) ? copyList(r) : [r]));
    }
  };
  for (const [k, v] of [
    ['skip', describeSkip],
    ['only', describe],
    ['each', describeEach],
  ] as const)
    ObjectDefineProperty(describe, k, { value: v, enumerable: true });
  return describe;
}

/**
 * A new registry and two sets of declaring functions that register into it:
 * `globals` for the program, `given` for the tests given apart from the
 * code (distinct function objects, so which side declared a test is known).
 */
export function createRegistry() {
  const registry: Registry = { tests: [], hookStack: [newHooks()], onlyMode: false, givenOnly: false, suites: [] };
  const hookStack = registry.hookStack;
  const top = () => hookStack[hookStack.length - 1];
  const declare = (given: boolean) => {
    const test = declareTest(registry, given);
    const describe = declareDescribe(registry, given);
    return {
      test,
      it: test,
      describe,
      suite: describe,
      beforeEach: (fn: Hook) => void push(top().beforeEach, fn),
      afterEach: (fn: Hook) => void push(top().afterEach, fn),
      beforeAll: (fn: Hook) => void push(top().beforeAll, fn),
      afterAll: (fn: Hook) => void push(top().afterAll, fn),
    };
  };
  return { registry, globals: declare(false), given: declare(true) };
}
