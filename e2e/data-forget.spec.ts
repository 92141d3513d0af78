/**
 * Forgetting in the production build: a deleted conversation is gone from
 * every IndexedDB store once its 30 s undo window has passed (the page's clock
 * is moved on, not waited for), including the prompt trace of another answer
 * that quoted it, and a memory's share from it (the memory stays in the words
 * of another chat that stated it); undo within the window brings everything back; another
 * open tab forgets it when the deleting tab closed within the window; "Delete
 * all data" leaves every database of the origin empty, and another open tab
 * stops, says so, and recreates nothing; a memory deleted on the Memory page
 * is gone from every store, also from the trace of an answer whose prompt listed it.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answers, ask, sidebar } from './support/ui';
import { answered, conversationIdOf, lastSystemPrompt } from './support/chat';
import { dumpIndexedDB, placesOf } from './support/indexeddb';

const MODEL = 'qwen2.5-coder:7b';
const SECRET = 'zanzibarquux';

async function newChat(page: Page) {
  await page.keyboard.press('Control+Shift+O');
  await expect(page).not.toHaveURL(/\?c=/);
}

/** The sidebar's menu button of the conversation whose title holds the secret. */
const secretActions = (page: Page) =>
  sidebar(page).getByRole('button', { name: new RegExp(`Actions for .*${SECRET}`) });

async function deleteSecretChat(page: Page) {
  await secretActions(page).click();
  await sidebar(page).getByRole('menuitem', { name: 'Delete' }).click();
  await expect(page.getByText(/Undo within 30 s/)).toBeVisible();
}

/** A second tab of the same browser (same IndexedDB, same clock) at `url`, the secret chat in its sidebar. */
async function secondTab(page: Page, url: string): Promise<Page> {
  const other = await page.context().newPage();
  await other.goto(url, { timeout: 0 });
  await expect(secretActions(other)).toBeVisible({ timeout: 0 });
  return other;
}

/** Opens Settings and deletes all data, typing the confirmation; resolves once the page has reloaded. */
async function deleteAllData(page: Page) {
  await page.goto(new URL('/settings', page.url()).href);
  await page.getByRole('button', { name: 'Delete all data…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all data?' });
  await dialog.getByLabel('Type DELETE to confirm').fill('DELETE');
  await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Delete everything' }).click()]);
}

/** The app's own databases of the origin (not the service worker's cache bookkeeping). */
const appDatabases = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => !name.startsWith('workbox-')),
  );

/** A chat whose question holds the secret, answered and thanked (so signals, events and an answer record exist). */
async function secretChat(page: Page) {
  await ask(page, `How do I rotate the ${SECRET} token in nginx?`);
  await answered(page, 1);
  await ask(page, 'perfect, thanks!');
  await answered(page, 2);
  await expect(answers(page).nth(0).locator('[data-signal="thanks"]')).toBeVisible();
  // The learning worker has a record of both answers: what it draws from the chat is all there before the test goes on.
  await expect.poll(async () => (await dumpIndexedDB(page)).codelumi.answers.length).toBe(2);
  return conversationIdOf(page);
}

