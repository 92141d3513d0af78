/**
 * The composer's keys: Enter sends, Shift+Enter adds a line, Esc stops a
 * streaming answer and keeps what arrived; what is typed the moment a new
 * chat's box appears is kept.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { answers, composer, conversationLink, questions } from './support/ui';
import { holdDraftsFromNextPage, letStoresGo } from './support/slow-storage';

/**
 * Types `text` into the composer the moment a new chat is put on the page (its
 * empty state and its box appear), before the page's effects have run; like
 * keys, it adds to what the box shows.
 */
async function typeAsNewChatAppears(page: Page, text: string): Promise<void> {
  await page.evaluate((typed) => {
    new MutationObserver((_, observer) => {
      const empty = [...document.querySelectorAll('h1')].some((h) => h.textContent === 'What are we building today?');
      const box = document.getElementById('composer-input') as HTMLTextAreaElement | null;
      if (!empty || !box) return;
      observer.disconnect();
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, box.value + typed);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }).observe(document.body, { childList: true, subtree: true });
  }, text);
}

test('Enter sends the message and empties the composer', async ({ page, fake, openApp }) => {
  fake.script([{ match: { lastUser: 'binary search' }, reply: { content: 'Halve the range each step.' } }]);
  await openApp('/');
  await composer(page).fill('Explain binary search');
  await composer(page).press('Enter');

  await expect(questions(page)).toHaveText(['Explain binary search']);
  await expect(answers(page).last()).toContainText('Halve the range each step.');
  await expect(composer(page)).toHaveValue('');
  expect(fake.chatRequests()[0].lastUser).toBe('Explain binary search');
});

test('Shift+Enter adds a new line instead of sending; Enter then sends both lines', async ({ page, fake, openApp }) => {
  await openApp('/');
  await composer(page).click();
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');

  await expect(composer(page)).toHaveValue('first line\nsecond line');
  await expect(questions(page)).toHaveCount(0);
  expect(fake.chatRequests()).toHaveLength(0);

  await page.keyboard.press('Enter');
  await expect(questions(page)).toHaveCount(1);
  expect(await questions(page).first().innerText()).toContain('first line\nsecond line');
  await expect.poll(() => fake.chatRequests()[0]?.lastUser).toBe('first line\nsecond line');
});

test('Esc stops a streaming answer and keeps the part that arrived', async ({ page, fake, openApp }) => {
  const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  fake.script([{ match: { lastUser: 'essay' }, reply: { content: long, tokensPerSecond: 20 } }]);
  await openApp('/');
  await composer(page).fill('Write an essay');
  await composer(page).press('Enter');

  const answer = answers(page).last();
  await expect(answer).toContainText('word5');
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await page.keyboard.press('Escape');

  await expect(answer).toHaveAttribute('data-status', 'interrupted');
  await expect(answer).toContainText('You stopped this answer.');
  await expect(page.getByRole('button', { name: 'Send message' })).toBeVisible();
  const shown = await answer.locator('.prose-chat').innerText();
  expect(shown).toContain('word0 word1');
  expect(shown).not.toContain('word399');

  // What arrived is what was saved: a reload shows the same partial answer.
  await page.reload();
  await expect(answers(page).last()).toHaveAttribute('data-status', 'interrupted');
  expect(await answers(page).last().locator('.prose-chat').innerText()).toBe(shown);
});

test('what is typed into a new chat the moment its box appears is kept, and Enter sends it', async ({
  page,
  fake,
  openApp,
}) => {
  fake.script([{ match: { lastUser: 'typed at once' }, reply: { content: 'Kept.' } }]);
  await openApp('/memory/');
  await expect(page.getByRole('heading', { name: 'Memory', level: 1 })).toBeVisible();
  // A fast typist, or a busy machine where the page's effects run late: the new chat's empty draft, loading after
  // the text was typed, must not empty the box.
  await typeAsNewChatAppears(page, 'typed at once');
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('heading', { name: 'New chat', level: 1 })).toBeVisible();
  await expect(composer(page)).toHaveValue('typed at once');
  await composer(page).press('Enter');
  await expect(questions(page)).toHaveText(['typed at once']);
  await expect(answers(page).last()).toContainText('Kept.');
});

test('what is typed the moment Ctrl+Shift+O shows a new chat goes to the new chat, not to the one left', async ({
  page,
  fake,
  openApp,
}) => {
  fake.script([
    { match: { lastUser: 'first question' }, reply: { content: 'First answer.' } },
    { match: { lastUser: 'typed at once' }, reply: { content: 'Kept.' } },
  ]);
  await openApp('/');
  await composer(page).fill('first question');
  await composer(page).press('Enter');
  await expect(answers(page).last()).toContainText('First answer.');
  await expect(page).toHaveURL(/\?c=/);
  const left = page.url();
  // The conversation left has an unsent draft of its own (saved as the chat is left).
  await composer(page).fill('unsent draft');
  await typeAsNewChatAppears(page, 'typed at once');
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('heading', { name: 'What are we building today?' })).toBeVisible();
  await expect(composer(page)).toHaveValue('typed at once');
  await composer(page).press('Enter');
  await expect(questions(page)).toHaveText(['typed at once']);
  await expect(answers(page).last()).toContainText('Kept.');
  // The conversation left keeps its own draft, and nothing of what was typed in the new chat.
  await page.goto(left);
  await expect(questions(page)).toHaveText(['first question']);
  await expect(composer(page)).toHaveValue('unsent draft');
});

/** Lets the drafts store go, and waits until the draft is shown and the effects of the commit that showed it ran. */
async function letDraftsGo(page: Page, draft: string): Promise<void> {
  await letStoresGo(page);
  await expect(composer(page)).toHaveValue(draft);
  // React runs a commit's effects after its paint.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
}

test('the focus the user moves to the sidebar after the box appeared, while its draft loads, stays there', async ({
  page,
  openApp,
  seed,
}) => {
  await seed((t) => t.seedConversation({ title: 'Older chat', turns: [{ question: 'hi', answer: 'hello' }] }));
  await holdDraftsFromNextPage(page, 'half a question');
  await openApp('/');
  // The box is there (its draft is not): the user moves on from here.
  await expect(composer(page)).toBeVisible();
  const older = conversationLink(page, /Older chat/);
  await older.focus();
  await letDraftsGo(page, 'half a question');
  await expect(older).toBeFocused();
});

test.describe('while the chat still loads', () => {
  test.use({ offerPrivacy: true });

  test('the focus the user moves to the privacy offer stays there when the draft loads late', async ({
    page,
    openApp,
    seed,
  }) => {
    await seed((t) => t.readSettings()); // the database exists before the app's first page
    await holdDraftsFromNextPage(page, 'half a question');
    // The keyboard user reaches the offer's button the moment it appears, whether the chat's box is there yet or not.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const keep = [...document.querySelectorAll('[data-testid="privacy-offer"] button')].find(
          (b) => b.textContent === 'Keep Isolated',
        ) as HTMLButtonElement | undefined;
        if (!keep) return;
        observer.disconnect();
        keep.focus();
      }).observe(document, { childList: true, subtree: true });
    });
    await openApp('/');
    const offer = page.getByRole('region', { name: /Your privacy/ });
    const keep = offer.getByRole('button', { name: 'Keep Isolated' });
    await expect(keep).toBeFocused();
    await letDraftsGo(page, 'half a question');
    await expect(keep).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(offer).toHaveCount(0);
    await expect(composer(page)).toHaveValue('half a question');
  });
});
