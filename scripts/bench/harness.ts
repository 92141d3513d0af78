/**
 * What every benchmark needs: the production build served on a free port,
 * the fake Ollama, and headless Chromium (the same one the tests use), with
 * helpers to seed IndexedDB and to summarise timings.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from '../build.mjs';
import { startStaticServer, type StaticServer } from '../lib/serve.mjs';
import { startFakeOllama, type FakeOllama } from '../../tests/fake-ollama';
import { bundleSeed, openBlank, runSeed, type Seed } from '../../e2e/support/seed-page';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunch, NO_BROWSER_HELP } = require('../lib/browser.cjs') as typeof import('../lib/browser.cjs');

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Harness {
  app: StaticServer;
  fake: FakeOllama;
  browser: Browser;
  /**
   * A fresh browser context and page with the app pointed at the fake (IndexedDB empty), on a blank page of the
   * app's origin. `installed` (the default) makes it a returning user's browser: the service worker is installed and
   * its precache complete before anything is measured. Without it, the first opening of the app installs it, and
   * that install (compiling every precached script for the code cache: seconds of CPU) overlaps the measurement.
   */
  newPage(options?: { width?: number; height?: number; installed?: boolean }): Promise<Page>;
  seed<T>(page: Page, fn: (t: Seed, arg: any) => Promise<T>, arg?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Builds if stale and starts everything a benchmark needs. */
export async function startHarness(): Promise<Harness> {
  build({ ifStale: true, quiet: true });
  bundleSeed();
  const launch = chromiumLaunch();
  if (!launch) throw new Error(NO_BROWSER_HELP);
  const [app, fake, browser] = await Promise.all([
    startStaticServer({ dir: path.join(ROOT, 'out'), port: 0 }),
    startFakeOllama({ quiet: true }),
    chromium.launch({ headless: true, ...launch }),
  ]);
  return {
    app,
    fake,
    browser,
    async newPage({ width = 1280, height = 800, installed = true } = {}) {
      const context = await browser.newContext({ viewport: { width, height } });
      // tsx (esbuild) wraps named functions in __name(); functions sent to the page need it too.
      await context.addInitScript('self.__name = self.__name || ((f) => f);');
      const page = await context.newPage();
      await openBlank(page, app.url);
      if (installed) await installServiceWorker(page);
      await runSeed(page, (t, host) => t.configure({ ollamaHost: host, autoTitle: false }), fake.url);
      return page;
    },
    seed: (page, fn, arg) => runSeed(page, fn, arg),
    async close() {
      await browser.close();
      await Promise.all([app.close(), fake.close()]);
    },
  };
}

/**
 * Registers the app's service worker from `page` (a page of the app's origin) as the app does (workbox-window:
 * /sw.js, scope /) and resolves once it is active, its precache complete. No app code runs; the app's own
 * registration later finds it in place.
 */
export async function installServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
}

/** The p-th percentile (0..100) of `values` (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A realistic answer with a code block, for seeding long conversations. */
export const CODE_ANSWER_SOURCE = `(i) => 'Here is how to handle case ' + i + ' in TypeScript. Keep the function pure so it is easy to test.\\n\\n' +
  '\`\`\`ts\\n' + Array.from({ length: 14 }, (_, k) => 'export function step' + i + '_' + k + '(input: number[]): number {\\n  return input.reduce((sum, n) => sum + n * ' + k + ', 0);\\n}').join('\\n') + '\\n\`\`\`\\n\\n' +
  '| option | effect |\\n|---|---|\\n| strict | safer |\\n| fast | quicker |\\n\\nCall it with an array of numbers; it returns the weighted sum.'`;