test.beforeEach(async ({ page, fake, seed }) => {
  fake.script([
    { match: { lastUser: 'rotate' }, reply: { content: 'Reload it:\n\n```sh\nnginx -s reload\n```' } },
    { match: { lastUser: 'thanks' }, reply: { content: 'Glad it helped.' } },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
  // The undo window is 30 s of the page's own clock: the test moves that clock on instead of waiting.
  await page.clock.install();
});

test('a deleted conversation leaves no trace in any store once the undo window has passed', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  const id = await secretChat(page);
  // A second chat whose prompt quoted the first (its answer's trace keeps what was sent).
  await newChat(page);
  await ask(page, 'rotate the token in nginx again, from a cron job');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain(SECRET);
  expect(await placesOf(page, SECRET)).toEqual(expect.arrayContaining(['codelumi/conversations', 'codelumi/messages']));
  // Rows derived from it name it by id: its answer records, signals, events, draft.
  expect(await placesOf(page, id)).toEqual(
    expect.arrayContaining(['codelumi/answers', 'codelumi/signals', 'codelumi/events']),
  );

  await deleteSecretChat(page);
  await page.clock.fastForward(31_000);

  await expect.poll(() => placesOf(page, SECRET), { timeout: 15_000 }).toEqual([]);
  expect(await placesOf(page, id)).toEqual([]);
  // The second chat is whole, and says in its trace that something it quoted was deleted.
  const dump = await dumpIndexedDB(page);
  const messages = dump.codelumi.messages as { content: string; trace?: { systemPrompt: string } }[];
  expect(messages.map((m) => m.content)).toContain('rotate the token in nginx again, from a cron job');
  expect(messages.some((m) => m.trace?.systemPrompt.includes('it has since been deleted'))).toBe(true);
});

test('another open tab forgets a deleted conversation when the window ends, after the deleting tab closed', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  const id = await secretChat(page);
  const other = await secondTab(page, new URL('/', page.url()).href);

  await deleteSecretChat(page);
  await expect(secretActions(other)).toHaveCount(0);
  // The deleting tab goes away within the window; the other one stays open.
  await page.close();
  await other.clock.fastForward(31_000);

  await expect.poll(() => placesOf(other, SECRET), { timeout: 15_000 }).toEqual([]);
  expect(await placesOf(other, id)).toEqual([]);
});

test('a preference two chats stated stays, in the words of the chat that was not deleted', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await ask(page, 'I prefer short answers. How do I reload nginx?');
  await answered(page, 1);
  await newChat(page);
  await ask(page, `Honestly ${SECRET}, I prefer the short answers. How do I rotate the token in nginx?`);
  await answered(page, 1);
  type StoredMemory = { text: string; evidence?: string };
  const memories = async () => (await dumpIndexedDB(page)).codelumi.memories as StoredMemory[];
  // One memory, confirmed by the second chat, in its words.
  await expect.poll(async () => (await memories()).map((m) => m.text)).toEqual(['Prefers the short answers']);

  await deleteSecretChat(page);
  await page.clock.fastForward(31_000);

  await expect.poll(() => placesOf(page, SECRET), { timeout: 15_000 }).toEqual([]);
  expect((await memories()).map((m) => [m.text, m.evidence])).toEqual([
    ['Prefers short answers', 'You said: “I prefer short answers.”'],
  ]);
  await page.goto(new URL('/memory', page.url()).href);
  await expect(page.getByText('Prefers short answers', { exact: true })).toBeVisible();
});

test('a deleted memory leaves no trace in any store, also not in the prompt trace of an answer that listed it', async ({
  page,
  openApp,
  fake,
}) => {
  const WORD = 'quetzalplover';
  await openApp('/memory/');
  await page.getByRole('button', { name: 'Add memory' }).click();
  await page.getByLabel('New memory').fill(`Deploys go through the ${WORD} pipeline`);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const row = page.locator('li[data-memory-id]').filter({ hasText: WORD });
  await expect(row).toBeVisible();

  // A chat whose prompt listed the memory (its answer's trace keeps what was sent).
  await page.goto(new URL('/', page.url()).href);
  await ask(page, 'How do I rotate the token in nginx?');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain(WORD);
  expect(await placesOf(page, WORD)).toEqual(expect.arrayContaining(['codelumi/memories', 'codelumi/messages']));

  await page.goto(new URL('/memory/', page.url()).href);
  await row.getByRole('button', { name: /^Delete:/ }).click();
  await expect(row).toHaveCount(0);

  expect(await placesOf(page, WORD)).toEqual([]);
  // The chat is whole, and its trace says a memory it listed was deleted.
  const messages = (await dumpIndexedDB(page)).codelumi.messages as {
    content: string;
    trace?: { systemPrompt: string };
  }[];
  expect(messages.map((m) => m.content)).toContain('How do I rotate the token in nginx?');
  expect(
    messages.some((m) => m.trace?.systemPrompt.includes('A memory was listed here; it has since been deleted')),
  ).toBe(true);
});

