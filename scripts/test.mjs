#!/usr/bin/env node
// `npm test`: typecheck, lint (ESLint, the layers, the format), unit
// and integration tests (Vitest), then the browser tests (Playwright) against
// the production build and the fake Ollama. Builds when the build is stale.
// Installs nothing; tells you what to install when no Chromium is found. Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
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

function run(title, cmd, cmdArgs, env = {}) {
  console.log(`\n▶ ${title}`);
  const res = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) failedSteps.push(title);
  return res.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (!e2eOnly) {
  run('Typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  // A lint finding, an import against the layers or an unformatted file fails the run like a failed test (and
  // counts as one).
  if (!run('Lint (eslint)', bin('eslint'), ['.'])) totals.failed += 1;
  if (
    !run('Layers (dependency-cruiser)', bin('depcruise'), [
      'lib',
      'app',
      'workers',
      '--config',
      '.dependency-cruiser.cjs',
    ])
  )
    totals.failed += 1;
  if (!run('Format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.'])) totals.failed += 1;
  const vitestJson = path.join(resultsDir, 'vitest.json');
  fs.rmSync(vitestJson, { force: true });
  run('Unit and integration tests (vitest)', bin('vitest'), [
    'run',
    '--config',
    'tests/vitest.config.mts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ]);
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
    build({ ifStale: true });
  } catch (err) {
    console.error(String(err.message ?? err));
    failedSteps.push('Production build');
    built = false;
    totals.failed += 1;
  }
  if (built) {
    const pwJson = path.join(resultsDir, 'playwright.json');
    fs.rmSync(pwJson, { force: true });
    run(
      'Browser tests (Playwright, production build, fake Ollama)',
      bin('playwright'),
      ['test', '--config', 'e2e/playwright.config.ts', ...passThrough],
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
      },
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
if (failedSteps.length) console.log(`Failed: ${failedSteps.join('; ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
