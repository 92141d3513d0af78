/**
 * The Models page: what is installed (from /api/tags and /api/show), what is
 * loaded (/api/ps), pulling with live progress and cancel, deleting with a
 * confirmation, and the default model for new chats.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { answers, ask, sidebar } from './support/ui';
import { startNewChat } from './support/chat';

const row = (page: Page, name: string) => page.locator(`li[data-model="${name}"]`);
const pullRow = (page: Page, name: string) => page.locator(`[data-pull="${name}"]`);
const fact = (page: Page, model: string, label: string) =>
  row(page, model)
    .locator('div')
    .filter({ has: page.locator(`dt:text-is("${label}")`) })
    .locator('dd');

async function startPull(page: Page, name: string) {
  await page.getByLabel('Model to download').fill(name);
  await page.getByRole('button', { name: 'Pull' }).click();
}

test('lists the installed models with family, parameters, quantization, size, context length and capabilities', async ({
  page,
  openApp,
}) => {
  await openApp('/models/');
  await expect(page.getByRole('heading', { name: 'Installed (3)' })).toBeVisible();
  const expected: [string, Record<string, string>][] = [
    [
      'qwen2.5-coder:7b',
      {
        Family: 'qwen2',
        Parameters: '7.6B',
        Quantization: 'Q4_K_M',
        'Size on disk': '4.7 GB',
        Context: '32,768 tokens',
        Can: 'completion, tools, insert',
      },
    ],
    [
      'qwen3:8b',
      {
        Family: 'qwen3',
        Parameters: '8.2B',
        Quantization: 'Q4_K_M',
        'Size on disk': '5.2 GB',
        Context: '40,960 tokens',
        Can: 'completion, tools, thinking',
      },
    ],
    [
      'nomic-embed-text:latest',
      {
        Family: 'nomic-bert',
        Parameters: '137M',
        Quantization: 'F16',
        'Size on disk': '274 MB',
        Context: '2,048 tokens',
        Can: 'embedding',
      },
    ],
  ];
  for (const [model, facts] of expected) {
    for (const [label, value] of Object.entries(facts)) await expect(fact(page, model, label)).toHaveText(value);
  }
  // An embedding model cannot chat, so it cannot be the default.
  await expect(row(page, 'nomic-embed-text:latest').getByRole('button', { name: 'Make default' })).toHaveCount(0);
  await expect(page.getByText(`version 0.12.3`)).toBeVisible();
});

test('shows which model is loaded in memory after a chat used it', async ({ page, openApp }) => {
  await openApp('/models/');
  await expect(row(page, 'qwen2.5-coder:7b')).toBeVisible();
  await expect(page.getByText(/^In memory/)).toHaveCount(0);

  await startNewChat(page);
  await page.getByLabel('Model for this chat').selectOption('qwen2.5-coder:7b');
  await ask(page, 'Say hello');
  await expect(answers(page).last()).toHaveAttribute('data-status', 'complete');

  await sidebar(page).getByRole('link', { name: 'Models' }).click();
  await expect(row(page, 'qwen2.5-coder:7b').getByText(/^In memory/)).toBeVisible();
  await expect(row(page, 'qwen2.5-coder:7b').getByText(/^In memory/)).toContainText(/unloads in \d+ min/);
  await expect(row(page, 'qwen3:8b').getByText(/^In memory/)).toHaveCount(0);
});

test.describe('pulling slowly', () => {
  // 2 GB at 100 MB/s: about 20 s, long enough to watch and to cancel.
  test.use({ fakeOptions: { pullBytesPerSecond: 100_000_000 } });

  test('a pull shows a live progress bar with percent, bytes and speed, and Cancel leaves nothing installed', async ({
    page,
    fake,
    openApp,
  }) => {
    await openApp('/models/');
    await startPull(page, 'llama3.2:3b');
    const bar = page.getByRole('progressbar', { name: 'Downloading llama3.2:3b' });
    await expect(bar).toBeVisible();

    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(2);
    const first = Number(await bar.getAttribute('aria-valuenow'));
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(first);
    const status = pullRow(page, 'llama3.2:3b');
    await expect(status).toContainText(/\d%/);
    await expect(status).toContainText(/[\d.] (MB|GB) of 2\.0 GB · [\d.]+ (KB|MB|GB)\/s/);
    const shownPercent = Number((await status.textContent())!.match(/(?<!\d)(\d+)%/)![1]);
    expect(shownPercent).toBeGreaterThan(0);
    expect(shownPercent).toBeLessThan(100);

    await status.getByRole('button', { name: 'Cancel' }).click();
    await expect(status).toContainText('Cancelled');
    await expect(bar).toHaveCount(0);
    expect(fake.models().map((m) => m.name)).not.toContain('llama3.2:3b');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByRole('heading', { name: 'Installed (3)' })).toBeVisible();
    await expect(row(page, 'llama3.2:3b')).toHaveCount(0);
  });
});

test('a finished pull adds the model to the installed list', async ({ page, fake, openApp }) => {
  await openApp('/models/');
  await startPull(page, 'llama3.2:3b');
  await expect(pullRow(page, 'llama3.2:3b')).toContainText('Installed');
  await expect(row(page, 'llama3.2:3b')).toBeVisible();
  await expect(fact(page, 'llama3.2:3b', 'Context')).toHaveText('131,072 tokens');
  await expect(page.getByRole('heading', { name: 'Installed (4)' })).toBeVisible();
  expect(fake.models().map((m) => m.name)).toContain('llama3.2:3b');
  await pullRow(page, 'llama3.2:3b').getByRole('button', { name: 'Dismiss' }).click();
  await expect(pullRow(page, 'llama3.2:3b')).toHaveCount(0);
});

test('pulling a name Ollama does not know says so in plain words', async ({ page, openApp }) => {
  await openApp('/models/');
  await startPull(page, 'no-such-model:13b');
  await expect(pullRow(page, 'no-such-model:13b')).toContainText(
    'Ollama could not find that model in its library. Check the name',
  );
  await expect(page.getByRole('heading', { name: 'Installed (3)' })).toBeVisible();
});

test('deleting asks first: Cancel keeps the model, Delete removes it from Ollama', async ({ page, fake, openApp }) => {
  await openApp('/models/');
  await row(page, 'qwen3:8b').getByRole('button', { name: 'Delete qwen3:8b' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete qwen3:8b?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('frees 5.2 GB');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'qwen3:8b')).toBeVisible();
  expect(fake.requests.some((r) => r.path === '/api/delete')).toBe(false);

  await row(page, 'qwen3:8b').getByRole('button', { name: 'Delete qwen3:8b' }).click();
  await dialog.getByRole('button', { name: 'Delete model' }).click();
  await expect(row(page, 'qwen3:8b')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Installed (2)' })).toBeVisible();
  expect(fake.models().map((m) => m.name)).not.toContain('qwen3:8b');
});

test('Make default sets the model new chats use, and a new chat asks Ollama with it', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  await openApp('/models/');
  await expect(row(page, 'qwen2.5-coder:7b')).toBeVisible();
  await expect(page.getByText('Default', { exact: true })).toHaveCount(0);
  // Without a default, new chats use the first chat model listed; make it the other one,
  // so the test cannot pass by accident.
  const chatModels = await page
    .locator('li[data-model]')
    .filter({ has: page.getByRole('button', { name: 'Make default' }) })
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-model')!));
  expect(chatModels.length).toBeGreaterThan(1);
  const target = chatModels[1];

  await row(page, target).getByRole('button', { name: 'Make default' }).click();
  await expect(row(page, target).getByText('Default', { exact: true })).toBeVisible();
  await expect(row(page, target).getByRole('button', { name: 'Make default' })).toHaveCount(0);
  expect((await seed((t) => t.readSettings())).defaultModel).toBe(target);

  await startNewChat(page);
  await expect(page.getByLabel('Model for this chat')).toHaveValue(target);
  await ask(page, 'Which model are you?');
  await expect(answers(page).last()).toHaveAttribute('data-status', 'complete');
  expect(fake.chatRequests()[0].model).toBe(target);
});
