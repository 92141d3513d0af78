/**
 * Updates (issue 4): a new build of Codelumi, served on the same origin,
 * installs in the background and waits; the page offers it calmly, never
 * reloads by itself, holds the offer while an answer streams, and Reload
 * brings up the new build. Each test serves its own copies of out/ ("build 1"
 * and "build 2", whose chat page and service worker differ) on one port.
 */
import { test as base, expect, openBlank, runSeed } from './fixtures';
import type { StaticServer } from '../scripts/lib/serve.mjs';
import { answer, composer, expectSettled, lastAnswer, scriptAnswers, send, words } from './support/chat';
import {
  buildOf,
  copyBuild,
  expectControlled,
  installWaitingWorker,
  makeNextBuild,
  removeBuild,
  serveBuild,
  snapshot,
} from './support/pwa';

interface Builds {
  /** Serving build 1 now; `swap()` serves build 2 on the same origin instead. */
  server: StaticServer;
  build1: string;
  build2: string;
  swap: () => Promise<void>;
}

const test = base.extend<{ builds: Builds }>({
  builds: async ({ page, fake }, use) => {
    const dir1 = copyBuild();
    const dir2 = copyBuild();
    const summary = await makeNextBuild(dir2, 'build-2');
    let server = await serveBuild(dir1);
    const builds: Builds = {
      get server() {
        return server;
      },
      build1: buildOf(dir1),
      build2: summary.build,
      swap: async () => {
        const port = server.port;
        await server.close();
        server = await serveBuild(dir2, port);
      },
    };
    await openBlank(page, server.url);
    await runSeed(page, (t, host) => t.configure({ ollamaHost: host }), fake.url);
    await use(builds);
    await server.close();
    removeBuild(dir1);
    removeBuild(dir2);
  },
});

test.use({ serviceWorkers: 'allow' });

// Two builds, two installs of the worker and a reload each: slow on a loaded machine.
test.slow();

const offer = (page: import('@playwright/test').Page) => page.getByTestId('update-offer');

test('a new version waits behind a calm offer, never reloads by itself, and Reload brings up the new build', async ({
  page,
  builds,
}, testInfo) => {
  expect(builds.build2).not.toBe(builds.build1);
  await page.goto(`${builds.server.url}/settings/`);
  await expectControlled(page);
  await expect(page.getByTestId('app-version')).toContainText(`build ${builds.build1}`);

  await builds.swap();
  // The user opens the app again: it comes from the installed version, which finds the new one.
  await page.reload();
  await expect(page.getByTestId('app-version')).toContainText(`build ${builds.build1}`);
  await expect(offer(page)).toContainText('A new version of Codelumi is ready');
  await snapshot(page, testInfo, 'update-offer');

  // Nothing happens until the user says so.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(offer(page)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect(page.locator('meta[name="codelumi-test-build"]')).toHaveCount(0);

  await Promise.all([page.waitForEvent('load'), offer(page).getByRole('button', { name: 'Reload' }).click()]);
  await expect(page.getByTestId('app-version')).toContainText(`build ${builds.build2}`);
  await expect(offer(page)).toHaveCount(0);
  await page.goto(`${builds.server.url}/`);
  await expect(page.locator('meta[name="codelumi-test-build"]')).toHaveAttribute('content', 'build-2');
});

test('the offer is held while an answer streams, and shows once the answer has ended', async ({
  page,
  fake,
  builds,
}, testInfo) => {
  scriptAnswers(fake, [answer('stream through an update', { content: words(600, 'tok'), tokensPerSecond: 8 })]);
  await page.goto(`${builds.server.url}/`);
  await expectControlled(page);
  await send(page, 'stream through an update');
  const stop = page.getByRole('button', { name: 'Stop the answer (Esc)' });
  await expect(stop).toBeVisible();
  await expect(lastAnswer(page)).toContainText('tok2');

  // Whether the offer ever shows while the Stop button does.
  await page.evaluate(() => {
    const w = window as unknown as { offerDuringStream: boolean };
    w.offerDuringStream = false;
    new MutationObserver(() => {
      if (
        document.querySelector('[data-testid="update-offer"]') &&
        document.querySelector('[aria-label="Stop the answer (Esc)"]')
      )
        w.offerDuringStream = true;
    }).observe(document.body, { childList: true, subtree: true });
  });

  await builds.swap();
  await installWaitingWorker(page);
  await expect(page.locator('html')).toHaveAttribute('data-update', 'held');
  await expect(stop).toBeVisible();
  await expect(offer(page)).toHaveCount(0);
  await snapshot(page, testInfo, 'update-held-while-streaming');

  // The answer ends (here: the user stops it); then the offer appears, and the answer is intact.
  await composer(page).press('Escape');
  await expectSettled(lastAnswer(page), 'interrupted');
  await expect(offer(page)).toContainText('A new version of Codelumi is ready');
  expect(await page.evaluate(() => (window as unknown as { offerDuringStream: boolean }).offerDuringStream)).toBe(
    false,
  );
  await expect(lastAnswer(page)).toContainText('tok1 tok2');
});
