/**
 * P1-7: a `test` check runs its tests as the program (checkInput), so the
 * code under test is imported as pytest would import it: a CLI's
 * `if __name__ == '__main__': main()` does not run before the tests. Runs
 * the check's input through the real Python harness in Pyodide, the way
 * python-program.ts lays the files out.
 */
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_HARNESS } from '@/lib/runner/python-harness';
import { createTestLedger } from '@/lib/runner/test-ledger';
import { checkInput, type CheckInput } from '@/lib/planner/step-check';
import type { PlanStep } from '@/lib/planner/types';

let py: Awaited<ReturnType<typeof loadPyodide>>;
beforeAll(async () => {
  py = await loadPyodide({ indexURL: path.join(process.cwd(), 'node_modules', 'pyodide') });
  py.setStdout({ batched: () => undefined });
  py.setStderr({ batched: () => undefined });
  py.runPython(PYTHON_HARNESS);
}, 120_000);

function runInPyodide(input: CheckInput, root: string) {
  const all = [
    ...input.files,
    { path: input.path, content: input.code },
    { path: input.testsPath!, content: input.tests! },
  ];
  for (const f of all) {
    const slash = f.path.lastIndexOf('/');
    py.FS.mkdirTree(slash > 0 ? `${root}/${f.path.slice(0, slash)}` : root);
    py.FS.writeFile(`${root}/${f.path}`, f.content);
  }
  const { report, summary } = createTestLedger();
  const runFn = py.globals.get('__codelumi_run');
  runFn(input.code, input.tests, report, root, input.path, input.testsPath);
  runFn.destroy();
  return summary({ testsGiven: true });
}

const cli = [
  'import argparse',
  'def count(text):',
  '    return len(text.split())',
  'def main():',
  '    p = argparse.ArgumentParser()',
  "    p.add_argument('path')",
  '    a = p.parse_args()',
  '    print(count(open(a.path).read()))',
  "if __name__ == '__main__':",
  '    main()',
].join('\n');

describe('a test check of a Python CLI with a main guard', () => {
  it('imports the CLI from its tests: main() does not run and the tests pass', () => {
    const step: PlanStep = {
      id: 's1',
      title: 'CLI',
      detail: '',
      files: ['wc.py', 'tests/test_wc.py'],
      dependsOn: [],
      check: { kind: 'test', description: 'tests', testFile: 'tests/test_wc.py' },
    };
    const input = checkInput(step, [
      { path: 'wc.py', content: cli },
      {
        path: 'tests/test_wc.py',
        content: 'from wc import count\n\ndef test_count():\n    assert count("a b c") == 3\n',
      },
    ]) as CheckInput;
    expect(input.language).toBe('python');
    const result = runInPyodide(input, '/home/pyodide/guard');
    expect(result.error).toBeUndefined();
    expect({ passed: result.passed, failed: result.failed }).toEqual({ passed: 1, failed: 0 });
  });
});
