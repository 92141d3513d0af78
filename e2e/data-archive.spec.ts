/**
 * Backup and restore in the production build: a profile with a bit of
 * everything is exported from Settings (a real download), imported into a new
 * empty profile (another browser context) and every table compared row for
 * row; merging the same file twice adds nothing the second time; a damaged
 * file is refused with its reason and changes nothing.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { test, expect, openBlank, runSeed } from './fixtures';
import { conversationLink, sidebar } from './support/ui';

/**
 * Left out of archives on purpose (the UI says so): vectors are rebuilt, folder permissions cannot leave the browser,
 * and the saved search indexes are derived (rebuilt on the next start).
 */
const NOT_ARCHIVED = ['embeddings', 'projectHandles', 'indexes'];
/** The device's privacy state, never imported (lib/archive/device-own.ts): its settings, its community rows. */
const DEVICE_SETTINGS = ['privacyTier', 'hubUrl', 'privacyTierOffered'];

const tables = (page: Page) => runSeed(page, (t) => t.allTables());

function archived(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  const rows = Object.entries(dump).filter(([name]) => !NOT_ARCHIVED.includes(name) && name !== 'contributions');
  return Object.fromEntries(
    rows.map(([name, list]) => [
      name,
      name === 'settings'
        ? list.filter((r) => !DEVICE_SETTINGS.includes((r as { key: string }).key))
        : name === 'meta'
          ? list.filter((r) => !(r as { key: string }).key.startsWith('community.'))
          : list,
    ]),
  );
}

const backup = (page: Page) => page.getByRole('region', { name: 'Backup' });

/** The page's analysis worker (started by then), found by the name the app gives it. */
async function analysisWorker(page: Page): Promise<Worker> {
  for (const worker of page.workers())
    if ((await worker.evaluate(() => self.name).catch(() => '')) === 'codelumi-analysis') return worker;
  throw new Error('The analysis worker is not running.');
}

