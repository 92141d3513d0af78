/**
 * History from other assistants, in the production build: each real-format
 * export imported through Settings becomes conversations that open, are found
 * by the sidebar search and carry on with the local model (the fake Ollama
 * receives the imported history); learning from it is a choice (signals and
 * memories with it, none without); a damaged file changes nothing; and one
 * conversation exports as Markdown and as JSON.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Page, Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { answers, ask, conversationLink, questions, sidebar } from './support/ui';
import { answered, answerRequests } from './support/chat';

const MODEL = 'qwen2.5-coder:7b';
const FIXTURES = path.resolve(__dirname, '..', 'tests', 'fixtures', 'importers');

test.beforeEach(async ({ seed, fake }) => {
  fake.script([{ match: { lastUser: /./ }, reply: { content: 'Here is the next step.' } }]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

const importSection = (page: Page) => page.getByRole('region', { name: 'Import from another assistant' });

/** Chooses `file` in Settings → Import and waits for the preview. */
async function choose(page: Page, file: string): Promise<void> {
  await importSection(page).getByLabel('Choose an export file…').setInputFiles(path.join(FIXTURES, file));
}

/** Imports `file` through Settings, learning from it or not, and waits for the summary. */
async function importThroughSettings(page: Page, file: string, learn = false): Promise<string> {
  await choose(page, file);
  const section = importSection(page);
  await expect(section.getByRole('button', { name: 'Import' })).toBeVisible();
  if (learn) await section.getByRole('checkbox', { name: /Learn from this history/ }).check();
  await section.getByRole('button', { name: 'Import' }).click();
  const status = section.getByRole('status');
  await expect(status).toContainText(/^Imported /);
  if (learn) await expect(status).toContainText('Learned from it:');
  return (await status.textContent()) ?? '';
}

const cases = [
  {
    file: 'chatgpt-conversations.json',
    preview: 'ChatGPT export (chatgpt-conversations.json): 2 conversations, 8 messages.',
    summary:
      'Imported 2 conversations (8 messages) from ChatGPT; 1 skipped: no text messages (1). Left out: images (1), tool calls (1), tool results (1).',
    newest: 'Parse a semicolon CSV in Python',
    newestQuestion: 'How do I read sales.csv with pandas',
    term: 'useDebouncedValue',
    found: 'Debounce a search input in React',
  },
  {
    file: 'open-webui-chat-export.json',
    preview: 'Open WebUI export (open-webui-chat-export.json): 2 conversations, 7 messages.',
    summary:
      'Imported 2 conversations (7 messages) from Open WebUI. Left out: attached files and images (1), system messages (1).',
    newest: 'Rust borrow checker and Vec::push',
    newestQuestion: 'Why does the borrow checker reject this?',
    term: 'pg_restore',
    found: 'Postgres backup with pg_dump',
  },
  {
    file: 'lobechat-export.json',
    preview: 'LobeChat export (lobechat-export.json): 3 conversations, 8 messages.',
    summary:
      'Imported 3 conversations (8 messages) from LobeChat. Left out: failed answers (1), tool and plugin messages (1).',
    newest: 'Quick one: how do I list the ten largest files in a direc…',
    newestQuestion: 'how do I list the ten largest files',
    term: 'goroutine',
    found: 'Cancel a goroutine with context',
  },
];

for (const c of cases) {
  test(`a ${c.file} imports through Settings, opens, is found by the search and goes on with the local model`, async ({
    page,
    openApp,
    fake,
    seed,
  }) => {
    await openApp('/settings');
    await choose(page, c.file);
    await expect(importSection(page).locator('[data-import-preview]')).toContainText(c.preview);
    // Nothing is written before the user confirms.
    expect(await seed((t) => t.table('conversations'))).toHaveLength(0);
    await importSection(page).getByRole('button', { name: 'Import' }).click();
    await expect(importSection(page).getByRole('status')).toContainText(c.summary);

    await importSection(page).getByRole('link', { name: 'Open the latest imported conversation' }).click();
    await expect(page.locator('article[data-role="user"]').first()).toContainText(c.newestQuestion);
    await expect(conversationLink(page, c.newest)).toHaveAttribute('aria-current', 'page');

    // Carried on with the local model: the request holds the imported history.
    const before = (await page.locator('article[data-role="assistant"]').count()) + 1;
    await ask(page, 'Can you show that once more, shorter?');
    await answered(page, before);
    const sent = answerRequests(fake).at(-1)!;
    expect(sent.model).toBe(MODEL);
    expect(sent.messages.some((m) => m.role === 'user' && m.content.includes(c.newestQuestion))).toBe(true);
    expect(sent.messages.filter((m) => m.role === 'assistant').length).toBeGreaterThan(0);

    const search = sidebar(page).getByRole('searchbox', { name: 'Search conversations' });
    await search.fill(c.term);
    const results = sidebar(page).getByRole('navigation', { name: 'Search results' });
    await expect(results.getByRole('link').first()).toContainText(c.found);
    await results.getByRole('link').first().click();
    await expect(page.getByRole('main')).toContainText(c.term);
  });
}

