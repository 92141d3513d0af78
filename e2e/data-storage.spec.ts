/**
 * Storage that stays healthy, in the production build: persistent storage is
 * asked for when the tenth conversation starts (navigator.storage.persist is
 * wrapped by an init script to see the call), the tables that only grow are
 * back within their caps after a start, Settings shows each kind of data's
 * size, and a deleted project leaves none of its words in any store.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ask } from './support/ui';
import { answered, lastSystemPrompt } from './support/chat';
import { dumpIndexedDB, placesOf } from './support/indexeddb';

const MODEL = 'qwen2.5-coder:7b';
const WORD = 'quokkaledger';

/** Row counts of some stores of the app's database. */
function counts(page: Page, stores: string[]): Promise<Record<string, number>> {
  return page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('codelumi');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const out: Record<string, number> = {};
    for (const name of names)
      out[name] = await new Promise<number>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    db.close();
    return out;
  }, stores);
}

test.beforeEach(async ({ fake, seed }) => {
  fake.script([{ match: { lastUser: /./ }, reply: { content: 'Here is how it works.' } }]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

/** Counts the page's calls of navigator.storage.persist; the browser is made to say it does not persist yet. */
async function watchPersist(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { persistCalls: number };
    w.persistCalls = 0;
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => {
      w.persistCalls++;
      return true;
    };
  });
  return () => page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls);
}

test('persistent storage is asked for when the tenth conversation starts, once', async ({ page, openApp, seed }) => {
  for (let i = 0; i < 9; i++)
    await seed((t, n) => t.seedConversation({ title: `Chat ${n}`, turns: [{ question: 'q', answer: 'a' }] }), i);
  const persistCalls = await watchPersist(page);
  await openApp('/');
  await expect(page.getByRole('link', { name: 'Chat 8' })).toBeVisible();
  expect(await persistCalls()).toBe(0);

  await ask(page, 'the tenth conversation');
  await answered(page, 1);
  await expect.poll(persistCalls).toBe(1);
  // Asked once: a later start with more conversations does not ask again.
  await page.goto(new URL('/', page.url()).href);
  await ask(page, 'the eleventh conversation');
  await answered(page, 1);
  await expect
    .poll(async () =>
      (await dumpIndexedDB(page)).codelumi.meta.some((m) => (m as { key: string }).key === 'storage.persistAsked'),
    )
    .toBe(true);
  expect(await persistCalls()).toBe(0);
});

test('after a start, read events, retrieval logs and orphaned embeddings are back within their caps', async ({
  page,
  openApp,
  seed,
}) => {
  const { messageIds } = await seed((t) =>
    t.seedConversation({ title: 'Kept', turns: [{ question: 'how do I sort', answer: 'use sort()' }] }),
  );
  await seed(
    (t, q) => t.seedGrowth({ questionId: q, readEvents: 3_000, retrievals: 5_200, orphanEmbeddings: 40 }),
    messageIds[0],
  );
  expect(((await seed((t) => t.table('events'))) as unknown[]).length).toBe(3_000);

  await openApp('/');
  // Counted, not dumped: reading 5,000 logs a second would slow the start being watched.
  await expect
    .poll(() => counts(page, ['events', 'retrievals', 'embeddings']), { timeout: 30_000 })
    .toEqual({ events: 0, retrievals: 5_000, embeddings: 0 });
  // The newest logs stayed.
  const ids = new Set((await dumpIndexedDB(page)).codelumi.retrievals.map((r) => (r as { id: string }).id));
  expect(ids.has('seeded-5199')).toBe(true);
  expect(ids.has('seeded-199')).toBe(false);
});

test('Settings shows what each kind of data takes, as an estimate', async ({ page, openApp, seed }) => {
  await seed((t) =>
    t.seedConversation({ title: 'Sizes', turns: [{ question: 'x'.repeat(5_000), answer: 'y'.repeat(20_000) }] }),
  );
  await openApp('/settings/');
  const kinds = page.getByTestId('usage-by-kind');
  await expect(kinds).toBeVisible();
  await expect(page.getByText('An estimate, from the size of a sample of rows')).toBeVisible();
  const chats = kinds.locator('[data-kind="conversations"]');
  await expect(chats).toContainText('Conversations and drafts');
  await expect(chats).toContainText('3 rows');
  // About 25 KB of text in two messages.
  await expect(chats).toContainText(/≈ 2\d(\.\d)? KB/);
  await expect(kinds.locator('[data-kind="settings"]')).toContainText('Settings and model lists');
});

test('the sizes of each kind of data follow an import from another assistant, without a reload', async ({
  page,
  openApp,
  seed,
}) => {
  await seed((t) => t.seedConversation({ title: 'Here before', turns: [{ question: 'q', answer: 'a' }] }));
  await openApp('/settings/');
  const chats = page.getByTestId('usage-by-kind').locator('[data-kind="conversations"]');
  await expect(chats).toContainText('3 rows');

  const section = page.getByRole('region', { name: 'Import from another assistant' });
  await section
    .getByLabel('Choose an export file…')
    .setInputFiles(path.resolve(__dirname, '..', 'tests', 'fixtures', 'importers', 'chatgpt-conversations.json'));
  await section.getByRole('button', { name: 'Import' }).click();
  await expect(section.getByRole('status')).toContainText('Imported 2 conversations (8 messages)');
  // One conversation and two messages before; two conversations and eight messages more.
  await expect(chats).toContainText('13 rows');
});

test('deleting a project leaves none of its words in any store, also where an answer’s prompt quoted its files', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  const { projectId } = await seed(
    (t, word) =>
      t.seedProject({
        name: `${word}-app`,
        files: {
          'package.json': JSON.stringify({ name: `${word}-app`, dependencies: { react: '19.0.0' } }),
          'src/ledger.ts': `export function ${word}Total(rows: number[]) {\n  return rows.reduce((a, b) => a + b, 0);\n}\n`,
        },
      }),
    WORD,
  );
  await openApp(`/?project=${projectId}`);
  await ask(page, 'How does @src/ledger.ts total the rows?');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain(`${WORD}Total`);
  expect(await placesOf(page, WORD)).toEqual(expect.arrayContaining(['codelumi/projectFiles', 'codelumi/messages']));

  await page.getByRole('link', { name: 'Projects' }).click();
  const card = page.getByRole('listitem').filter({ hasText: `${WORD}-app` });
  await card.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: `Delete ${WORD}-app?` })
    .getByRole('button', { name: 'Delete project' })
    .click();
  await expect(page.getByText('No projects yet.')).toBeVisible();

  await expect.poll(() => placesOf(page, WORD)).toEqual([]);
  expect(await placesOf(page, projectId)).toEqual([]);
  // The conversation stays, with its answer.
  const messages = (await dumpIndexedDB(page)).codelumi.messages as { content: string }[];
  expect(messages.map((m) => m.content)).toContain('Here is how it works.');
});
