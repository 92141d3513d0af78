#!/usr/bin/env node
// Writes the code sandbox's runtime files into public/runner/ before `next
// build` copies public/ into out/. Nothing here is committed (see .gitignore):
// - frame.js, worker.js: the sandbox document's script and its worker (esbuild
//   bundles of workers/sandbox/), preview.js: the preview pane's bridge;
// - transpiler.js: Sucrase (TypeScript/JSX), react.js: React and ReactDOM for
//   previews, bundled in production mode;
// - pyodide/: Pyodide's runtime from its npm package, served by Codelumi itself,
//   and harness.snapshot, an interpreter with the test harness loaded
//   (python-snapshot.mjs), which every sandbox interpreter starts from.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { snapshotPath } from './python-snapshot.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const RUNNER_DIR = path.join(ROOT, 'public', 'runner');
const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

const bundles = [
  { entry: 'workers/sandbox/frame.ts', out: 'frame.js' },
  { entry: 'workers/sandbox/files.worker.ts', out: 'files.js' },
  { entry: 'workers/sandbox/runner.worker.ts', out: 'worker.js' },
  { entry: 'workers/sandbox/preview.ts', out: 'preview.js' },
  { entry: 'lib/runner/transpile.ts', out: 'transpiler.js', globalName: 'CodelumiTranspiler' },
  { entry: 'workers/sandbox/react-runtime.ts', out: 'react.js', globalName: 'CodelumiReact' },
];

/** Copies a file unless the target already has the same size and is not older. */
function copyIfChanged(from, to) {
  const a = fs.statSync(from);
  const b = fs.existsSync(to) ? fs.statSync(to) : undefined;
  if (b && b.size === a.size && b.mtimeMs >= a.mtimeMs) return;
  fs.copyFileSync(from, to);
}

/** Builds every runtime file into public/runner/. */
export function buildRunnerAssets({ quiet = false } = {}) {
  fs.mkdirSync(path.join(RUNNER_DIR, 'pyodide'), { recursive: true });
  for (const b of bundles) {
    buildSync({
      entryPoints: [path.join(ROOT, b.entry)],
      outfile: path.join(RUNNER_DIR, b.out),
      bundle: true,
      format: 'iife',
      globalName: b.globalName,
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    });
  }
  const pyodideDir = path.join(ROOT, 'node_modules', 'pyodide');
  for (const f of PYODIDE_FILES) copyIfChanged(path.join(pyodideDir, f), path.join(RUNNER_DIR, 'pyodide', f));
  // Pyodide runs in a process of its own (it is asynchronous, and leaves handles open).
  const snapshot = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts', 'build', 'python-snapshot.mjs'), RUNNER_DIR, ...(quiet ? ['--quiet'] : [])],
    { stdio: 'inherit' },
  );
  // Without it the sandbox makes its own snapshot at its first Python run: slower, as correct.
  if (snapshot.status !== 0) fs.rmSync(snapshotPath(RUNNER_DIR), { force: true });
  if (!quiet) console.log('Sandbox runtime written to public/runner/');
}

if (import.meta.url === `file://${process.argv[1]}`) buildRunnerAssets();
