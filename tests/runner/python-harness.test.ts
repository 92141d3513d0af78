import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_HARNESS } from '@/lib/runner/python-harness';
import { createTestLedger } from '@/lib/runner/test-ledger';

type Py = Awaited<ReturnType<typeof loadPyodide>>;
let py: Py;

beforeAll(async () => {
  // The Pyodide of node_modules, as the build copies it into public/runner/pyodide/.
  py = await loadPyodide({ indexURL: path.join(process.cwd(), 'node_modules', 'pyodide') });
  py.setStdout({ batched: () => undefined });
  py.setStderr({ batched: () => undefined });
}, 60_000);

/** Runs `code` and `tests` through the harness, as python-program.ts does in the sandbox. */
function run(code: string, tests: string) {
  const { report, summary } = createTestLedger();
  const runFn = py.globals.get('__codelumi_run');
  runFn(code, tests, report);
  runFn.destroy();
  return summary({ testsGiven: !!tests.trim() });
}

describe('the Python harness source (lib/runner/python/*.py)', () => {
  it('is joined from its parts in order and compiles as one module', () => {
    expect(PYTHON_HARNESS).toContain('def _make_run(');
    expect(PYTHON_HARNESS.indexOf('import ast as _ast')).toBeLessThan(PYTHON_HARNESS.indexOf('def _make_run('));
    py.globals.set('__codelumi_source', PYTHON_HARNESS);
    expect(py.runPython("compile(__codelumi_source, '<harness>', 'exec') is not None")).toBe(true);
  });

  it('loads (its run looks up no global name) and counts asserts and test functions', () => {
    py.runPython(PYTHON_HARNESS);
    const r = run(
      'def add(a, b):\n    return a + b\n',
      'assert add(1, 2) == 3\nassert add(1, 1) == 3\n\ndef test_add():\n    assert add(2, 2) == 4\n',
    );
    expect({ passed: r.passed, failed: r.failed }).toEqual({ passed: 2, failed: 1 });
  });
});