test('importing the same export twice adds nothing', async ({ page, openApp, seed }) => {
  await openApp('/settings');
  await importThroughSettings(page, 'open-webui-chat-export.json');
  const rows = async () => [
    (await seed((t) => t.table('conversations'))).length,
    (await seed((t) => t.table('messages'))).length,
  ];
  expect(await rows()).toEqual([2, 7]);
  await choose(page, 'open-webui-chat-export.json');
  await expect(importSection(page).locator('[data-import-preview]')).toContainText('2 of them were imported before');
  await importSection(page).getByRole('button', { name: 'Import' }).click();
  await expect(importSection(page).getByRole('status')).toContainText(
    'Imported 0 conversations (0 messages) from Open WebUI; 2 conversations were already here',
  );
  expect(await rows()).toEqual([2, 7]);
});

test('an export made later adds its new messages: the conversation shows them and the search finds them', async ({
  page,
  openApp,
}) => {
  const later = JSON.parse(await readFile(path.join(FIXTURES, 'chatgpt-conversations.json'), 'utf8'));
  // The same conversation exported before its last question and answer.
  const earlier = structuredClone(later);
  const c = earlier[0];
  delete c.mapping['aaa3c1d2-5e6f-4a7b-8c9d-000000000005'];
  delete c.mapping['f1a2b3c4-0000-4000-8000-000000000006'];
  c.mapping['f1a2b3c4-0000-4000-8000-000000000004'].children = [];
  c.current_node = 'f1a2b3c4-0000-4000-8000-000000000004';
  c.update_time = 1714557700;
  c.title = 'Debounce in React';
  const importJson = async (value: unknown, summary: string) => {
    await importSection(page)
      .getByLabel('Choose an export file…')
      .setInputFiles({
        name: 'conversations.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(value)),
      });
    await importSection(page).getByRole('button', { name: 'Import' }).click();
    await expect(importSection(page).getByRole('status')).toContainText(summary);
  };

  await openApp('/settings');
  await importJson(earlier, 'Imported 2 conversations (6 messages) from ChatGPT');
  // The worker's search index is built now, before the later export comes (the page is not reloaded after).
  const search = sidebar(page).getByRole('searchbox', { name: 'Search conversations' });
  await search.fill('perfectly');
  await expect(sidebar(page).getByText(/No conversation mentions/)).toBeVisible();
  await search.fill('');

  await importJson(later, 'Imported 0 conversations (2 messages) from ChatGPT');
  await importSection(page).getByRole('link', { name: 'Open the latest imported conversation' }).click();
  await expect(questions(page).last()).toContainText('thanks, that worked perfectly! Why the AbortController though?');
  await expect(answers(page).last()).toContainText('Aborting the previous request');
  await expect(conversationLink(page, 'Debounce a search input in React')).toHaveAttribute('aria-current', 'page');

  await search.fill('perfectly');
  const results = sidebar(page).getByRole('navigation', { name: 'Search results' });
  await expect(results.getByRole('link')).toHaveCount(1);
  await expect(results.getByRole('link')).toContainText('Debounce a search input in React');
});

test('a damaged export is refused with the reason and changes nothing', async ({ page, openApp, seed }) => {
  await openApp('/settings');
  await importThroughSettings(page, 'lobechat-export.json');
  const before = JSON.stringify([await seed((t) => t.table('conversations')), await seed((t) => t.table('messages'))]);
  const text = await readFile(path.join(FIXTURES, 'chatgpt-conversations.json'), 'utf8');
  await importSection(page)
    .getByLabel('Choose an export file…')
    .setInputFiles({
      name: 'conversations.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text.slice(0, 5000)),
    });
  await expect(importSection(page).getByRole('alert')).toHaveText(
    /^Nothing was imported\. .*cut short \(download it again\)\.$/,
  );
  const after = JSON.stringify([await seed((t) => t.table('conversations')), await seed((t) => t.table('messages'))]);
  expect(after).toBe(before);
});

