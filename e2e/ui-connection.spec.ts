/**
 * Connection states a user meets before sending anything: Ollama not
 * running, running without models, and changing the address in Settings.
 */
import { test, expect } from './fixtures';
import { closedPort, composer, sidebar } from './support/ui';

const welcome = 'What are we building today?';

test('when Ollama is not running the chat says how to start it, and turns ready by itself once it runs', async ({
  page,
  fake,
  openApp,
}) => {
  await fake.stopListening();
  await openApp('/');
  const panel = page.getByRole('alert').filter({ hasText: 'Ollama is not running' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(fake.url);
  await expect(panel.locator('code', { hasText: 'ollama serve' })).toBeVisible();
  await expect(panel.getByRole('link', { name: 'Change the address in Settings' })).toBeVisible();
  await expect(page.getByRole('heading', { name: welcome })).toHaveCount(0);
  await expect(sidebar(page).getByText('Ollama not running')).toBeAttached();

  await fake.resume();
  // No click: the app checks again every few seconds.
  await expect(page.getByRole('heading', { name: welcome })).toBeVisible({ timeout: 15_000 });
  await expect(panel).toHaveCount(0);
  await expect(page.getByLabel('Model for this chat')).not.toHaveValue('');
  await expect(sidebar(page).getByText('Ollama connected')).toBeAttached();
});

test('with no models installed the chat offers recommended coding models, and one click gets to ready', async ({
  page,
  fake,
  openApp,
}) => {
  fake.setModels([]);
  await openApp('/');
  const panel = page.getByRole('region', { name: 'Ollama is running, but has no models yet' });
  await expect(panel).toBeVisible();
  for (const name of ['qwen2.5-coder:7b', 'qwen2.5-coder:1.5b', 'llama3.2:3b']) {
    await expect(panel.getByRole('button', { name: `Download ${name}` })).toBeVisible();
  }

  await panel.getByRole('button', { name: 'Download qwen2.5-coder:1.5b' }).click();
  await expect(page.getByRole('heading', { name: welcome })).toBeVisible();
  await expect(panel).toHaveCount(0);
  await expect(page.getByLabel('Model for this chat')).toHaveValue('qwen2.5-coder:1.5b');
  expect(fake.models().map((m) => m.name)).toEqual(['qwen2.5-coder:1.5b']);
  await expect(composer(page)).toBeEnabled();
});

test('Settings tells a wrong Ollama address from the right one, with the version', async ({ page, fake, openApp }) => {
  await openApp('/settings/');
  const address = page.getByLabel('Address');
  await expect(address).toHaveValue(fake.url);
  const status = page.getByTestId('host-status');

  const bad = `http://127.0.0.1:${await closedPort()}`;
  await address.fill(bad);
  await page.getByRole('button', { name: 'Save and test' }).click();
  await expect(status).toHaveText('Nothing answers at this address');
  await expect(sidebar(page).getByText('Ollama not running')).toBeAttached();

  await address.fill(fake.url);
  await page.getByRole('button', { name: 'Save and test' }).click();
  await expect(status).toHaveText('Connected · Ollama 0.12.3');
  await expect(sidebar(page).getByText('Ollama connected')).toBeAttached();
  await page.reload();
  await expect(page.getByLabel('Address')).toHaveValue(fake.url);
});
