/**
 * Playwright fixtures: the production build served on a free port per
 * worker, a fake Ollama per test on a free port, and a page whose app is
 * already pointed at that fake (set through the app's own settings table).
 */
import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../tests/fake-ollama';
import { startStaticServer, type StaticServer } from '../scripts/lib/serve.mjs';
import { SEED_BUNDLE } from './global-setup';

const OUT = path.resolve(__dirname, '..', 'out');

type Seed = typeof import('./support/seed-entry');

export interface AppFixtures {
  /** Start options for this test's fake Ollama (e.g. a slower pull); set with `test.use({ fakeOptions })`. */
  fakeOptions: FakeOllamaOptions;
  fake: FakeOllama;
  /** Runs a seeding helper in a page of the app origin (before or after the app loaded). */
  seed: <T>(fn: (t: Seed, arg: any) => Promise<T>, arg?: unknown) => Promise<T>;
  /** Opens the app at `path` with the fake Ollama configured. */
  openApp: (path?: string) => Promise<void>;
}

export interface WorkerFixtures {
  app: StaticServer;
}

/** Injects the seed bundle into `page` (any page of the app's origin) and runs `fn` there. */
export async function runSeed<T>(page: Page, fn: (t: Seed, arg: any) => Promise<T>, arg?: unknown): Promise<T> {
  const has = await page.evaluate(() => 'CodelumiTest' in window);
  if (!has) await page.addScriptTag({ content: fs.readFileSync(SEED_BUNDLE, 'utf8') });
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
  await page.route(blank, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
  await page.goto(blank);
  await page.unroute(blank);
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
  openApp: async ({ page, app, fake, seed }, use) => {
    let configured = false;
    await use(async (p = '/') => {
      if (!configured) {
        await seed((t, host) => t.configure({ ollamaHost: host }), fake.url);
        configured = true;
      }
      await page.goto(`${app.url}${p}`);
      await expect(page.getByRole('complementary', { name: 'Conversations' })).toBeVisible();
    });
  },
});

export { expect };
