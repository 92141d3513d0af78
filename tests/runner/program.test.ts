import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import {
  TESTS_BEGIN,
  TESTS_END,
  compileMessage,
  modulePrefix,
  programSource,
  startsStrict,
  userStack,
  wrapModule,
  wrapProgram,
  wrapTestsModule,
} from '@/lib/runner/program';

const NONCE = '0123456789abcdef';
const URL = 'blob:codelumi-test/program.js';

/** Loads the wrapped program as the worker does (a script defining self.__codelumiProgram) and runs it with the given marks. */
async function run(code: string, tests: string) {
  const { source, testsLine, testsShift } = programSource(code, tests, NONCE);
  const self: { __codelumiProgram?: (h: unknown) => (...a: unknown[]) => Promise<unknown> } = {};
  vm.runInNewContext(wrapProgram(source, NONCE), { self }, { filename: URL });
  const marks = { began: false, ended: false };
  const harness = {
    test: () => undefined,
    [TESTS_BEGIN]: () => (marks.began = true),
    [TESTS_END]: () => (marks.ended = true),
  };
  let error: unknown;
  try {
    await self.__codelumiProgram!(harness)(undefined, {}, {}, {}, '/main.js', '/');
  } catch (e) {
    error = e;
  }
  return { marks, error, shifted: { line: testsLine!, by: testsShift! } };
}

describe('the tests block marks its start and its end', () => {
  it('marks both when the tests run', async () => {
    expect((await run('const x = 1;', "test('a', () => {});")).marks).toEqual({ began: true, ended: true });
  });

  it('marks neither when the code returns before the tests or swallows them', async () => {
    for (const code of ['return;', 'if (false)', 'function f() ', 'const g = () => ']) {
      expect((await run(code, "test('a', () => {});")).marks, code).toEqual({ began: false, ended: false });
    }
  });

  it('marks both when the code wraps the tests in a function it calls itself', async () => {
    expect((await run('main();\nfunction main() ', "test('a', () => {});")).marks).toEqual({
      began: true,
      ended: true,
    });
  });

  it('keeps the line and column of an error on the tests first line', async () => {
    const r = await run('const x = 1;\nconst y = 2;', '  null.boom;');
    expect(r.marks).toEqual({ began: true, ended: false });
    const stack = userStack((r.error as Error).stack!, URL, 'main.js', r.shifted);
    expect({ line: stack.line, column: stack.column }).toEqual({ line: 3, column: 8 });
  });
});

/** The name and message of what `load` threw (another realm's SyntaxError is not this realm's), or 'compiled'. */
function compileErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'compiled';
}

describe('no code can leave the function it is wrapped in', () => {
  // The review's entry (P1-1): it closes its module function, runs code at load time that traps the tests' binder, and reopens a function.
  const breakout = [
    'exports.add = (a, b) => a - b;',
    '};',
    '(() => {',
    '  let real;',
    "  Object.defineProperty(self, '__codelumiProgram', {",
    '    configurable: true,',
    '    set(v) { real = v; },',
    '    get() { return real && ((h) => real(Object.freeze({ ...h, expect: () => ({ toBe() {} }) }))); },',
    '  });',
    '  self.ranAtLoad = true;',
    '})();',
    'self.__unused = function () {',
  ].join('\n');

  it('refuses a module that closes its wrapper: the script does not compile, so none of it runs at load', () => {
    const self: Record<string, unknown> = {};
    expect(compileErrorOf(() => vm.runInNewContext(wrapModule(breakout, true, NONCE), { self }))).toBe(
      "SyntaxError: Undefined label '__codelumiGuard_0123456789abcdef'",
    );
    expect(self.ranAtLoad).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(self, '__codelumiProgram')).toBeUndefined();
    // The tests' script that loads next defines its binder as a plain data property.
    vm.runInNewContext(wrapTestsModule("test('adds', () => {});", NONCE).script, { self });
    expect(typeof Object.getOwnPropertyDescriptor(self, '__codelumiProgram')?.value).toBe('function');
  });

  it('refuses a single block that closes its wrapper to reach the tests through with (proxy)', () => {
    const code = [
      'const add = (a, b) => a - b;',
      '}; };',
      'const real = self.__codelumiProgram;',
      'self.__codelumiProgram = (h) => real(Object.freeze({ ...h, expect: () => ({ toBe() {} }) }));',
      'self.ranAtLoad = true;',
      'self.__x = function (h) { with (new Proxy({}, { has: (t, k) => String(k).startsWith("__codelumiHarness_"), get: () => h })) return async function () {',
    ].join('\n');
    const { source } = programSource(code, "test('adds', () => expect(add(1, 2)).toBe(3));", NONCE);
    const self: Record<string, unknown> = {};
    expect(compileErrorOf(() => vm.runInNewContext(wrapProgram(source, NONCE), { self }))).toBe(
      "SyntaxError: Undefined label '__codelumiGuard_0123456789abcdef'",
    );
    expect(self.ranAtLoad).toBeUndefined();
    expect(compileMessage("Undefined label '__codelumiGuard_0123456789abcdef'")).toBe(
      "SyntaxError: Unexpected '}': the code closes a block or function it did not open",
    );
  });

  it("keeps the code's own strictness, and its column shift, inside the guard", () => {
    const self: { __codelumiModule?: (...a: unknown[]) => unknown } = {};
    const thisOf = (code: string) => {
      vm.runInNewContext(wrapModule(code, false, NONCE), { self });
      const module = { exports: {} as { t?: unknown } };
      self.__codelumiModule!(undefined, module, module.exports);
      return module.exports.t;
    };
    expect(thisOf('"use strict";\nexports.t = typeof (function () { return this; })();')).toBe('undefined');
    expect(thisOf('exports.t = typeof (function () { return this; })();')).toBe('object');
    expect(modulePrefix(true, NONCE, true).length).toBe(modulePrefix(true).length);
    expect(startsStrict("// a comment\n'use strict';\nx();")).toBe(true);
    expect(startsStrict('x(); "use strict";')).toBe(false);
  });
});
