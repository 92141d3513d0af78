/**
 * Keeping a conversation out of learning, in the production build: with
 * "Don't learn from this" on, a conversation gives no signals, memories or
 * patterns and is not offered as context to a related question in a new chat
 * (checked in what the fake Ollama was sent); switched off again it is. A
 * temporary chat streams, shows and runs code, and leaves every IndexedDB
 * store as it was; leaving it asks first (the app's links, New chat and the
 * browser's Back), and a reload drops it.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answers, ask, conversationLink, sidebar } from './support/ui';
import { answered, conversationIdOf, lastSystemPrompt } from './support/chat';
import { codeBlock, fenced } from './support/runner';
import { dumpIndexedDB } from './support/indexeddb';

const MODEL = 'qwen2.5-coder:7b';
const FIRST = 'How do I debounce a function in TypeScript?';
const PAST = '## Related earlier conversations with this user (build on what worked)';

async function newChat(page: Page) {
  await page.keyboard.press('Control+Shift+O');
  await expect(page).not.toHaveURL(/\?c=/);
}

/**
 * Opens a temporary chat from the sidebar and waits until it is shown: until
 * then the composer on screen is the saved chat's, and a question typed into
 * it would be stored.
 */
async function openTemporaryChat(page: Page) {
  await sidebar(page).getByRole('link', { name: 'Temporary chat' }).click();
  await expect(page).toHaveURL(/\?temporary=1$/);
  await expect(page.getByTestId('temporary-badge')).toBeVisible();
}

/** The rows of one store of the app's database. */
async function rows(page: Page, store: string): Promise<Record<string, unknown>[]> {
  return (await dumpIndexedDB(page)).codelumi[store] as Record<string, unknown>[];
}

/** Waits until the learning worker has read every stored event. */
async function learningCaughtUp(page: Page) {
  await expect
    .poll(async () => {
      const dump = await dumpIndexedDB(page);
      const seqs = (dump.codelumi.events as { seq: number }[]).map((e) => e.seq);
      const cursor = (dump.codelumi.meta as { key: string; value: unknown }[]).find((m) => m.key === 'learning.cursor');
      return seqs.length > 0 && cursor?.value === Math.max(...seqs);
    })
    .toBe(true);
}

test.beforeEach(async ({ fake, seed }) => {
  fake.script([
    {
      match: { lastUser: 'debounce' },
      reply: {
        content:
          'Wrap it with a timer:\n\n```ts\nexport function debounce<T extends unknown[]>(fn: (...a: T) => void, ms: number) {\n  let t: ReturnType<typeof setTimeout> | undefined;\n  return (...a: T) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };\n}\n```',
      },
    },
    { match: { lastUser: 'thanks' }, reply: { content: 'Glad it helped.' } },
    {
      match: { lastUser: 'sum' },
      reply: { content: `Like this:\n\n${fenced('js', "console.log('sum', [1, 2, 3].reduce((a, b) => a + b));")}` },
    },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test("a conversation kept out of learning teaches nothing and is no one's context; switched back on, it is", async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await ask(page, `I prefer short answers. ${FIRST}`);
  await answered(page, 1);
  const id = await conversationIdOf(page);
  // Learning has drawn from it (a stated memory, the answer's record) before the switch goes on.
  await expect.poll(async () => (await rows(page, 'answers')).length).toBe(1);
  expect((await rows(page, 'memories')).length).toBe(1);

  await page.getByRole('button', { name: 'Don’t learn from this chat' }).click();
  const offer = page.getByRole('dialog', { name: 'Forget what was already learned?' });
  await expect(offer).toContainText('1 answer record, 1 memory');
  await offer.getByRole('button', { name: 'Forget them' }).click();
  await expect(page.getByText('Forgot what was learned from this chat.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Don’t learn from this chat' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('no-learn-badge')).toBeVisible();
  await expect(sidebar(page).getByRole('img', { name: 'Codelumi does not learn from this chat' })).toBeVisible();

  // A thank-you and a stated preference would teach a lot; here they teach nothing.
  await ask(page, 'perfect, thanks! I always use pnpm.');
  await answered(page, 2);
  await learningCaughtUp(page);
  expect(await rows(page, 'signals')).toEqual([]);
  expect(await rows(page, 'answers')).toEqual([]);
  expect(await rows(page, 'memories')).toEqual([]);
  expect(await rows(page, 'trainingPairs')).toEqual([]);
  expect((await rows(page, 'patterns')).filter((p) => Number(p.successes) + Number(p.failures) > 0)).toEqual([]);
  expect((await rows(page, 'conversations')).find((c) => c.id === id)).toMatchObject({ noLearn: true });

  await newChat(page);
  await ask(page, 'debounce in typescript, but with a cancel method');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).not.toContain(FIRST);
  expect(lastSystemPrompt(fake)).not.toContain('pnpm');

  // Switched off again, the same conversation is context for a related question.
  await conversationLink(page, /I prefer short answers/).click();
  await expect(page).toHaveURL(new RegExp(`c=${id}`));
  await page.getByRole('button', { name: 'Don’t learn from this chat' }).click();
  await expect(page.getByTestId('no-learn-badge')).toHaveCount(0);
  await newChat(page);
  await ask(page, 'debounce in typescript with a leading edge option');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain(PAST);
  expect(lastSystemPrompt(fake)).toContain(FIRST);
});

test('a temporary chat streams, shows and runs code, and leaves every IndexedDB store unchanged', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  await seed((t) => t.seedConversation({ title: 'A stored chat', turns: [{ question: 'hi', answer: 'hello' }] }));
  await openApp('/');
  await expect(conversationLink(page, 'A stored chat')).toBeVisible();
  // The app keeps the last model list it saw (for offline use), refreshed every 20 s whatever the chat: stored before the
  // first look, and compared without its time.
  await expect.poll(async () => (await dumpIndexedDB(page)).codelumi.knownModels.length).toBe(1);
  // Likewise the index of past questions the worker builds on opening the chat (derived from the stored chat, not from
  // the temporary one): saved a few seconds after it is built, before the first look.
  await expect.poll(async () => (await dumpIndexedDB(page)).codelumi.indexes.length, { timeout: 60_000 }).toBe(1);
  const stored = async () => {
    const dump = await dumpIndexedDB(page);
    for (const row of dump.codelumi.knownModels as { savedAt?: number }[]) delete row.savedAt;
    return dump;
  };
  const before = await stored();

  await openTemporaryChat(page);
  await expect(page.getByRole('heading', { name: 'A temporary chat' })).toBeVisible();
  await ask(page, 'How do I sum an array in JavaScript?');
  await answered(page, 1);
  expect(fake.chatRequests()).toHaveLength(1);
  // Nothing learned goes into it either.
  expect(lastSystemPrompt(fake)).not.toContain(PAST);
  const block = codeBlock(page, 0);
  await expect(block.block).toContainText('reduce');
  await block.block.getByRole('button', { name: 'Run the JavaScript code' }).click();
  await expect(block.stdout).toContainText('sum 6');
  await expect(page).toHaveURL(/\?temporary=1$/);
  await expect(page.getByTestId('temporary-badge')).toBeVisible();

  expect(await stored()).toEqual(before);

  // Leaving asks first; staying keeps the chat.
  await sidebar(page).getByRole('link', { name: 'Settings' }).click();
  const confirm = page.getByRole('dialog', { name: 'Leave and discard this temporary chat?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\?temporary=1$/);
  await expect(answers(page)).toHaveCount(1);

  // A reload asks too (the browser's own question), and afterwards the chat is gone.
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.type());
      void d.accept();
    }),
  );
  await page.reload();
  expect(await asked).toBe('beforeunload');
  await expect(page.getByRole('heading', { name: 'A temporary chat' })).toBeVisible();
  await expect(answers(page)).toHaveCount(0);
  expect(await stored()).toEqual(before);

  // Leaving an empty temporary chat asks nothing.
  await sidebar(page)
    .getByRole('button', { name: /New chat/ })
    .click();
  await expect(page).not.toHaveURL(/temporary/);
  await expect(page.getByTestId('temporary-badge')).toHaveCount(0);
  // Leaving it recorded nothing either (no "new chat" event: no stored conversation was left).
  await expect(page.getByRole('heading', { name: 'What are we building today?' })).toBeVisible();
  expect(await stored()).toEqual(before);
});

