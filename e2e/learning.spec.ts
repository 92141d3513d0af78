/**
 * The learning loop in the production build: what the user does after an
 * answer becomes a signal on it (with its evidence), corrections and stated
 * preferences become memories, and those memories shape the prompt of the
 * next conversation, as the fake Ollama's recorded requests show.
 */
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { answers, ask } from './support/ui';
import { answered, lastSystemPrompt } from './support/chat';

const MODEL = 'qwen2.5-coder:7b';

/** A signal badge on answer `index` (0-based). */
const badge = (page: Page, index: number, kind: string) => answers(page).nth(index).locator(`[data-signal="${kind}"]`);

test.beforeEach(async ({ fake, seed }) => {
  fake.script([
    {
      match: { lastUser: 'debounce' },
      reply: {
        content:
          'Use a timer:\n\n```ts\nexport function debounce(fn: () => void, ms: number) {\n  let t: ReturnType<typeof setTimeout>;\n  return () => { clearTimeout(t); t = setTimeout(fn, ms); };\n}\n```',
      },
    },
    { match: { lastUser: 'reverse a list' }, reply: { content: 'Use slicing:\n\n```python\nitems[::-1]\n```' } },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('a thanks after an answer shows as a quiet positive signal with its evidence', async ({ page, openApp }) => {
  await openApp('/');
  await ask(page, 'Write a debounce in TypeScript');
  await answered(page, 1);
  await ask(page, 'thanks, that worked perfectly!');
  await answered(page, 2);
  const thanks = badge(page, 0, 'thanks');
  await expect(thanks).toBeVisible();
  await expect(thanks).toHaveAttribute('title', /thanks, that worked/i);
  // The second answer has no reaction yet.
  await expect(answers(page).nth(1).locator('[data-signal]')).toHaveCount(0);
});

test('copying code, asking again, saying it is wrong and pasting an error each mark the answer they are about', async ({
  page,
  openApp,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp('/');
  await ask(page, 'How do I reverse a list in Python?');
  await answered(page, 1);
  await answers(page).nth(0).getByRole('button', { name: 'Copy code' }).click();
  await expect(badge(page, 0, 'code_copied')).toBeVisible();

  await ask(page, 'how can I reverse a python list?');
  await answered(page, 2);
  await expect(badge(page, 0, 'repeated_question')).toBeVisible();

  await ask(page, "that doesn't work, still the same order");
  await answered(page, 3);
  await expect(badge(page, 1, 'said_wrong')).toBeVisible();

  await ask(
    page,
    'Traceback (most recent call last):\n  File "main.py", line 2, in <module>\nTypeError: \'reversed\' object is not subscriptable',
  );
  await answered(page, 4);
  await expect(badge(page, 2, 'code_error')).toHaveAttribute('title', /TypeError/);
});

test('a correction becomes a memory and reaches the prompt of a related question in a new conversation', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await ask(page, 'How do I reverse a list in Python?');
  await answered(page, 1);
  await ask(page, 'no, use reversed() instead, slicing copies the whole list');
  await answered(page, 2);
  await expect(badge(page, 0, 'user_corrected')).toBeVisible();

  await page.getByRole('link', { name: 'Memory' }).click();
  const memory = page.locator('li[data-memory-id]').filter({ hasText: 'reversed() instead' });
  await expect(memory).toContainText('When asked about');
  await expect(memory).toContainText('Correction');

  await page.keyboard.press('Control+Shift+O');
  await ask(page, 'what is the best way to reverse a list in python');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toMatch(/use reversed\(\) instead/i);
  // The prompt trace on the answer lists the correction it used.
  await answers(page).nth(0).getByRole('button', { name: 'Answer details' }).click();
  await page.getByRole('button', { name: /Inspect the prompt/ }).click();
  await expect(page.getByTestId('prompt-sections')).toContainText('reversed() instead');
});

test('stated preferences are remembered, shape new chats, and stop doing so when switched off', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await ask(page, 'I prefer short answers. We use pnpm and Vitest. Write a debounce please');
  await answered(page, 1);

  await page.getByRole('link', { name: 'Memory' }).click();
  await expect(page.locator('li[data-memory-id]').filter({ hasText: 'Prefers short answers' })).toBeVisible();
  const stack = page.locator('li[data-memory-id]').filter({ hasText: 'pnpm and Vitest' });
  await expect(stack).toContainText('You said it');

  await page.keyboard.press('Control+Shift+O');
  await ask(page, 'Write a debounce in TypeScript');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain('Prefers short answers');
  expect(lastSystemPrompt(fake)).toContain('pnpm and Vitest');

  await page.getByRole('link', { name: 'Memory' }).click();
  await stack.getByRole('switch').uncheck();
  await expect(stack).toContainText('Off');
  await page.keyboard.press('Control+Shift+O');
  await ask(page, 'Write a debounce in TypeScript again');
  await answered(page, 1);
  expect(lastSystemPrompt(fake)).toContain('Prefers short answers');
  expect(lastSystemPrompt(fake)).not.toContain('pnpm and Vitest');
});

test('starting a new chat right after an answer, without using it, counts as leaving', async ({ page, openApp }) => {
  await openApp('/');
  await ask(page, 'Write a debounce in TypeScript');
  await answered(page, 1);
  await page.keyboard.press('Control+Shift+O');
  await expect(page).not.toHaveURL(/\?c=/);
  // Back to the chat the way a user would (the tab stays open, so the event is kept).
  await page
    .getByRole('complementary', { name: 'Conversations' })
    .locator('li[data-conversation-id] a')
    .first()
    .click();
  await expect(badge(page, 0, 'left_immediately')).toBeVisible();
  await expect(badge(page, 0, 'left_immediately')).toHaveAttribute('title', /new chat \d+ s after the answer/);
});

test('the Memory page adds, edits and deletes memories (with undo)', async ({ page, openApp }) => {
  await openApp('/memory/');
  await expect(page.getByText('Nothing remembered yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add memory' }).click();
  await page.getByLabel('New memory').fill('Prefers examples with strict TypeScript types');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const row = page.locator('li[data-memory-id]').filter({ hasText: 'strict TypeScript' });
  await expect(row).toContainText('Added or edited by you');

  await row.getByRole('button', { name: /^Edit:/ }).click();
  await page.getByLabel('Memory text').fill('Prefers examples with strict TypeScript types and no any');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('no any');

  await row.getByRole('button', { name: /^Delete:/ }).click();
  await expect(page.locator('li[data-memory-id]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('li[data-memory-id]').filter({ hasText: 'no any' })).toBeVisible();
});

test('the learning dashboard shows the signals and what was learned this week', async ({ page, openApp }) => {
  await openApp('/');
  await ask(page, 'I prefer short answers. Write a debounce in TypeScript');
  await answered(page, 1);
  await ask(page, 'perfect, thanks!');
  await answered(page, 2);
  await expect(badge(page, 0, 'thanks')).toBeVisible();

  await page.getByRole('link', { name: 'Learning' }).click();
  await expect(page.getByTestId('week-summary')).toContainText('You told Codelumi: “Prefers short answers”');
  await expect(page.getByTestId('week-summary')).toContainText('went well');
  const signalsCard = page.getByRole('region', { name: 'Signals by kind over time' });
  await expect(signalsCard.locator('table caption')).toHaveText('Signals per day by kind');
  await expect(signalsCard.locator('table')).toContainText('You said thanks');
  await expect(page.getByRole('region', { name: 'Answers that went well, by topic' })).toContainText('typescript');
});

/** Words only the signal model's weights file holds: its training data's hash. */
const MODEL_HASH = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'lib', 'signals', 'learned', 'model.json'), 'utf8')) as {
    dataHash: string;
  }
).dataHash;

/**
 * The page's own scripts that carry the model's weights: its resource timeline lists what the window loaded
 * (the analysis worker, which reads every message, loads them in a timeline of its own).
 */
async function modelScriptsInPage(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.endsWith('.js')),
  );
  const found: string[] = [];
  for (const url of urls) if ((await (await page.request.get(url)).text()).includes(MODEL_HASH)) found.push(url);
  return found;
}

