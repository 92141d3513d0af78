/**
 * The Python snapshot the build ships (scripts/build/python-snapshot.mjs): made
 * by the build's own script, restored by the Pyodide the sandbox runs, and
 * used only when it holds this harness (workers/sandbox/python-prepare.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestLedger } from '@/lib/runner/test-ledger';
import { INTERPRETER_ENV, isPrepared, snapshotSignature, type PreparedPyodide } from '@/workers/sandbox/python-prepare';

const PYODIDE = path.join(process.cwd(), 'node_modules', 'pyodide');
const lock = fs.readFileSync(path.join(PYODIDE, 'pyodide-lock.json'), 'utf8');
let snapshot: Uint8Array;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-snapshot-'));
  const made = spawnSync(process.execPath, ['scripts/build/python-snapshot.mjs', dir, '--quiet', '--no-stamp'], {
    encoding: 'utf8',
  });
  expect(made.status, made.stderr).toBe(0);
  snapshot = fs.readFileSync(path.join(dir, 'pyodide', 'harness.snapshot'));
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

/** Whether `py` is taken as prepared (Pyodide's own types give its globals no `get`). */
const prepared = (py: Awaited<ReturnType<typeof loadPyodide>>, forLock: string) =>
  isPrepared(py as unknown as PreparedPyodide, forLock);

const load = (from: { _loadSnapshot: Uint8Array } | Record<string, never> = {}) =>
  loadPyodide({ indexURL: `${PYODIDE}/`, lockFileContents: lock, env: { ...INTERPRETER_ENV }, ...from });

describe("the build's Python snapshot", () => {
  it('restores an interpreter with the harness loaded and signed, which runs a program and its tests', async () => {
    const py = await load({ _loadSnapshot: snapshot });
    expect(prepared(py, lock)).toBe(true);
    let out = '';
    py.setStdout({ batched: (t: string) => void (out += `${t}\n`) });
    py.setStderr({ batched: () => undefined });
    const { report, summary } = createTestLedger();
    const runFn = py.globals.get('__codelumi_run');
    runFn(
      'def add(a, b):\n    return a + b\nprint(add(20, 22))\n',
      'assert add(1, 2) == 3\nassert add(1, 1) == 3\n',
      report,
    );
    runFn.destroy();
    expect(out).toBe('42\n');
    expect(summary({ testsGiven: true })).toMatchObject({ passed: 1, failed: 1 });
    // The modules Pyodide ships were told to the harness before the snapshot (not the state of a fresh harness).
    expect(py.runPython('len(_SHIPPED_PACKAGES) > 10')).toBe(true);
  }, 60_000);

  it('holds nothing of the machine that built it: its environment is every interpreter’s', async () => {
    expect(Buffer.from(snapshot).includes(process.cwd())).toBe(false);
    const py = await load({ _loadSnapshot: snapshot });
    const env = JSON.parse(py.runPython('import os, json; json.dumps(dict(os.environ))') as string);
    expect(env).toMatchObject({ ...INTERPRETER_ENV, _: './this.program' });
  }, 60_000);

  it('is not taken for another harness or another Pyodide, nor is an interpreter never prepared', async () => {
    const py = await load({ _loadSnapshot: snapshot });
    expect(prepared(py, `${lock} `)).toBe(false);
    expect(snapshotSignature(`${lock} `)).not.toBe(snapshotSignature(lock));
    expect(prepared(await load(), lock)).toBe(false);
  }, 60_000);
});