test('learning from imported history turns its thanks, pasted error and "that\'s wrong" into signals and memories', async ({
  page,
  openApp,
  seed,
}) => {
  await openApp('/settings');
  await importThroughSettings(page, 'chatgpt-conversations.json', true);
  await expect(importSection(page).getByRole('status')).toContainText('Learned from it: 2 signals');
  await importThroughSettings(page, 'lobechat-export.json', true);
  await importThroughSettings(page, 'open-webui-chat-export.json', true);
  const signals = (await seed((t) => t.table('signals'))) as { kind: string; evidence: string }[];
  expect(signals.map((s) => s.kind).sort()).toEqual(['code_error', 'said_wrong', 'thanks', 'thanks']);
  expect(signals.find((s) => s.kind === 'said_wrong')!.evidence).toMatch(/that's wrong/);
  const memories = (await seed((t) => t.table('memories'))) as { text: string }[];
  expect(memories.map((m) => m.text).join('\n')).toMatch(/Postgres 16 on RDS/);
  // The imported answer shows its signal like any other.
  await page.goto(page.url().replace(/\/settings.*$/, '/'));
  await conversationLink(page, 'Debounce a search input in React').click();
  await expect(page.locator('article[data-role="assistant"]').first().locator('[data-signal="thanks"]')).toBeVisible();
});

test('when learning fails after an import, it says what was imported and that learning failed, and learning can be tried again', async ({
  page,
  openApp,
  seed,
}) => {
  await openApp('/settings');
  await choose(page, 'chatgpt-conversations.json');
  const section = importSection(page);
  await expect(section.getByRole('button', { name: 'Import' })).toBeVisible();
  // The worker's database refuses to store where learning has got to (the import itself never writes `meta`),
  // as a full disk would.
  let worker: Worker | undefined;
  for (const w of page.workers()) if (await w.evaluate(() => self.name === 'codelumi-analysis')) worker = w;
  expect(worker, 'the analysis worker runs').toBeDefined();
  await worker!.evaluate(() => {
    const original = IDBObjectStore.prototype.put;
    const g = self as unknown as { restoreWrites: () => void };
    g.restoreWrites = () => void (IDBObjectStore.prototype.put = original);
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
      if (this.name === 'meta') throw new DOMException('The disk is full.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  });
  await section.getByRole('checkbox', { name: /Learn from this history/ }).check();
  await section.getByRole('button', { name: 'Import' }).click();

  await expect(section.getByRole('alert')).toContainText(
    /^Learning from them failed: .+ The imported conversations stay/,
  );
  await expect(section.getByRole('status')).toContainText('Imported 2 conversations (8 messages) from ChatGPT');
  expect(await seed((t) => t.table('messages'))).toHaveLength(8);
  expect(await seed((t) => t.table('signals'))).toHaveLength(0);

  await worker!.evaluate(() => (self as unknown as { restoreWrites: () => void }).restoreWrites());
  await section.getByRole('button', { name: 'Try learning again' }).click();
  await expect(section.getByRole('status')).toContainText('Learned from it: 2 signals');
  await expect(section.getByRole('alert')).toHaveCount(0);
  expect(await seed((t) => t.table('signals'))).toHaveLength(2);
});

test('importing without learning records nothing for the learning engine', async ({ page, openApp, seed }) => {
  await openApp('/settings');
  await importThroughSettings(page, 'chatgpt-conversations.json');
  await importThroughSettings(page, 'lobechat-export.json');
  await importThroughSettings(page, 'open-webui-chat-export.json');
  expect(await seed((t) => t.table('messages'))).toHaveLength(23);
  for (const table of ['events', 'signals', 'memories', 'answers', 'patterns'])
    expect(await seed((t, name) => t.table(name), table), table).toHaveLength(0);
});

test('a conversation exports as Markdown (the branch on screen) and as JSON (every branch)', async ({
  page,
  openApp,
}) => {
  await openApp('/settings');
  await importThroughSettings(page, 'open-webui-chat-export.json');
  const title = 'Postgres backup with pg_dump';

  const exportAs = async (item: 'Export as Markdown' | 'Export as JSON') => {
    await sidebar(page)
      .getByRole('button', { name: `Actions for ${title}` })
      .click();
    const download = page.waitForEvent('download');
    await sidebar(page).getByRole('menuitem', { name: item }).click();
    const file = await download;
    return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
  };

  const md = await exportAs('Export as Markdown');
  expect(md.name).toBe('Postgres-backup-with-pg_dump.md');
  expect(md.text).toMatch(/^# Postgres backup with pg_dump\n\n- Started: 2024-07-01 02:13 UTC\n/);
  expect(md.text).toContain('- Model: qwen2.5-coder:7b');
  expect(md.text).toContain('## You\n\n_2024-07-01 02:13 UTC_\n\nHow do I back up one Postgres database');
  expect(md.text).toContain(
    '## Assistant (qwen2.5-coder:7b)\n\n_2024-07-01 02:16 UTC_\n\nAdd `--no-owner` (and `--no-acl` for grants):\n\n```bash\npg_restore --no-owner --no-acl -h new-host -d mydb mydb.dump\n```',
  );
  expect(md.text).not.toContain('psql -h new-host');

  const json = await exportAs('Export as JSON');
  expect(json.name).toBe('Postgres-backup-with-pg_dump.json');
  const doc = JSON.parse(json.text);
  expect(doc).toMatchObject({ format: 'codelumi.conversation', version: 1, conversation: { title } });
  expect(doc.messages).toHaveLength(5);
  expect(doc.shownBranch).toHaveLength(4);
  expect(doc.messages.map((m: { content: string }) => m.content).join('\n')).toContain('psql -h new-host');
});
