/**
 * The personal model in the production build against the fake Ollama: a
 * stated preference and a correction learned in a chat reach the
 * `/api/create` request of "Create my model" (system and messages), the new
 * model is listed, can be made the default and deleted; a base that is gone
 * offers a download; and "Add an adapter" hashes, uploads and names a GGUF
 * adapter in a create.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answers, ask, sidebar } from './support/ui';
import { answered, startNewChat } from './support/chat';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunch } = require('../scripts/lib/browser.cjs') as typeof import('../scripts/lib/browser.cjs');

// The page hashes adapter files of many megabytes in JavaScript: with V8's optimising compilers off, as the other
// specs run (scripts/lib/browser.cjs), a checksum took 15 s instead of 2. This spec keeps them.
test.use({ launchOptions: chromiumLaunch() ?? {} });

const MODEL = 'qwen2.5-coder:7b';

const versionRow = (page: Page, name: string) => page.locator(`li[data-version="${name}"]`);
const installedRow = (page: Page, name: string) => page.locator(`li[data-model="${name}"]`);
const createBody = (fake: { requests: { method: string; path: string; body: any }[] }) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/create').map((r) => r.body);

test.beforeEach(async ({ fake, seed }) => {
  fake.script([
    { match: { lastUser: 'reverse a list' }, reply: { content: 'Use slicing:\n\n```python\nitems[::-1]\n```' } },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('a stated preference and a correction reach the created model, which is listed, made the default and deleted', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/models/');
  await expect(page.getByRole('heading', { name: 'Installed (3)' })).toBeVisible();
  await expect(page.getByTestId('personal-empty')).toBeVisible();

  await page.goto(page.url().replace(/models\/?$/, ''));
  // As in learning.spec: a question, then a correction of its answer.
  await ask(page, 'How do I reverse a list in Python?');
  await answered(page, 1);
  await ask(page, 'no, use reversed() instead, slicing copies the whole list');
  await answered(page, 2);
  await expect(answers(page).nth(0).locator('[data-signal="user_corrected"]')).toBeVisible();
  // Then, in a chat of its own, a stated preference.
  await startNewChat(page);
  await ask(page, 'I prefer TypeScript with strict types');
  await answered(page, 1);

  await sidebar(page).getByRole('link', { name: 'Models' }).click();
  await page.getByRole('button', { name: 'Create my model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create my model' });
  await dialog.getByLabel('Name').fill('Ada');
  await expect(dialog.getByText('codelumi-ada:v1')).toBeVisible();
  await expect(dialog.getByText('I prefer TypeScript with strict types', { exact: true })).toBeVisible();
  await expect(
    dialog.getByRole('listitem').filter({ hasText: /I corrected you: use reversed\(\) instead/ }),
  ).toBeVisible();
  // The example the correction made, its answer in full one click away.
  const examples = dialog.getByTestId('personal-examples');
  await examples.locator('summary', { hasText: 'How do I reverse a list in Python?' }).click();
  await expect(examples.getByText(/^use reversed\(\) instead, slicing copies the whole list$/)).toBeVisible();
  await dialog.getByText('The system text as it will be sent').click();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByText('Created codelumi-ada:v1')).toBeVisible();

  const [sent] = createBody(fake);
  expect(sent.model).toBe('codelumi-ada:v1');
  expect(sent.from).toBe(MODEL);
  expect(sent.stream).toBe(true);
  expect(sent.system).toContain('I prefer TypeScript with strict types');
  const carried = `${sent.system}\n${sent.messages.map((m: { content: string }) => m.content).join('\n')}`;
  expect(carried).toMatch(/use reversed\(\) instead/i);
  expect(sent.parameters.num_ctx).toBe(8192);

  await expect(installedRow(page, 'codelumi-ada:v1')).toBeVisible();
  const row = versionRow(page, 'codelumi-ada:v1');
  await expect(row).toContainText(`from ${MODEL}`);
  await row.getByRole('button', { name: 'Make default' }).click();
  await expect(row.getByText('Default')).toBeVisible();
  await expect(installedRow(page, 'codelumi-ada:v1').getByText('Default')).toBeVisible();

  await row.getByRole('button', { name: 'Delete codelumi-ada:v1' }).click();
  await page.getByRole('button', { name: 'Delete version' }).click();
  await expect(row).toHaveCount(0);
  await expect(installedRow(page, 'codelumi-ada:v1')).toHaveCount(0);
  expect(
    fake.requests.some((r) => r.method === 'DELETE' && (r.body?.model ?? r.body?.name) === 'codelumi-ada:v1'),
  ).toBe(true);
  expect(fake.models().map((m) => m.name)).not.toContain('codelumi-ada:v1');
});

test('a version built from a memory deleted since says so, and the next version’s diff shows the memory gone', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await ask(page, 'I prefer TypeScript with strict types. We use pnpm and Vitest. Write a debounce please');
  await answered(page, 1);

  const createAda = async (version: string) => {
    await sidebar(page).getByRole('link', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'Create my model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create my model' });
    await dialog.getByLabel('Name').fill('Ada');
    await expect(dialog.getByText(`codelumi-ada:${version}`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByText(`Created codelumi-ada:${version}`)).toBeVisible();
  };
  await createAda('v1');
  await expect(versionRow(page, 'codelumi-ada:v1').getByTestId('built-from-deleted')).toHaveCount(0);

  await sidebar(page).getByRole('link', { name: 'Memory' }).click();
  await page
    .locator('li[data-memory-id]')
    .filter({ hasText: 'TypeScript with strict types' })
    .getByRole('button', { name: /^Delete:/ })
    .click();
  await expect(page.locator('li[data-memory-id]').filter({ hasText: 'TypeScript with strict types' })).toHaveCount(0);

  await createAda('v2');
  await expect(versionRow(page, 'codelumi-ada:v1').getByTestId('built-from-deleted')).toContainText(
    'Built from data you have since deleted (1 memory)',
  );
  await expect(versionRow(page, 'codelumi-ada:v2').getByTestId('built-from-deleted')).toHaveCount(0);
  await versionRow(page, 'codelumi-ada:v2').getByRole('button', { name: 'Compare with previous' }).click();
  const diff = versionRow(page, 'codelumi-ada:v2').getByTestId('version-diff');
  await expect(diff).toContainText('Compared with codelumi-ada:v1');
  await expect(diff).toContainText('1 memory left out');
  await expect(diff).toContainText('− - I prefer TypeScript with strict types');
});

test('a secret in what goes in is named before anything is sent, and “Replace and create” sends placeholders', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/memory/');
  await page.getByRole('button', { name: 'Add memory' }).click();
  await page.getByLabel('New memory').fill('Deploys use the key AKIAIOSFODNN7EXAMPLE');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.locator('li[data-memory-id]')).toHaveCount(1);

  await sidebar(page).getByRole('link', { name: 'Models' }).click();
  await page.getByRole('button', { name: 'Create my model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create my model' });
  await expect(dialog.getByText(/AKIAIOSFODNN7EXAMPLE/).first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  const warning = dialog.getByTestId('personal-private-data');
  await expect(warning).toContainText('AWS access key');
  await expect(warning).toContainText('the system text');
  expect(createBody(fake)).toEqual([]);

  // Back leaves everything as it was; a second Create asks again.
  await warning.getByRole('button', { name: 'Back' }).click();
  await expect(warning).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(warning.getByRole('button', { name: 'Replace and create' })).toBeFocused();
  await warning.getByRole('button', { name: 'Replace and create' }).click();
  await expect(page.getByText('Created codelumi-me:v1')).toBeVisible();
  const [sent] = createBody(fake);
  expect(sent.system).toContain('<AWS_KEY>');
  expect(JSON.stringify(sent)).not.toContain('AKIAIOSFODNN7EXAMPLE');
});

test('a base that left Ollama is named, with a download offered, and nothing is recorded as created', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/models/');
  await page.getByRole('button', { name: 'Create my model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create my model' });
  await expect(dialog.getByTestId('personal-nothing-learned')).toBeVisible();
  fake.setModels(fake.models().filter((m) => m.name !== MODEL));
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(`The base model “${MODEL}” is not installed`);
  await dialog.getByRole('button', { name: `Download ${MODEL}` }).click();
  await expect(dialog.locator(`[data-pull="${MODEL}"]`)).toContainText('Installed');
  expect(createBody(fake)).toEqual([]);
});

test('an adapter file is hashed, uploaded once, and named in the create with the chosen base', async ({
  page,
  openApp,
  fake,
}) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'codelumi-adapter-'));
  const file = path.join(dir, 'lora.gguf');
  // Larger than one hashing chunk (4 MiB), so the digest is of chunks put together.
  const bytes = Buffer.concat([Buffer.from('GGUF'), randomBytes(5 * 1024 * 1024)]);
  await writeFile(file, bytes);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

  await openApp('/models/');
  await page.getByRole('button', { name: 'Add an adapter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an adapter' });
  await expect(dialog).toContainText('the same base model the adapter was trained on');
  await dialog.getByLabel('Adapter file(s)').setInputFiles(file);
  await dialog.getByLabel('Base it was trained on').selectOption(MODEL);
  await dialog.getByRole('button', { name: 'Add adapter' }).click();
  await expect(page.getByText(`Created codelumi-tuned:v1 from ${MODEL} and lora.gguf`)).toBeVisible();

  // The browser's CORS preflights (OPTIONS) aside: Ollama answers those without acting.
  const calls = fake.requests.filter(
    (r) => r.method !== 'OPTIONS' && (r.path.startsWith('/api/blobs/') || r.path === '/api/create'),
  );
  expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
    `HEAD /api/blobs/${digest}`,
    `POST /api/blobs/${digest}`,
    'POST /api/create',
  ]);
  expect(calls[2].body).toMatchObject({ model: 'codelumi-tuned:v1', from: MODEL, adapters: { 'lora.gguf': digest } });
  await expect(versionRow(page, 'codelumi-tuned:v1')).toContainText('adapter lora.gguf');
  await expect(installedRow(page, 'codelumi-tuned:v1')).toBeVisible();
});

test('Stop ends an adapter upload while its checksum is computed, says so, and sends nothing', async ({
  page,
  openApp,
  fake,
}) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'codelumi-adapter-'));
  const file = path.join(dir, 'big.gguf');
  // Large enough that hashing (4 MiB at a time) is still running when Stop is clicked.
  await writeFile(file, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(192 * 1024 * 1024, 7)]));

  await openApp('/models/');
  await page.getByRole('button', { name: 'Add an adapter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an adapter' });
  await dialog.getByLabel('Adapter file(s)').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Add adapter' }).click();
  await expect(dialog.getByTestId('adapter-status')).toContainText('Computing the checksum of big.gguf');
  await expect(dialog.getByRole('progressbar', { name: 'Adapter progress' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    'You stopped adding the adapter while its checksum was computed',
  );
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  expect(fake.requests.filter((r) => r.path.startsWith('/api/blobs/') || r.path === '/api/create')).toEqual([]);
  await expect(versionRow(page, 'codelumi-tuned:v1')).toHaveCount(0);
});

test('Stop ends a create Ollama never answers, and the version is listed as stopped', async ({
  page,
  openApp,
  fake,
}) => {
  fake.setSilentPaths(['/api/create']);
  await openApp('/models/');
  await page.getByRole('button', { name: 'Create my model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create my model' });
  await expect(dialog.getByText('codelumi-me:v1')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByTestId('personal-create-status')).toBeVisible();
  await expect.poll(() => createBody(fake).length).toBe(1);
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(dialog.getByRole('alert')).toContainText('You stopped creating codelumi-me:v1');
  await expect(dialog.getByRole('alert')).toContainText('Ollama may still finish it');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await expect(versionRow(page, 'codelumi-me:v1')).toContainText('Failed');
  fake.setSilentPaths([]);
});
