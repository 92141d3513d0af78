#!/usr/bin/env node
// Builds the static app into out/ (next build with output: 'export'), then
// generates the service worker over it (scripts/build/service-worker.mjs:
// Workbox precache of every asset, the offline backend), and records the
// inputs it was built from, so `npm start` and `npm test` can tell whether
// the build is current. `--if-stale` skips a current build.
import { spawnSync } from 'node:child_process';
import { buildIsStale, sourceFingerprint, writeStamp, OUT_DIR, ROOT } from './lib/fingerprint.mjs';
import { buildRunnerAssets } from './build/runner-assets.mjs';

export function build({ ifStale = false, quiet = false } = {}) {
  if (ifStale && !buildIsStale()) {
    if (!quiet) console.log('Codelumi build is up to date (out/).');
    return;
  }
  buildRunnerAssets({ quiet });
  if (!quiet) console.log('Building Codelumi (next build)…');
  const res = spawnSync(process.execPath, [require_next(), 'build'], {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (res.status !== 0) {
    if (quiet && res.stdout) process.stdout.write(res.stdout);
    throw new Error(`next build failed with exit code ${res.status}`);
  }
  // The worker precaches what next build wrote, so it comes second; a failure here leaves the build stale.
  const sw = spawnSync(process.execPath, [new URL('./build/service-worker.mjs', import.meta.url).pathname, OUT_DIR], {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  if (sw.status !== 0) throw new Error(`service worker generation failed with exit code ${sw.status}`);
  // Taken after the build: next build may touch tsconfig.json itself.
  writeStamp(sourceFingerprint());
}

function require_next() {
  return new URL('../node_modules/next/dist/bin/next', import.meta.url).pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    build({ ifStale: process.argv.includes('--if-stale') });
  } catch (err) {
    console.error(String(err.message ?? err));
    process.exit(1);
  }
}