test('undo within the window brings the conversation back with everything it had', async ({ page, openApp }) => {
  await openApp('/');
  await secretChat(page);
  const count = async () =>
    Object.fromEntries(Object.entries((await dumpIndexedDB(page)).codelumi).map(([s, rows]) => [s, rows.length]));
  const before = await count();

  await deleteSecretChat(page);
  await expect(secretActions(page)).toHaveCount(0);
  // Well within the window: the page's clock keeps running in real time too, and a busy machine is slow to click.
  await page.clock.fastForward(20_000);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(secretActions(page)).toBeVisible();
  await page.clock.fastForward(31_000);

  await expect(secretActions(page)).toBeVisible();
  const after = await count();
  for (const store of ['conversations', 'messages', 'signals', 'answers', 'events', 'drafts'])
    expect(after[store], store).toBe(before[store]);
  expect(await placesOf(page, SECRET)).toEqual(expect.arrayContaining(['codelumi/conversations', 'codelumi/messages']));
});

test('Delete all data empties every database of the app after a typed confirmation', async ({ page, openApp }) => {
  await openApp('/');
  await secretChat(page);
  await page.goto(new URL('/settings', page.url()).href);

  await page.getByRole('button', { name: 'Delete all data…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all data?' });
  const confirm = dialog.getByRole('button', { name: 'Delete everything' });
  await expect(dialog.getByLabel('Type DELETE to confirm')).toBeFocused();
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type DELETE to confirm').fill('DELETE');
  await Promise.all([page.waitForEvent('load'), confirm.click()]);

  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  const dump = await dumpIndexedDB(page);
  const leftovers = Object.entries(dump).flatMap(([db, stores]) =>
    Object.entries(stores)
      .filter(([, rows]) => rows.length > 0 && !db.startsWith('workbox-'))
      .map(([store, rows]) => `${db}/${store}: ${rows.length}`),
  );
  expect(leftovers).toEqual([]);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(SECRET);
});

test('Delete all data stops another open tab, which says so and recreates nothing until it reloads', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await secretChat(page);
  // On the conversation: leaving it (New chat) would record an event.
  const other = await secondTab(page, page.url());

  await deleteAllData(page);

  await expect(other.getByRole('heading', { name: 'Your data was deleted in another tab' })).toBeVisible();
  await expect(other.getByRole('button', { name: 'Reload' })).toBeFocused();
  await expect(sidebar(other)).toHaveCount(0);

  // The deleting tab reloaded into an empty app, which made a new database: it goes, and so does what it made, so
  // that from here on only the other tab could bring a database back.
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.close();
  await other.evaluate(async () => {
    for (const { name } of await indexedDB.databases())
      if (name && !name.startsWith('workbox-'))
        await new Promise((resolve, reject) => {
          const req = indexedDB.deleteDatabase(name);
          req.onsuccess = resolve;
          req.onerror = () => reject(req.error);
        });
  });
  expect(await appDatabases(other)).toEqual([]);

  // The other tab tries to act: the New chat shortcut (leaving a conversation is recorded as an event), and a minute of
  // its timers (forgetting, the model list, learning).
  await other.keyboard.press('Control+Shift+O');
  await other.clock.fastForward(60_000);
  await expect(other.getByRole('heading', { name: 'Your data was deleted in another tab' })).toBeVisible();
  expect(await appDatabases(other)).toEqual([]);

  // Reload starts an empty app.
  await other.getByRole('button', { name: 'Reload' }).click();
  await expect(sidebar(other)).toBeVisible({ timeout: 0 });
  await expect(secretActions(other)).toHaveCount(0);
});
