/**
 * Tier 0 is silent: through a whole session (first load and the first-run
 * offer, a chat with the fake Ollama, learning from a reaction, a code run,
 * every page, an offline reload from the service worker), Chromium sends no
 * request to any host but the app's own origin and the user's Ollama.
 *
 * Requests are recorded where they leave the browser, by a proxy the context
 * is pointed at (e2e/support/egress-recorder.ts), so what the page, the
 * analysis worker, the service worker and the sandbox send is all seen; the
 * context's own request events are checked too. The last test proves the
 * recorder would see a stray request from a worker.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { test, expect, openBlank, runSeed } from './fixtures';
import { startRecordingProxy, originsOf, type RecordingProxy } from './support/egress-recorder';
import { answer, answered, answers, scriptAnswers } from './support/chat';
import { ask, closedPort, sidebar } from './support/ui';
import { codeBlock, fenced } from './support/runner';
import { expectControlled } from './support/pwa';

/** A fresh context whose every request goes through `proxy`, with the service worker on (it is part of the session). */
function proxiedContext(browser: Browser, proxy: RecordingProxy): Promise<BrowserContext> {
  return browser.newContext({
    proxy: { server: proxy.server },
    serviceWorkers: 'allow',
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
}

test('at tier 0 a whole session sends nothing to any host but the app and the Ollama', async ({
  browser,
  app,
  fake,
}) => {
  test.slow();
  const proxy = await startRecordingProxy();
  const context = await proxiedContext(browser, proxy);
  const seen: string[] = [];
  const fromServiceWorker: string[] = [];
  context.on('request', (r) => {
    seen.push(r.url());
    if (r.serviceWorker()) fromServiceWorker.push(r.url());
  });
  try {
    const page = await context.newPage();
    const js = "function add(a, b) { return a + b; }\nconsole.log('sum', add(2, 3));";
    scriptAnswers(fake, [
      answer('add two numbers', { content: `Like this:\n\n${fenced('js', js)}` }),
      answer('thanks', { content: 'Glad it helped.' }),
    ]);
    // A hub address that is not the app's nor Ollama's: at tier 0 nothing may go there.
    const hubUrl = `http://127.0.0.1:${await closedPort()}`;
    await openBlank(page, app.url);
    await runSeed(
      page,
      (t, a) =>
        t.configure({
          ollamaHost: a.host,
          hubUrl: a.hubUrl,
          autoTitle: false,
          autoRun: { python: false, javascript: false, typescript: false },
        }),
      { host: fake.url, hubUrl },
    );

    // First run: the offer, kept at Isolated.
    await page.goto(`${app.url}/`);
    const offer = page.getByRole('region', { name: /Your privacy/ });
    await expect(offer.getByRole('radio', { name: /Isolated/ })).toBeChecked();
    await offer.getByRole('button', { name: 'Keep Isolated' }).click();
    await expect(offer).toHaveCount(0);
    await expectControlled(page);

    // A chat, a code run, and learning from a reaction; the run after a reload, under the narrowed connect-src.
    await ask(page, 'How do I add two numbers in JS?');
    await answered(page, 1);
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('codelumi:connect-src')))
      .toBe(JSON.stringify([new URL(fake.url).origin]));
    await page.reload();
    await answered(page, 1);
    expect(
      await page.evaluate(() => 'connect' + (window as unknown as Record<string, unknown>).__codelumiConnectSrc),
    ).toBe(`connect${new URL(fake.url).origin}`);
    const block = codeBlock(page, 0);
    await block.block.getByRole('button', { name: 'Run the JavaScript code' }).click();
    await expect(block.status).toHaveText('OK');
    await expect(block.stdout).toContainText('sum 5');
    await ask(page, 'thanks, that worked!');
    await answered(page, 2);
    await expect(answers(page).nth(0).locator('[data-signal="thanks"]')).toBeVisible();

    // Every page, each loaded afresh (its boot narrows connect-src), then back to the chat through the sidebar.
    for (const [path, heading] of [
      ['/projects/', 'Projects'],
      ['/memory/', 'Memory'],
      ['/learning/', 'Learning'],
      ['/models/', 'Models'],
      ['/settings/', 'Settings'],
    ] as const) {
      await page.goto(`${app.url}${path}`);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    }
    await expect(page.getByRole('region', { name: 'Privacy' }).getByRole('radio', { name: /Isolated/ })).toBeChecked();
    await page.goto(`${app.url}/learning/`);
    await expect(page.getByTestId('community-card')).toContainText('Codelumi learns only from you');
    await sidebar(page)
      .getByRole('link', { name: /How do I add two numbers/ })
      .click();
    await answered(page, 2);

    // The page's connect-src is narrowed to the app and Ollama: a request elsewhere is refused before it leaves.
    const policy = await page.evaluate(() =>
      [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) =>
        m.getAttribute('content'),
      ),
    );
    expect(policy).toContain(`connect-src 'self' blob: data: ${new URL(fake.url).origin}`);
    const attempt = await page.evaluate(async (url) => {
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
      );
      const outcome = await fetch(url).then(
        () => 'sent',
        () => 'refused',
      );
      return { outcome, directive: await violation };
    }, `${hubUrl}/v1/pack`);
    expect(attempt).toEqual({ outcome: 'refused', directive: 'connect-src' });

    // Offline: the service worker serves the app.
    await context.setOffline(true);
    await page.reload();
    await expect(sidebar(page)).toBeVisible();
    await expect(answers(page)).toHaveCount(2);
    await context.setOffline(false);

    const allowed = new Set([new URL(app.url).origin, new URL(fake.url).origin]);
    // The recorder saw the session: the app, the Ollama and the service worker's own requests.
    expect([...originsOf(proxy.requests.map((r) => r.url))].sort()).toEqual([...allowed].sort());
    expect(fromServiceWorker.length).toBeGreaterThan(0);
    // And nothing else, by either record.
    expect([...originsOf(seen)].filter((o) => !allowed.has(o))).toEqual([]);
    expect(proxy.requests.filter((r) => !allowed.has(new URL(r.url).origin))).toEqual([]);
  } finally {
    await context.close();
    await proxy.close();
  }
});

test('the recorder sees a request a worker sends to another host', async ({ browser, app }) => {
  const proxy = await startRecordingProxy();
  const context = await proxiedContext(browser, proxy);
  try {
    const page = await context.newPage();
    await openBlank(page, app.url);
    const elsewhere = `http://127.0.0.2:${await closedPort()}/stray`;
    await page.evaluate((url) => {
      const source = `fetch(${JSON.stringify(url)}).catch(() => undefined)`;
      new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    }, elsewhere);
    await expect.poll(() => proxy.requests.map((r) => r.url)).toContain(elsewhere);
  } finally {
    await context.close();
    await proxy.close();
  }
});