/** Exports from the Settings page with project files; returns the downloaded file's path. */
async function exportAll(page: Page): Promise<string> {
  await backup(page).getByRole('checkbox', { name: 'Include project file contents' }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    backup(page).getByRole('button', { name: 'Export all data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^codelumi-backup-\d{4}-\d\d-\d\d\.codelumi\.jsonl\.gz$/);
  await expect(backup(page).getByRole('status')).toContainText(`Saved ${download.suggestedFilename()}`);
  return download.path();
}

/** Chooses `file` and imports it by `mode`; waits for the outcome line and returns it. */
async function importFile(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
  mode: 'merge' | 'replace',
) {
  await backup(page).getByLabel('Import an archive').setInputFiles(file);
  await backup(page)
    .getByRole('radio', { name: mode === 'merge' ? /Merge into what is here/ : /Replace everything/ })
    .check();
  await backup(page).getByRole('button', { name: 'Import', exact: true }).click();
  if (mode === 'replace') await page.getByRole('dialog').getByRole('button', { name: 'Replace everything' }).click();
  const outcome = backup(page).getByRole(/* success or refusal */ 'status').or(backup(page).getByRole('alert'));
  await expect(outcome).toBeVisible();
  return (await outcome.textContent()) ?? '';
}

/** A second, empty profile (its own IndexedDB) with the app's Settings open. */
async function emptyProfile(context: BrowserContext, appUrl: string): Promise<Page> {
  const page = await context.newPage();
  await openBlank(page, appUrl);
  expect(Object.values(await tables(page)).flat()).toEqual([]);
  await page.goto(`${appUrl}/settings`);
  await expect(backup(page)).toBeVisible();
  return page;
}

test.beforeEach(async ({ seed }) => {
  await seed((t) => t.seedEverything());
  await seed((t) =>
    t.seedConversation({
      title: 'Deploying with nginx',
      turns: [
        { question: 'How do I reload nginx?', answer: 'Run `nginx -s reload`.' },
        { question: 'And test the config first?', answer: 'Run `nginx -t` first.', status: 'interrupted' },
      ],
    }),
  );
});

test('an export imported into a new empty profile gives the same tables, row for row', async ({
  page,
  openApp,
  browser,
  app,
}) => {
  await openApp('/settings');
  const file = await exportAll(page);
  const original = archived(await tables(page));
  expect(original.messages.length).toBe(9);

  const other = await browser.newContext();
  try {
    const fresh = await emptyProfile(other, app.url);
    await expect(fresh.getByTestId('usage-by-kind')).toBeAttached();
    await expect(fresh.getByTestId('usage-by-kind').locator('[data-kind="conversations"]')).toHaveCount(0);
    expect(await importFile(fresh, file, 'replace')).toMatch(/^Restored: \d+ rows added\./);
    // The page shows what came in as soon as the import is done: the sidebar and Settings' counts.
    await expect(fresh.getByRole('complementary', { name: 'Conversations' })).toContainText('Deploying with nginx');
    await expect(fresh.getByTestId('usage-by-kind').locator('[data-kind="conversations"]')).toContainText(
      `${(original.conversations.length + original.messages.length + original.drafts.length).toLocaleString('en')} rows`,
    );
    const restored = await tables(fresh);
    expect(archived(restored)).toEqual(original);
    expect(restored.embeddings).toEqual([]);
    // The app shows what came in: the conversations are in the sidebar.
    await fresh.goto(`${app.url}/`);
    await expect(fresh.getByRole('complementary', { name: 'Conversations' })).toContainText('Deploying with nginx');
  } finally {
    await other.close();
  }
});

test('an export made while a conversation is in the bin has none of its words, even where other rows quoted it', async ({
  page,
  openApp,
  seed,
}) => {
  const secret = 'Wombat-7 rotates the staging keys';
  const { binned, quotingAnswer } = await seed((t, s) => t.seedQuotedInBin({ secret: s as string }), secret);
  await openApp('/settings');
  const file = await exportAll(page);
  // Still in the bin when the export ran (the undo window is not over): forgetting did not scrub it first.
  const after = await tables(page);
  expect(after.conversations).toContainEqual(expect.objectContaining({ id: binned, deletedAt: expect.any(Number) }));
  expect(JSON.stringify(after)).toContain('Wombat-7');

  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  expect(text).not.toContain('Wombat-7');
  const rows = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { t?: string; r?: Record<string, unknown> });
  const quoting = rows.find((l) => l.t === 'messages' && l.r?.id === quotingAnswer)!.r!;
  expect((quoting.trace as { systemPrompt: string }).systemPrompt).toContain('You are Codelumi.');
  // The memory another conversation also taught stays, in that conversation's words.
  expect(rows.find((l) => l.t === 'memories' && l.r?.id === 'mem-keys')?.r).toMatchObject({
    text: 'Rotates keys weekly.',
  });
});

test('merging the same archive twice into another profile adds nothing the second time', async ({
  page,
  openApp,
  browser,
  app,
}) => {
  await openApp('/settings');
  const file = await exportAll(page);
  const original = archived(await tables(page));

  const other = await browser.newContext();
  try {
    const mine = await emptyProfile(other, app.url);
    await runSeed(mine, (t) =>
      t.seedConversation({ title: 'Only on this device', turns: [{ question: 'Mine?', answer: 'Yours.' }] }),
    );
    expect(await importFile(mine, file, 'merge')).toMatch(/^Merged: \d+ rows added, 0 updated, 0 already here/);
    const once = await tables(mine);
    expect(await importFile(mine, file, 'merge')).toMatch(/^Merged: 0 rows added, 0 updated, \d+ already here/);
    const twice = await tables(mine);
    expect(twice).toEqual(once);
    // Both profiles' conversations, each once.
    const titles = (twice.conversations as { title: string }[]).map((c) => c.title).sort();
    expect(titles).toEqual(
      [...(original.conversations as { title: string }[]).map((c) => c.title), 'Only on this device'].sort(),
    );
    expect(twice.messages.length).toBe(original.messages.length + 2);
  } finally {
    await other.close();
  }
});

test('merging a newer archive keeps "Don’t learn from this" on when it was switched on here after the backup', async ({
  page,
  openApp,
}) => {
  await openApp('/settings');
  const lines = zlib
    .gunzipSync(fs.readFileSync(await exportAll(page)))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { t?: string; r?: Record<string, unknown> });
  // The profile on another device went on with the chat after this backup (a newer row), learning from it.
  const row = lines.find((l) => l.t === 'conversations' && l.r?.title === 'Deploying with nginx')!.r!;
  row.updatedAt = (row.updatedAt as number) + 60_000;
  row.title = 'Deploying with nginx and TLS';
  const laptop = {
    name: 'codelumi-backup-laptop.codelumi.jsonl.gz',
    mimeType: 'application/gzip',
    buffer: zlib.gzipSync(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'),
  };

  // Here, after the backup, the user switches learning off for it.
  await conversationLink(page, 'Deploying with nginx').click();
  const noLearn = page.getByRole('button', { name: 'Don’t learn from this chat' });
  await noLearn.click();
  await expect(noLearn).toHaveAttribute('aria-pressed', 'true');

  await sidebar(page).getByRole('link', { name: 'Settings' }).click();
  expect(await importFile(page, laptop, 'merge')).toMatch(/^Merged: 0 rows added, 1 updated/);
  await conversationLink(page, 'Deploying with nginx and TLS').click();
  await expect(page.getByRole('button', { name: 'Don’t learn from this chat' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const conversations = (await tables(page)).conversations as { title: string; noLearn?: boolean }[];
  expect(conversations.find((c) => c.title === 'Deploying with nginx and TLS')?.noLearn).toBe(true);
});

test('an import cut short by a crash of the worker says so, leaves no progress bar, and works when tried again', async ({
  page,
  openApp,
}) => {
  await openApp('/settings');
  const file = await exportAll(page);
  const before = await tables(page);
  const analysis = await analysisWorker(page);
  // Holds the import in the middle of reading the file (the worker's own Blob reading never delivers), so the
  // crash comes while the import runs; the crash itself is a real uncaught error in the real worker.
  await analysis.evaluate(() => {
    Blob.prototype.stream = () => new ReadableStream({ pull: () => new Promise(() => undefined) });
  });
  await backup(page).getByLabel('Import an archive').setInputFiles(file);
  await backup(page)
    .getByRole('radio', { name: /Merge into what is here/ })
    .check();
  await backup(page).getByRole('button', { name: 'Import', exact: true }).click();
  await expect(backup(page).getByRole('progressbar', { name: 'Importing the archive' })).toBeVisible();
  await analysis.evaluate(() => {
    setTimeout(() => {
      throw new Error('out of memory (test)');
    });
  });

  await expect(backup(page).getByRole('alert')).toHaveText(
    /background worker stopped before it finished \(an error in it: .*out of memory \(test\)\); trying again starts a new one\. Nothing was changed\.$/,
  );
  await expect(backup(page).getByRole('progressbar')).toHaveCount(0);
  expect(await tables(page)).toEqual(before);

  // Tried again, the import runs in a new worker.
  await backup(page).getByRole('button', { name: 'Import', exact: true }).click();
  await expect(backup(page).getByRole('status')).toHaveText(/^Merged: 0 rows added, 0 updated, \d+ already here/);
});

test('a damaged archive is refused with its reason and changes nothing', async ({ page, openApp }) => {
  await openApp('/settings');
  const file = fs.readFileSync(await exportAll(page));
  const before = await tables(page);

  const cut = {
    name: 'codelumi-backup.codelumi.jsonl.gz',
    mimeType: 'application/gzip',
    buffer: file.subarray(0, Math.floor(file.length * 0.6)),
  };
  const refusal = await importFile(page, cut, 'replace');
  expect(refusal).toMatch(/(damaged|incomplete).*Nothing was changed\.$/);
  await expect(backup(page).getByRole('alert')).toBeVisible();
  expect(await tables(page)).toEqual(before);

  const chatgpt = {
    name: 'conversations.json',
    mimeType: 'application/json',
    buffer: Buffer.from('[{"title":"Hi","mapping":{}}]'),
  };
  expect(await importFile(page, chatgpt, 'merge')).toMatch(/not a Codelumi archive: it is JSON from another app/);
  expect(await tables(page)).toEqual(before);
});
