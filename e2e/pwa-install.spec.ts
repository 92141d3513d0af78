/**
 * Installing Codelumi (issue 4): the manifest and everything it points to
 * load, Chromium finds the app installable, a service worker controls the
 * page after the first load, and the launcher's shortcuts open what they say.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';
import { expectControlled } from './support/pwa';
import { sidebar } from './support/ui';

test.use({ serviceWorkers: 'allow' });

/** Width and height from a PNG's IHDR chunk. */
function pngSize(body: Buffer): string {
  expect(body.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`;
}

test('the manifest describes an installable standalone app, and its icons, screenshots and shortcut icons all load at their stated sizes', async ({
  page,
  openApp,
  app,
}) => {
  await openApp('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const response = await page.request.get(`${app.url}${href}`);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: 'Codelumi',
    short_name: 'Codelumi',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#ffffff',
    background_color: '#ffffff',
    user_preferences: { color_scheme: { dark: { theme_color: '#0d0d12', background_color: '#0d0d12' } } },
  });
  expect(manifest.description).toMatch(/local-first/);
  expect(manifest.share_target).toMatchObject({
    action: '/share-target/',
    method: 'POST',
    enctype: 'multipart/form-data',
  });
  expect(manifest.shortcuts.map((s: { name: string; url: string }) => [s.name, s.url])).toEqual([
    ['New chat', '/'],
    ['Search conversations', '/?search=1'],
  ]);

  const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
  expect(icons.filter((i) => i.purpose === 'any').map((i) => i.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  expect(icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes)).toEqual(['192x192', '512x512']);
  const images = [
    ...icons,
    ...manifest.screenshots,
    ...manifest.shortcuts.flatMap((s: { icons: object[] }) => s.icons),
  ] as { src: string; sizes: string; type: string }[];
  for (const image of images) {
    const res = await page.request.get(`${app.url}${image.src}`);
    expect(res.status(), image.src).toBe(200);
    expect(res.headers()['content-type'], image.src).toBe(image.type);
    if (image.type === 'image/png') expect(pngSize(await res.body()), image.src).toBe(image.sizes);
  }
  expect(manifest.screenshots.map((s: { form_factor: string }) => s.form_factor).sort()).toEqual(['narrow', 'wide']);

  const favicon = await page.request.get(`${app.url}/favicon.ico`);
  expect(favicon.status()).toBe(200);
  expect((await favicon.body()).readUInt16LE(2)).toBe(1); // an ICO
});

test('a service worker controls the page after the first load, without a reload', async ({ page, openApp }) => {
  await openApp('/');
  await expectControlled(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
  // Everything the app needs is stored by then: the precache holds the chat page and its code.
  const precached = await page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.includes('precache'));
    return name ? (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname) : [];
  });
  expect(precached).toEqual(
    expect.arrayContaining(['/index.html', '/settings/index.html', '/manifest.webmanifest', '/version.json']),
  );
  expect(precached.some((p) => p.startsWith('/_next/static/chunks/'))).toBe(true);
});

test('Chromium finds Codelumi installable: the manifest parses cleanly and there are no installability errors', async ({
  playwright,
  launchOptions,
  app,
}) => {
  // Installability is not judged in incognito, which every non-persistent context is.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-install-'));
  const context = await playwright.chromium.launchPersistentContext(profile, {
    ...launchOptions,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${app.url}/`);
    await expectControlled(page);
    const cdp = await context.newCDPSession(page);
    const parsed = (await cdp.send('Page.getAppManifest' as never)) as { errors: unknown[]; url: string };
    expect(parsed.url).toBe(`${app.url}/manifest.webmanifest`);
    expect(parsed.errors).toEqual([]);
    await expect
      .poll(
        async () =>
          ((await cdp.send('Page.getInstallabilityErrors' as never)) as { installabilityErrors: unknown[] })
            .installabilityErrors,
      )
      .toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('the Search shortcut opens Codelumi with the conversation search focused, also in the narrow drawer', async ({
  page,
  openApp,
}) => {
  await openApp('/?search=1');
  const search = sidebar(page).getByRole('searchbox', { name: 'Search conversations' });
  await expect(search).toBeFocused();
  await expect(page).toHaveURL(/\/$/);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(page.url().replace(/\/$/, '/?search=1'));
  await expect(search).toBeFocused();
  await expect(search).toBeInViewport();
  await expect(page).toHaveURL(/\/$/);
});
