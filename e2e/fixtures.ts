/**
 * Playwright fixtures: the production build served on a free port per
 * worker, a fake Ollama per test on a free port, and a page whose app is
 * already pointed at that fake (set through the app's own settings table).
 */
import { test as base, expect } from '@playwright/test';
import path from 'node:path';
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../tests/fake-ollama';
import { startStaticServer, type StaticServer } from '../scripts/lib/serve.mjs';
import { configureApp, openBlank, runSeed, writesCommitted, type Seed } from './support/seed-page';

export { openBlank, runSeed, writesCommitted };

const OUT = path.resolve(__dirname, '..', 'out');

export interface AppFixtures {
  /** Start options for this test's fake Ollama (e.g. a slower pull); set with `test.use({ fakeOptions })`. */
  fakeOptions: FakeOllamaOptions;
  fake: FakeOllama;
  /** Runs a seeding helper in a page of the app origin (before or after the app loaded). */
  seed: <T>(fn: (t: Seed, arg: any) => Promise<T>, arg?: unknown) => Promise<T>;
  /** Opens the app at `path` with the fake Ollama configured. */
  openApp: (path?: string) => Promise<void>;
  /** Keep the product's auto-run of answers' code (default off in tests); set with `test.use({ autoRunCode: true })`. */
  autoRunCode: boolean;
  /** Show the first-run privacy offer (default: already seen, so other tests' pages are as before it existed). */
  offerPrivacy: boolean;
}

export interface WorkerFixtures {
  app: StaticServer;
}

export const test = base.extend<AppFixtures, WorkerFixtures>({
  app: [
    async ({}, use) => {
      const server = await startStaticServer({ dir: OUT, port: 0, host: '127.0.0.1' });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  fakeOptions: [{}, { option: true }],
  fake: async ({ fakeOptions }, use) => {
    const fake = await startFakeOllama({ ...fakeOptions, quiet: true });
    await use(fake);
    await fake.close();
  },
  seed: async ({ page, app }, use) => {
    await use(async (fn, arg) => {
      if (!page.url().startsWith(app.url)) await openBlank(page, app.url);
      return runSeed(page, fn, arg);
    });
  },
  autoRunCode: [false, { option: true }],
  offerPrivacy: [false, { option: true }],
  openApp: async ({ page, app, fake, autoRunCode, offerPrivacy }, use) => {
    let configured = false;
    await use(async (p = '/') => {
      if (!configured) {
        // Auto-run is on by default in the product; tests that are not about the runner switch it off,
        // so they neither depend on nor pay for a sandbox (Python's runtime is heavy to start).
        if (!page.url().startsWith(app.url)) await openBlank(page, app.url);
        await configureApp(page, {
          ollamaHost: fake.url,
          privacyTierOffered: !offerPrivacy,
          ...(autoRunCode ? {} : { autoRun: { python: false, javascript: false, typescript: false } }),
        });
        configured = true;
      }
      // Waiting for the app to start is not a check of it: on a starved machine (another worker compiling
      // Python, say) it may take long, so only the test's own time limit bounds it (0: no separate limit).
      await page.goto(`${app.url}${p}`, { timeout: 0 });
      await expect(page.getByRole('complementary', { name: 'Conversations' })).toBeVisible({ timeout: 0 });
    });
  },
});

export { expect };