test("the browser's Back asks before leaving a temporary chat: staying keeps it whole, leaving goes back", async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await openTemporaryChat(page);
  // Empty, it has nothing to lose: Back leaves at once.
  await page.goBack();
  await expect(page).not.toHaveURL(/temporary/);
  await openTemporaryChat(page);
  await ask(page, 'How do I sum an array in JavaScript?');
  await answered(page, 1);
  await page.getByLabel('Message', { exact: true }).fill('a draft being typed');

  const leave = page.getByRole('dialog', { name: 'Leave and discard this temporary chat?' });
  await page.goBack();
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Cancel' }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(/\?temporary=1$/);
  await expect(page.getByTestId('temporary-badge')).toBeVisible();
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page).first()).toContainText('reduce');
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue('a draft being typed');

  // Staying put the guard back: the next Back asks again, and leaving goes back to where the chat was opened from.
  await page.goBack();
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Leave and discard' }).click();
  await expect(page).not.toHaveURL(/temporary/);
  await expect(page.getByRole('heading', { name: 'What are we building today?' })).toBeVisible();
  await expect(page.getByTestId('temporary-badge')).toHaveCount(0);
});

test("leaving a temporary chat by the app's links leaves no extra copy of it in the history", async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await openTemporaryChat(page);
  await ask(page, 'How do I sum an array in JavaScript?');
  await answered(page, 1);
  await sidebar(page).getByRole('link', { name: 'Settings' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave and discard this temporary chat?' });
  await leave.getByRole('button', { name: 'Leave and discard' }).click();
  await expect(page).toHaveURL(/\/settings\/?$/);
  // No second question on the way out (the browser's own on unload, say), and Back retraces the user's steps.
  await page.goBack();
  await expect(page).toHaveURL(/\?temporary=1$/);
  await expect(answers(page)).toHaveCount(0);
  await page.goBack();
  await expect(page).not.toHaveURL(/temporary|settings/);
});

test('after a reload of a temporary chat (the browser asked), Back leaves at once', async ({ page, openApp }) => {
  await openApp('/');
  await openTemporaryChat(page);
  await ask(page, 'How do I sum an array in JavaScript?');
  await answered(page, 1);
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByRole('heading', { name: 'A temporary chat' })).toBeVisible();
  await expect(answers(page)).toHaveCount(0);

  // Nothing to lose any more, and no leftover copy of the page in the history: one Back goes back.
  await page.goBack();
  await expect(page).not.toHaveURL(/temporary/);
  await expect(page.getByRole('heading', { name: 'What are we building today?' })).toBeVisible();
});