test('a signal the user says is not right is turned into what it was, and the Learning page shows it as corrected', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await ask(page, 'Write a debounce in TypeScript');
  await answered(page, 1);
  await ask(page, 'thanks a lot, really helpful');
  await answered(page, 2);
  const thanks = badge(page, 0, 'thanks');
  await expect(thanks).toBeVisible();
  // The page starts and chats without the model's 600 KB of weights: the worker reads the messages.
  expect(await modelScriptsInPage(page)).toEqual([]);
  // How sure the detector is, on hover and for screen readers.
  await expect(thanks).toHaveAttribute('aria-label', /\b\d{1,3} % sure/);

  await answers(page).nth(0).getByRole('button', { name: 'Not right: You said thanks' }).click();
  await answers(page)
    .nth(0)
    .getByRole('group', { name: /What was/ })
    .getByRole('button', { name: 'It was: You said it was wrong' })
    .click();
  const wrong = badge(page, 0, 'said_wrong');
  await expect(wrong).toBeVisible();
  await expect(wrong).toHaveAttribute('data-corrected', 'true');
  await expect(wrong).toContainText('corrected');
  await expect(badge(page, 0, 'thanks')).toHaveCount(0);
  // The correction taught the user's adaptation in the page, which loaded the weights for it.
  await expect.poll(async () => (await modelScriptsInPage(page)).length).toBe(1);

  await page.getByRole('link', { name: 'Learning' }).click();
  await expect(page.getByTestId('signal-corrections')).toContainText('“You said thanks” → “You said it was wrong”');
  await expect(page.getByTestId('recent-signals').locator('[data-signal="said_wrong"]')).toContainText(
    'corrected by you (was You said thanks)',
  );
});

test('removing a signal takes it off the answer', async ({ page, openApp }) => {
  await openApp('/');
  await ask(page, 'How do I reverse a list in Python?');
  await answered(page, 1);
  await ask(page, 'no, use reversed() instead, slicing copies the whole list');
  await answered(page, 2);
  await expect(badge(page, 0, 'user_corrected')).toBeVisible();
  await answers(page).nth(0).getByRole('button', { name: 'Not right: You corrected it' }).click();
  await answers(page).nth(0).getByRole('button', { name: 'Nothing: remove it' }).click();
  await expect(badge(page, 0, 'user_corrected')).toHaveCount(0);
  await expect(page.getByText(/Removed “You corrected it”/)).toBeVisible();
});
