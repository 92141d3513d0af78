#!/usr/bin/env node
// `npm test`: typecheck, lint (ESLint, the layers, the format; these four at once), unit
// and integration tests (Vitest), then the browser tests (Playwright) against
// the production build and the fake Ollama. Builds when the build is stale.
// Installs nothing; tells you what to install when no Chromium is found. Ends with one "N passed, N failed" line.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from './build.mjs';
import { ROOT } from './lib/fingerprint.mjs';
import browser from './lib/browser.cjs';

const { chromiumLaunch, NO_BROWSER_HELP } = browser;

const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e-only');
const passThrough = args.filter((a) => a !== '--e2e-only');
const resultsDir = path.join(ROOT, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];
/** Wall time of each phase, printed before the last line: where a slow run spent its time. */
const phases = [];
const started = Date.now();
async function timed(name, work) {
  const t0 = Date.now();
  try {
    return await work();
  } finally {
    phases.push(`${name} ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}

function run(title, cmd, cmdArgs, env = {}) {
  console.log(`\n▶ ${title}`);
  const res = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) failedSteps.push(title);
  return res.status === 0;
}

/**
 * Runs independent checks at the same time (each is mostly one core); prints
 * each one's output in the given order once it ended. Resolves to their
 * results in that order.
 */
async function runTogether(steps) {
  const results = steps.map(
    ({ title, cmd, args }) =>
      new Promise((resolve) => {
        const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '1' } });
        const out = [];
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => out.push(d));
        child.on('error', (err) => resolve({ title, ok: false, output: String(err) }));
        child.on('close', (code) => resolve({ title, ok: code === 0, output: Buffer.concat(out).toString() }));
      }),
  );
  const ended = [];
  for (const result of results) {
    const r = await result;
    console.log(`\n▶ ${r.title}`);
    process.stdout.write(r.output);
    if (!r.ok) failedSteps.push(r.title);
    ended.push(r.ok);
  }
  return ended;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (!e2eOnly) {
  // A lint finding, an import against the layers or an unformatted file fails the run like a failed test (and
  // counts as one).
  const [, ...checks] = await timed('checks', () =>
    runTogether([
      { title: 'Typecheck (tsc --noEmit)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
      { title: 'Lint (eslint)', cmd: bin('eslint'), args: ['.'] },
      {
        title: 'Layers (dependency-cruiser)',
        cmd: bin('depcruise'),
        args: ['lib', 'app', 'workers', 'hub', '--config', '.dependency-cruiser.cjs'],
      },
      { title: 'Format (prettier --check)', cmd: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
    ]),
  );
  totals.failed += checks.filter((ok) => !ok).length;
  const vitestJson = path.join(resultsDir, 'vitest.json');
  fs.rmSync(vitestJson, { force: true });
  await timed('unit', () =>
    run('Unit and integration tests (vitest)', bin('vitest'), [
      'run',
      '--config',
      'tests/vitest.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson}`,
    ]),
  );
  const v = readJson(vitestJson);
  if (v) {
    totals.passed += v.numPassedTests ?? 0;
    totals.failed += v.numFailedTests ?? 0;
    totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  } else {
    totals.failed += 1;
  }
}

const launch = chromiumLaunch();
if (!launch) {
  console.error(`\n${NO_BROWSER_HELP}`);
  failedSteps.push('Browser tests (no Chromium)');
  totals.failed += 1;
} else {
  let built = true;
  try {
    console.log('\n▶ Production build (skipped when current)');
    await timed('build', () => build({ ifStale: true }));
  } catch (err) {
    console.error(String(err.message ?? err));
    failedSteps.push('Production build');
    built = false;
    totals.failed += 1;
  }
  if (built) {
    const pwJson = path.join(resultsDir, 'playwright.json');
    fs.rmSync(pwJson, { force: true });
    await timed('browser', () =>
      run(
        'Browser tests (Playwright, production build, fake Ollama)',
        bin('playwright'),
        ['test', '--config', 'e2e/playwright.config.ts', ...passThrough],
        {
          PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
        },
      ),
    );
    const p = readJson(pwJson);
    if (p?.stats) {
      totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
      totals.failed += p.stats.unexpected ?? 0;
      totals.skipped += p.stats.skipped ?? 0;
    } else {
      totals.failed += 1;
    }
  }
}

console.log('');
console.log(`Time: ${phases.join(', ')} (in all ${Math.round((Date.now() - started) / 1000)} s)`);
if (failedSteps.length) console.log(`Failed: ${failedSteps.join('; ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
