import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_HARNESS } from '@/lib/runner/python-harness';
import { createTestLedger } from '@/lib/runner/test-ledger';

type Py = Awaited<ReturnType<typeof loadPyodide>>;
let py: Py;
let stderr = '';
let roots = 0;

beforeAll(async () => {
  py = await loadPyodide({ indexURL: path.join(process.cwd(), 'node_modules', 'pyodide') });
  py.setStdout({ batched: () => undefined });
  py.setStderr({ batched: (t: string) => void (stderr += `${t}\n`) });
  py.runPython(PYTHON_HARNESS);
}, 60_000);

/**
 * Writes the files as python-program.ts does (code and tests at their paths too) and runs them through the
 * harness. One interpreter serves every test here (the sandbox gives each run its own): module names differ per test.
 */
function run(files: Record<string, string>, code: [string, string], tests?: [string, string]) {
  const root = `/home/pyodide/ws${roots++}`;
  const all = { ...files, [code[0]]: code[1], ...(tests ? { [tests[0]]: tests[1] } : {}) };
  for (const [p, content] of Object.entries(all)) {
    const slash = p.lastIndexOf('/');
    py.FS.mkdirTree(slash > 0 ? `${root}/${p.slice(0, slash)}` : root);
    py.FS.writeFile(`${root}/${p}`, content);
  }
  const { report, summary, firstFailedId } = createTestLedger();
  stderr = '';
  const runFn = py.globals.get('__codelumi_run');
  runFn(code[1], tests?.[1] ?? '', report, root, code[0], tests?.[0] ?? 'tests.py');
  runFn.destroy();
  return { ...summary({ testsGiven: !!tests }), firstFailed: firstFailedId(), stderr };
}

describe('a multi-file Python program', () => {
  it('imports modules, packages and relative imports inside packages; the tests file counts its tests', () => {
    const r = run(
      {
        'calc_a.py': 'def add(a, b):\n    return a + b\n',
        'shop_a/__init__.py': 'from .prices import total\n',
        'shop_a/prices.py':
          'from calc_a import add\n\ndef total(xs):\n    s = 0\n    for x in xs:\n        s = add(s, x)\n    return s\n',
        'shop_a/util/fmt.py': 'from ..prices import total\n\ndef money(xs):\n    return f"${total(xs):.2f}"\n',
      },
      ['main.py', 'from shop_a import total\nprint(total([1, 2]))\n'],
      [
        'tests/test_shop_a.py',
        'from calc_a import add\nfrom shop_a.util.fmt import money\n\ndef test_add():\n    assert add(2, 2) == 4\n\ndef test_money():\n    assert money([1, 2]) == "$3.00"\n\ndef test_wrong():\n    assert add(1, 1) == 3\n',
      ],
    );
    expect({ passed: r.passed, failed: r.failed }).toEqual({ passed: 2, failed: 1 });
    expect(r.error?.kind).toBe('tests');
    expect(r.firstFailed).toBe('tests/test_shop_a.py::test_wrong');
    expect(r.stderr).toContain('File "tests/test_shop_a.py", line 11');
  });

  it('works with namespace folders (no __init__.py) and runs the code as __main__', () => {
    const r = run({ 'ns_b/deep/mod_b.py': 'VALUE = 41\n' }, [
      'app/main.py',
      'from ns_b.deep.mod_b import VALUE\nassert __name__ == "__main__"\nassert VALUE + 1 == 42\n',
    ]);
    expect({ passed: r.passed, failed: r.failed, error: r.error }).toEqual({ passed: 2, failed: 0, error: undefined });
  });

  it("reports a missing module with its file and line, and says it is not among the program's files", () => {
    const r = run({ 'helpers_c.py': 'import missing_c\n' }, ['main.py', 'x = 1\nimport helpers_c\n']);
    expect(r.error).toMatchObject({
      kind: 'runtime',
      message: "ModuleNotFoundError: No module named 'missing_c'",
      file: 'helpers_c.py',
      line: 1,
    });
    expect(r.stderr).toContain('File "helpers_c.py", line 1');
    expect(r.stderr).toContain("no module 'missing_c' is among the program's files");
  });

  it('locates a syntax error in an imported module in that module', () => {
    const r = run({ 'broken_d.py': 'def f(:\n    pass\n' }, ['main.py', 'import broken_d\n']);
    expect(r.error).toMatchObject({ kind: 'runtime', file: 'broken_d.py', line: 1 });
    expect(r.error?.message).toMatch(/^SyntaxError/);
  });

  it('keeps a single block as before: no file in errors, main.py and tests.py', () => {
    const { report, summary } = createTestLedger();
    const runFn = py.globals.get('__codelumi_run');
    runFn('def f():\n    raise ValueError("x")\nf()\n', '', report);
    runFn.destroy();
    expect(summary().error).toEqual({ kind: 'runtime', message: 'ValueError: x', line: 2, column: undefined });
  });

  it('a module that exits during the tests, or rebinds things, cannot make them pass', () => {
    const exits = run(
      { 'evil_e.py': 'import sys\ndef leave():\n    sys.exit(0)\n' },
      ['main.py', 'x = 1\n'],
      ['test_e.py', 'from evil_e import leave\n\ndef test_one():\n    assert 1 + 1 == 3\n\nleave()\n'],
    );
    expect(exits.failed).toBeGreaterThanOrEqual(1);
    expect(exits.error?.message).toContain('SystemExit ended the program before its tests ran');

    const rebinds = run(
      {
        'evil_f.py':
          'import builtins, unittest, json\nbuiltins.bool = lambda *a: True\nbuiltins.AssertionError = Exception\nunittest.TestCase.run = lambda self, result=None: None\njson.dumps = lambda *a, **k: \'{"passed": 9}\'\n',
      },
      ['main.py', 'import evil_f\n'],
      [
        'test_f.py',
        'import evil_f\n\ndef test_plain():\n    assert 1 + 1 == 3\n\ndef test_other():\n    assert [1] == [2]\n',
      ],
    );
    expect({ passed: rebinds.passed, failed: rebinds.failed }).toEqual({ passed: 0, failed: 2 });
  });

  it('counts the real results of tests that end themselves (sys.exit(pytest.main()), unittest.main()) at their own path', () => {
    const code: [string, string] = ['calc_g.py', 'def add(a, b):\n    return a + b\n'];
    const pytestEnd = run({}, code, [
      'tests/test_calc_g.py',
      'import sys, pytest\nfrom calc_g import add\n\ndef test_add():\n    assert add(1, 2) == 3\n\nif __name__ == "__main__":\n    sys.exit(pytest.main())\n',
    ]);
    expect({ passed: pytestEnd.passed, failed: pytestEnd.failed, error: pytestEnd.error }).toEqual({
      passed: 1,
      failed: 0,
      error: undefined,
    });
    const unittestEnd = run({}, code, [
      'tests/test_calc_h.py',
      'import unittest\nfrom calc_g import add\n\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 2), 3)\n    def test_wrong(self):\n        self.assertEqual(add(1, 1), 3)\n\nif __name__ == "__main__":\n    unittest.main()\n',
    ]);
    expect({ passed: unittestEnd.passed, failed: unittestEnd.failed, error: unittestEnd.error }).toEqual({
      passed: 1,
      failed: 1,
      error: { kind: 'tests', message: '1 test failed' },
    });
  });
});
