import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { TESTS_BEGIN, TESTS_END, programSource, userStack, wrapProgram } from '@/lib/runner/program';

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
