#!/usr/bin/env node
// Writes public/runner/pyodide/harness.snapshot: a memory snapshot of a
// Pyodide interpreter prepared as the sandbox's first interpreter prepares
// itself (workers/sandbox/python-prepare.ts: the test harness, the shipped
// module names, their signature), made here in Node from the same Pyodide
// package. The sandbox restores every interpreter from it, so a page's first
// Python run skips Python's start-up (seconds on a slow machine). Made again
// only when the harness, the preparing code or Pyodide changed (a stamp in
// node_modules/.cache); where it cannot be made, the sandbox makes its own, slower.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const PYODIDE = path.join(ROOT, 'node_modules', 'pyodide');

/** The snapshot's path under `runnerDir` (public/runner). */
export const snapshotPath = (runnerDir) => path.join(runnerDir, 'pyodide', 'harness.snapshot');

/** workers/sandbox/python-prepare.ts (with the harness's Python) as one ES module's source. */
function prepareModule() {
  const out = buildSync({
    entryPoints: [path.join(ROOT, 'workers', 'sandbox', 'python-prepare.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/**
 * Writes the snapshot into `runnerDir` unless the one there was made from the same inputs
 * (`stamp: false`: always, and no stamp is kept).
 */
export async function writePythonSnapshot(runnerDir, { quiet = false, stamp: keepStamp = true } = {}) {
  const target = snapshotPath(runnerDir);
  // One stamp per place written to (the tests write one elsewhere).
  const place = crypto.createHash('sha256').update(path.resolve(target)).digest('hex').slice(0, 16);
  const stampFile = path.join(ROOT, 'node_modules', '.cache', 'codelumi', `python-snapshot-${place}.stamp`);
  const source = prepareModule();
  const lock = fs.readFileSync(path.join(PYODIDE, 'pyodide-lock.json'), 'utf8');
  const version = JSON.parse(fs.readFileSync(path.join(PYODIDE, 'package.json'), 'utf8')).version;
  const stamp = crypto.createHash('sha256').update(`${version}\n${lock}\n${source}`).digest('hex');
  const current = keepStamp && fs.existsSync(target) && fs.existsSync(stampFile);
  if (current && fs.readFileSync(stampFile, 'utf8') === stamp) return;

  const { prepareInterpreter, INTERPRETER_ENV } = await import(
    `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`
  );
  const { loadPyodide } = await import(path.join(PYODIDE, 'pyodide.mjs'));
  // Emscripten names the program after Node's script (os.environ['_'], sys.argv): without one it uses the name a
  // browser's interpreter gets, so nothing of this machine (its paths) ends up in the snapshot.
  process.argv.splice(1);
  // The options of the sandbox's own first interpreter (workers/sandbox/python-program.ts).
  const py = await loadPyodide({
    indexURL: `${PYODIDE}/`,
    lockFileContents: lock,
    stdin: () => null,
    env: { ...INTERPRETER_ENV },
    _makeSnapshot: true,
  });
  prepareInterpreter(py, lock);
  const snapshot = py.makeMemorySnapshot();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, snapshot);
  if (keepStamp) {
    fs.mkdirSync(path.dirname(stampFile), { recursive: true });
    fs.writeFileSync(stampFile, stamp);
  }
  if (!quiet) console.log(`Python snapshot written (${(snapshot.byteLength / 1048576).toFixed(1)} MB).`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir =
    process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : path.join(ROOT, 'public', 'runner');
  const options = { quiet: process.argv.includes('--quiet'), stamp: !process.argv.includes('--no-stamp') };
  writePythonSnapshot(dir, options).then(
    // Pyodide leaves handles open in Node: the work is done.
    () => process.exit(0),
    (err) => {
      console.error('The Python snapshot could not be made; the sandbox will make its own:', err);
      process.exit(1);
    },
  );
}
