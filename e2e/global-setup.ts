/**
 * Before the browser tests: make sure out/ is a current production build,
 * and bundle the test-only seeding helper (e2e/support/seed-entry.ts) that
 * tests inject into a blank page of the app's origin to prepare IndexedDB.
 */
import path from 'node:path';
import { buildSync } from 'esbuild';

export const SEED_BUNDLE = path.resolve(__dirname, '..', 'test-results', '.support', 'seed.js');

export default async function globalSetup() {
  const { build } = await import('../scripts/build.mjs');
  build({ ifStale: true });
  buildSync({
    entryPoints: [path.join(__dirname, 'support', 'seed-entry.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'CodelumiTest',
    platform: 'browser',
    target: 'es2022',
    outfile: SEED_BUNDLE,
    logLevel: 'warning',
    alias: { '@': path.resolve(__dirname, '..') },
  });
}
