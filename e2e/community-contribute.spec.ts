/**
 * Contributions, the sending side, in the production build: the preview shows
 * the exact bytes that would be sent, removing an item changes what the hub
 * receives, nothing leaves before the user approves, and "Withdraw and reset"
 * asks the hub to delete everything sent under the install key (and says so
 * plainly when the hub cannot be reached). The hub here is a small HTTP
 * double speaking the v1 contract (tests/support/hub.ts); the real hub is
 * exercised by the lead's three-profile test.
 */
import type { Page } from '@playwright/test';
import { test, expect, type AppFixtures } from './fixtures';
import { accessibilityProblems, answers, ask } from './support/ui';
import { answered } from './support/chat';
import { startHubDouble, type HubDouble } from '../tests/support/hub';

const posts = (hub: HubDouble) => hub.requests.filter((r) => r.method === 'POST');
const preview = (page: Page) => page.getByTestId('batch-preview');
const shownJson = async (page: Page) => (await page.getByTestId('preview-json').textContent()) ?? '';

let hub: HubDouble;
test.beforeEach(async () => {
  hub = await startHubDouble();
});
test.afterEach(async () => {
  await hub.close();
});

/** A chat whose answer got a "thanks", five earlier answers of one kind that went well, then tier 3 and the page. */
async function learnThenShare(page: Page, openApp: AppFixtures['openApp'], seed: AppFixtures['seed']) {
  await openApp('/');
  await ask(page, 'Write a debounce in TypeScript');
  await answered(page, 1);
  await ask(page, 'perfect, thanks!');
  await answered(page, 2);
  await expect(answers(page).nth(0).locator('[data-signal="thanks"]')).toBeVisible();
  await seed((t) =>
    t.seedConfidentPattern({ kind: 'python/write', style: 'short|code-first|no-steps|tests', count: 8 }),
  );
  await seed((t, url) => t.configure({ privacyTier: 3, hubUrl: url }), hub.url);
  await page.getByRole('link', { name: 'Learning' }).click();
  await page.getByRole('link', { name: 'Contributions' }).click();
  await expect(page.getByTestId('tier-note')).toContainText('Privacy tier 3, Full');
  // The weekly preparation may have made the batch already (the tier just changed); otherwise ask for it.
  const prepare = page.getByRole('button', { name: 'Prepare a batch now' });
  await expect(preview(page).or(prepare)).toBeVisible();
  if (await prepare.isVisible()) await prepare.click();
  await expect(preview(page)).toBeVisible();
}

/** Send now on the batch shown; resolves to the install key it went under, once the hub has it. */
async function sendNowAndReadKey(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByTestId('sent-log')).toBeVisible();
  await expect.poll(() => hub.stored.size).toBe(1);
  const key = (await page.getByTestId('install-key').textContent())!;
  expect(key).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
  return key;
}

/** "Withdraw and reset", confirmed in its dialog. */
async function withdrawConfirmed(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Withdraw and reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Withdraw and reset' }).click();
}

test('the preview shows the exact JSON, and removing an item changes what the hub receives', async ({
  page,
  openApp,
  seed,
}) => {
  await learnThenShare(page, openApp, seed);
  const before = JSON.parse(await shownJson(page)) as {
    batchId: string;
    signals: { questionKind: string; signal: string }[];
    patterns: { questionKind: string; description: string }[];
  };
  expect(before.signals).toContainEqual(expect.objectContaining({ signal: 'thanks' }));
  expect(before.patterns.map((p) => p.questionKind)).toEqual(['python/write']);
  expect(before.patterns[0].description).toBe('python code-writing questions: short, code first, with tests answers');
  // The user's words are not in it.
  expect(await shownJson(page)).not.toMatch(/debounce|perfect/i);
  // Nothing has left yet.
  expect(posts(hub)).toEqual([]);

  // No serious accessibility problem, and the item goes by keyboard.
  expect(await accessibilityProblems(page)).toEqual([]);
  const remove = page.getByRole('button', { name: /^Remove python\/write → / });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('preview-removed')).toContainText('by you');
  await expect(page.getByTestId('preview-json')).not.toContainText('python/write');
  const approved = await shownJson(page);

  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByTestId('sent-log')).toContainText(before.batchId);
  expect(posts(hub)).toHaveLength(1);
  expect(posts(hub)[0].body).toBe(approved);
  expect(JSON.parse(posts(hub)[0].body).patterns).toEqual([]);
  // The log keeps the exact bytes.
  const entry = page.getByTestId('sent-log').locator(`[data-batch-id="${before.batchId}"]`);
  await expect(entry).toContainText(`${Buffer.byteLength(approved).toLocaleString('en')} bytes`);
  await entry.locator('summary').click();
  await expect(entry.locator('pre')).toHaveText(approved);
  await expect(page.getByText('Nothing to share yet').or(page.getByTestId('no-batch'))).toBeVisible();
});

test('withdraw and reset: a clear message when the hub is unreachable, then the hub deletes everything and the key changes', async ({
  page,
  openApp,
  seed,
}) => {
  await learnThenShare(page, openApp, seed);
  const key = await sendNowAndReadKey(page);

  // The hub is away: nothing changes, and the user is told so.
  const away = await startHubDouble();
  await away.close();
  await seed((t, url) => t.configure({ hubUrl: url }), away.url);
  await withdrawConfirmed(page);
  const result = page.getByTestId('withdraw-result');
  await expect(result).toHaveAttribute('role', 'alert');
  await expect(result).toContainText('could not be reached');
  await expect(result).toContainText('Nothing changed on this device');
  await expect(page.getByTestId('install-key')).toHaveText(key);
  expect(hub.stored.size).toBe(1);

  await seed((t, url) => t.configure({ hubUrl: url }), hub.url);
  await withdrawConfirmed(page);
  await expect(result).toContainText('Withdrawn: the hub deleted everything sent from this device');
  await expect(result).toHaveAttribute('role', 'status');
  expect(hub.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`/v1/contributions/${key}`]);
  expect(hub.stored.size).toBe(0);
  await expect(page.getByTestId('install-key')).not.toHaveText(key);
  await expect(page.getByTestId('install-key')).toHaveText(/^ck_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId('sent-log')).toContainText('withdrawn');
});

test('withdrawing after going down to Isolated reaches the hub once, although the page’s policy leaves the hub out', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  await learnThenShare(page, openApp, seed);
  const key = await sendNowAndReadKey(page);

  // Isolated: from the next load the page may reach only itself and Ollama.
  await seed((t) => t.configure({ privacyTier: 0 }));
  const ollama = new URL(fake.url).origin;
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('codelumi:connect-src')))
    .toBe(JSON.stringify([ollama]));
  await page.reload();
  expect(
    await page.evaluate(() => (window as unknown as { __codelumiConnectSrc?: string[] }).__codelumiConnectSrc),
  ).toEqual([ollama]);

  // Withdrawing is the one request a user may always make: the page reloads once with the hub allowed, then withdraws.
  await withdrawConfirmed(page);
  await expect(page.getByTestId('withdraw-result')).toContainText('Withdrawn: the hub deleted everything');
  expect(hub.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`/v1/contributions/${key}`]);
  expect(hub.stored.size).toBe(0);
  // The allowance was for that load only: the next one is narrow again.
  await page.reload();
  expect(
    await page.evaluate(() => (window as unknown as { __codelumiConnectSrc?: string[] }).__codelumiConnectSrc),
  ).toEqual([ollama]);
});
