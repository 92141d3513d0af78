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

export const SEED_BUNDLE = path.resolve(__dirname, '..', '..', 'test-results', '.support', 'seed.js');

/** Bundles seed-entry.ts (with lib/db) into one browser script. */
export function bundleSeed(): void {
  buildSync({
    entryPoints: [path.join(__dirname, 'seed-entry.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'CodelumiTest',
    platform: 'browser',
    target: 'es2022',
    outfile: SEED_BUNDLE,
    // Injected into a fresh page in nearly every test: half the bytes to parse (most of it zod, via settings).
    minify: true,
    logLevel: 'warning',
  });
}

let bundleText: string | undefined;

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

/** Opens a blank page on the app's origin (no app code runs), for seeding before the app starts. */
export async function openBlank(page: Page, appUrl: string): Promise<void> {
  const blank = `${appUrl}/__e2e_blank__`;
  await page.route(blank, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>seed</title>' }),
  );
  await page.goto(blank);
  await page.unroute(blank);
}
