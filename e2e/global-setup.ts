/**
 * Before the browser tests: make sure out/ is a current production build,
 * and bundle the test-only seeding helper (e2e/support/seed-entry.ts) that
 * tests inject into a blank page of the app's origin to prepare IndexedDB.
 */
import { bundleSeed } from './support/seed-page';

export default async function globalSetup() {
  const { build } = await import('../scripts/build.mjs');
  build({ ifStale: true });
  bundleSeed();
}
