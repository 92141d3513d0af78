/**
 * Settings → Privacy and the first-run offer in the production build: the
 * tier is offered once, chosen in Settings, and takes effect at once (going
 * down discards what waits to be sent and the pack received); a tier that
 * receives reloads the page so its connect-src includes the hub, fetches the
 * community pack, shows it on the Learning page and steers the next prompt's
 * answer style; the hub address is validated; an Ollama elsewhere is named.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answered, lastSystemPrompt, scriptAnswers, answer } from './support/chat';
import { ask, closedPort } from './support/ui';
import { startTinyHub, type TinyHub } from './support/tiny-hub';
import type { CommunityPack } from '../lib/privacy/hub-api';

const SHORT = 'short|code-first|no-steps|no-tests';
const PACK: CommunityPack = {
  v: 1,
  version: 3,
  publishedAt: '2026-12-01T10:00:00.000Z',
  k: 5,
  epsilon: 1,
  kinds: [
    {
      questionKind: 'react/debug',
      styles: [
        {
          answerStyle: SHORT,
          installs: 9,
          successes: 80,
          failures: 6,
          description: 'React debugging: short, code first',
        },
      ],
    },
  ],
};

const privacy = (page: Page) => page.getByRole('region', { name: 'Privacy' });
const tier = (page: Page, name: string) => privacy(page).getByRole('radio', { name: new RegExp(`^${name}`) });

/** Puts rows into the contributions table (the queue is another part's; its rows are plain objects). */
async function putContributions(page: Page, rows: unknown[]): Promise<void> {
  await page.evaluate(async (items) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('codelumi');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('contributions', 'readwrite');
      for (const row of items) tx.objectStore('contributions').put(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, rows);
}

/** The contributions that are sent or may still be sent (a discarded one never is). */
async function stillToSendIn(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('codelumi');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<{ id: string; status: string }[]>((resolve, reject) => {
      const req = db.transaction('contributions').objectStore('contributions').getAll();
      req.onsuccess = () => resolve(req.result as { id: string; status: string }[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows.filter((r) => r.status !== 'discarded').map((r) => r.id);
  });
}

let hub: TinyHub;
test.beforeEach(async () => {
  hub = await startTinyHub(PACK);
});
test.afterEach(() => hub.close());

test.describe('first-run offer', () => {
  test.use({ offerPrivacy: true });

  test('is offered once at Isolated, by keyboard, and never again', async ({ page, openApp }) => {
    await openApp('/');
    const offer = page.getByRole('region', { name: /Your privacy/ });
    await expect(offer).toContainText('Your code, files, keys and words never leave');
    await expect(offer.getByRole('radio', { name: /^Isolated/ })).toBeChecked();
    await expect(offer.getByRole('radio', { name: /^Isolated/ })).toHaveAccessibleDescription(
      'Shares: nothing. Receives: nothing.',
    );
    // The keyboard alone: into the group, down to Receiver, back to Isolated, then the button.
    await offer.getByRole('radio', { name: /^Isolated/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(offer.getByRole('radio', { name: /^Receiver/ })).toBeChecked();
    await expect(offer.getByRole('button', { name: 'Use this tier' })).toBeVisible();
    await page.keyboard.press('ArrowUp');
    await offer.getByRole('button', { name: 'Keep Isolated' }).press('Enter');
    await expect(offer).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('complementary', { name: 'Conversations' })).toBeVisible();
    await expect(page.getByRole('region', { name: /Your privacy/ })).toHaveCount(0);
    await page.goto(page.url().replace(/\/$/, '') + '/settings/');
    await expect(tier(page, 'Isolated')).toBeChecked();
    expect(hub.requests).toEqual([]);
  });

  test('closing it keeps Isolated and it does not come back', async ({ page, openApp, seed }) => {
    await openApp('/');
    const offer = page.getByRole('region', { name: /Your privacy/ });
    await offer.getByRole('radio', { name: /^Full/ }).check();
    await offer.getByRole('button', { name: 'Close and stay Isolated' }).click();
    await expect(offer).toHaveCount(0);
    expect(await seed((t) => t.readSettings())).toMatchObject({ privacyTier: 0, privacyTierOffered: true });
  });

  test('choosing Receiver in it receives the pack', async ({ page, openApp, seed }) => {
    await seed((t, url) => t.configure({ hubUrl: url }), hub.url);
    await openApp('/');
    const offer = page.getByRole('region', { name: /Your privacy/ });
    await offer.getByRole('radio', { name: /^Receiver/ }).check();
    await offer.getByRole('button', { name: 'Use this tier' }).click();
    await expect(offer).toHaveCount(0);
    await expect.poll(() => hub.requests.map((r) => r.path)).toContain('/v1/pack');
    const settings = await seed((t) => t.readSettings());
    expect(settings).toMatchObject({ privacyTier: 1, privacyTierOffered: true });
  });
});

test('Settings switches tiers at once: up to Receiver reloads to reach the hub and receives the pack, which steers the next answer and shows on the Learning page; down to Isolated discards what waits and the pack', async ({
  page,
  app,
  fake,
  openApp,
  seed,
}) => {
  test.slow();
  scriptAnswers(fake, [answer(/re-render/, { content: 'Wrap the callback in `useCallback`.' })]);
  await seed((t, url) => t.configure({ hubUrl: url, defaultModel: 'qwen2.5-coder:7b', autoTitle: false }), hub.url);
  await openApp('/settings/');
  // A second load, once the app has mirrored its addresses: the page's connect-src is narrowed at boot to the app and Ollama.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('codelumi:connect-src')))
    .toBe(JSON.stringify([new URL(fake.url).origin]));
  await page.reload();
  const policies = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) =>
        m.getAttribute('content'),
      ),
    );
  expect(await policies()).toContain(`connect-src 'self' blob: data: ${new URL(fake.url).origin}`);
  await expect(tier(page, 'Isolated')).toBeChecked();
  await expect(privacy(page).getByTestId('privacy-leaves')).toContainText('Nothing. Codelumi makes no request');
  await expect(privacy(page).getByLabel('Hub address')).toHaveCount(0);
  await putContributions(page, [
    { id: 'waiting-3', status: 'queued', createdAt: 1, payload: { tier: 3, signals: [], patterns: [] } },
    { id: 'preview-2', status: 'previewed', createdAt: 2, payload: { tier: 2, signals: [], patterns: [] } },
    { id: 'sent-3', status: 'sent', createdAt: 3, payload: { tier: 3, signals: [], patterns: [] } },
  ]);

  // Up to Receiver: the page reloads (the hub was not in its connect-src) and says why.
  // (A click, not check(): the page reloads before the radio could be read back.)
  await tier(page, 'Receiver').click();
  await expect(page.getByRole('status').getByText('Codelumi reloaded so this page may reach the hub')).toBeVisible();
  await expect(tier(page, 'Receiver')).toBeChecked();
  expect(await policies()).toContain(`connect-src 'self' blob: data: ${new URL(fake.url).origin} ${hub.url}`);
  const packStatus = privacy(page).getByTestId('pack-status');
  await expect(packStatus).toContainText('Version 3, published');
  // Going from Isolated to Receiver discarded what Receiver may not send.
  expect(await stillToSendIn(page)).toEqual(['sent-3']);

  // Check now asks again, with the ETag.
  await privacy(page).getByRole('button', { name: 'Check now' }).click();
  await expect.poll(() => hub.requests.filter((r) => r.method === 'GET').at(-1)?.ifNoneMatch).toBe('"pack-3"');
  await expect(packStatus).toContainText('Version 3');

  // The pack steers the style of an answer to a kind of question this user has no evidence on.
  await page.goto(`${app.url}/`);
  await ask(page, 'Why does my React component re-render forever?');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain(
    'Keep the answer short (about 150 words of prose at most); lead with the code',
  );

  await page.goto(`${app.url}/learning/`);
  const card = page.getByTestId('community-card');
  await expect(card).toContainText('Community pack version 3');
  await expect(card).toContainText('react debug');
  await expect(card).toContainText('Your own results override it');

  // Down to Isolated: at once, the pack goes, and nothing more is asked.
  await putContributions(page, [
    { id: 'waiting-2', status: 'queued', createdAt: 4, payload: { tier: 2, signals: [] } },
  ]);
  await page.goto(`${app.url}/settings/`);
  const asked = hub.requests.length;
  // The tier is stored, then shown (a click, not check(): the radio follows the stored setting).
  await tier(page, 'Isolated').click();
  await expect(tier(page, 'Isolated')).toBeChecked();
  await expect(
    page
      .getByRole('status')
      .getByText(
        /Privacy: Isolated\. .*1 contribution waiting to be sent discarded\. The community pack received was deleted\./,
      ),
  ).toBeVisible();
  await expect(privacy(page).getByTestId('pack-status')).toHaveCount(0);
  expect(await stillToSendIn(page)).toEqual(['sent-3']);
  expect(((await seed((t) => t.table('meta'))) as { key: string }[]).map((m) => m.key)).not.toContain('community.pack');
  await page.goto(`${app.url}/learning/`);
  await expect(page.getByTestId('community-card')).toContainText('Codelumi learns only from you');
  expect(hub.requests.length).toBe(asked);
});

test('the hub address is checked before it is saved', async ({ page, openApp, seed }) => {
  await seed((t, url) => t.configure({ hubUrl: url, privacyTier: 1 }), hub.url);
  await openApp('/settings/');
  const address = privacy(page).getByLabel('Hub address');
  await expect(address).toHaveValue(hub.url);
  await address.fill('ftp://hub.example');
  await privacy(page).getByRole('button', { name: 'Save address' }).click();
  await expect(privacy(page).getByRole('alert')).toHaveText(/Not a hub address/);
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  expect((await seed((t) => t.readSettings())).hubUrl).toBe(hub.url);
});

test('an Ollama that is not on this machine is named in Settings and the chat header', async ({
  page,
  openApp,
  seed,
}) => {
  await openApp('/');
  await expect(page.getByTestId('remote-ollama-badge')).toHaveCount(0);
  await expect(page.getByTestId('composer-footer')).toContainText('Runs on your machine.');
  await seed((t) => t.configure({ ollamaHost: 'http://10.1.2.3:11434' }));
  const badge = page.getByTestId('remote-ollama-badge');
  await expect(badge).toBeVisible();
  await expect(page.getByTestId('composer-footer')).toContainText('Runs on 10.1.2.3:11434, not this machine.');
  await expect(badge).toContainText('Remote Ollama');
  await expect(badge).toHaveAttribute(
    'title',
    /prompts, project files and memories go to the Ollama at 10\.1\.2\.3:11434/,
  );
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('remote-ollama-note')).toContainText(
    'This Ollama is not on this machine. Your prompts, project files and memories go to 10.1.2.3:11434',
  );
});

test('a new Ollama address on a narrowed page reloads it with that address allowed, then tests it', async ({
  page,
  fake,
  openApp,
}) => {
  await openApp('/settings/');
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('codelumi:connect-src')))
    .toBe(JSON.stringify([new URL(fake.url).origin]));
  await page.reload();
  const other = `http://127.0.0.1:${await closedPort()}`;
  await page.getByLabel('Address', { exact: true }).fill(other);
  await page.getByRole('button', { name: 'Save and test' }).click();
  await expect(page.getByRole('status').getByText('Codelumi reloaded so this page may reach it')).toBeVisible();
  await expect(page.getByTestId('host-status')).toHaveText('Nothing answers at this address');
  const policies = await page.evaluate(() =>
    [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.getAttribute('content')),
  );
  expect(policies).toContain(`connect-src 'self' blob: data: ${other}`);
  // And back: the fake Ollama answers again once the page may reach it.
  await page.getByLabel('Address', { exact: true }).fill(fake.url);
  await page.getByRole('button', { name: 'Save and test' }).click();
  await expect(page.getByTestId('host-status')).toHaveText('Connected · Ollama 0.12.3');
});
