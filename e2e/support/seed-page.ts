/**
 * Running the seed helpers (seed-entry.ts, bundled by global-setup) in a page
 * of the app's origin. Shared by the Playwright fixtures and the benchmarks,
 * so it imports nothing from @playwright/test at runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildSync } from 'esbuild';

export type Seed = typeof import('./seed-entry');
type Settings = import('../../lib/db/settings').Settings;

export const SEED_BUNDLE = path.resolve(__dirname, '..', '..', 'test-results', '.support', 'seed.js');
/** configure-entry.ts alone: what a test that only points the app at its fake Ollama injects. */
export const CONFIGURE_BUNDLE = path.resolve(__dirname, '..', '..', 'test-results', '.support', 'configure.js');

/** Bundles seed-entry.ts (with lib/db) and configure-entry.ts, each into one browser script. */
export function bundleSeed(): void {
  for (const [entry, outfile, globalName] of [
    ['seed-entry.ts', SEED_BUNDLE, 'CodelumiTest'],
    ['configure-entry.ts', CONFIGURE_BUNDLE, 'CodelumiConfigure'],
  ]) {
    buildSync({
      entryPoints: [path.join(__dirname, entry)],
      bundle: true,
      format: 'iife',
      globalName,
      platform: 'browser',
      target: 'es2022',
      outfile,
      // Injected into a fresh page in nearly every test: half the bytes to parse (most of it zod, via settings).
      minify: true,
      logLevel: 'warning',
    });
  }
}

let bundleText: string | undefined;
let configureText: string | undefined;

/** Injects the seed bundle into `page` (any page of the app's origin) and runs `fn` there. */
export async function runSeed<T>(page: Page, fn: (t: Seed, arg: any) => Promise<T>, arg?: unknown): Promise<T> {
  const has = await page.evaluate(() => 'CodelumiTest' in window);
  // Read once per worker: global setup writes it before any test runs.
  if (!has) await page.addScriptTag({ content: (bundleText ??= fs.readFileSync(SEED_BUNDLE, 'utf8')) });
  return page.evaluate(
    ([src, a]) => {
      const f = new Function(`return (${src})`)() as (t: unknown, arg: unknown) => Promise<unknown>;
      return f((window as unknown as { CodelumiTest: unknown }).CodelumiTest, a);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

/**
 * Stores `settings` through the app's settings table from `page` (any page of
 * the app's origin), as `runSeed(page, (t, s) => t.configure(s), settings)`
 * does, but injects only the small configure bundle unless the page already
 * has the full one. Resolves once the settings are written.
 */
export async function configureApp(page: Page, settings: Partial<Settings>): Promise<void> {
  const loaded = await page.evaluate(() => ('CodelumiTest' in window ? 'full' : 'CodelumiConfigure' in window));
  if (loaded === 'full') return runSeed(page, (t, s) => t.configure(s), settings);
  if (!loaded) await page.addScriptTag({ content: (configureText ??= fs.readFileSync(CONFIGURE_BUNDLE, 'utf8')) });
  await page.evaluate(
    (s) =>
      (window as unknown as { CodelumiConfigure: typeof import('./configure-entry') }).CodelumiConfigure.configure(s),
    settings,
  );
}

/** Opens a blank page on the app's origin (no app code runs), for seeding before the app starts. */
export async function openBlank(page: Page, appUrl: string): Promise<void> {
  const blank = `${appUrl}/__e2e_blank__`;
  await page.route(blank, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>seed</title>' }),
  );
  await page.goto(blank);
  await page.unroute(blank);
}

/**
 * Resolves once the app's writes to the table `store` that have begun are
 * committed. A write the app makes without a transaction of its own
 * (`table.update`: a rename, a pin) shows in its live queries the moment it
 * begins (Dexie's optimistic updates), and a reload before it commits aborts
 * it; a test that checks the write survives a reload waits for this first. A
 * read of the table from another connection is served after every write to it
 * begun before the read.
 */
export async function writesCommitted(page: Page, store: string): Promise<void> {
  await runSeed(page, (t, s) => t.table(s).then(() => undefined), store);
}
