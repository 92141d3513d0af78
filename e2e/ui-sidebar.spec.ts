/**
 * The sidebar of conversations: new chat, rename, delete with undo, pin,
 * full-text search and automatic titles, against the production build.
 */
import { test, expect, writesCommitted } from './fixtures';
import {
  answers,
  ask,
  composer,
  conversationAction,
  conversationLink,
  questions,
  sidebar,
  sidebarGroup,
} from './support/ui';

const TITLE_SYSTEM = /^You name chat conversations/;

test.describe('new chat', () => {
  test('the New chat button leaves the open conversation for an empty chat with the composer focused', async ({
    page,
    openApp,
    seed,
  }) => {
    const { conversationId } = await seed((t) =>
      t.seedConversation({
        title: 'Old talk',
        turns: [{ question: 'What is a monad?', answer: 'A monoid in the category of endofunctors.' }],
      }),
    );
    await openApp(`/?c=${conversationId}`);
    await expect(answers(page)).toContainText('endofunctors');

    await sidebar(page)
      .getByRole('button', { name: /New chat/ })
      .click();
    await expect(page).not.toHaveURL(/[?&]c=/);
    await expect(page.getByRole('heading', { name: 'What are we building today?' })).toBeVisible();
    await expect(questions(page)).toHaveCount(0);
    await expect(composer(page)).toBeFocused();
  });

  test('Ctrl+Shift+O starts a new chat from inside a conversation', async ({ page, openApp, seed }) => {
    const { conversationId } = await seed((t) =>
      t.seedConversation({ title: 'Old talk', turns: [{ question: 'What is a monad?', answer: 'A monoid.' }] }),
    );
    await openApp(`/?c=${conversationId}`);
    await expect(answers(page)).toContainText('A monoid.');
    await composer(page).click();

    await page.keyboard.press('Control+Shift+O');
    await expect(page).not.toHaveURL(/[?&]c=/);
    await expect(page.getByRole('banner').getByRole('heading', { name: 'New chat' })).toBeVisible();
    await expect(questions(page)).toHaveCount(0);
  });
});

test.describe('rename', () => {
  test('renames from the conversation menu and keeps the name after a reload', async ({ page, openApp, seed }) => {
    await seed((t) => t.seedConversation({ title: 'Untitled thoughts', turns: [{ question: 'q', answer: 'a' }] }));
    await openApp('/');
    await conversationAction(page, 'Untitled thoughts', 'Rename');
    const input = sidebar(page).getByLabel('Conversation title');
    await expect(input).toBeFocused();
    await input.fill('Rust lifetimes');
    await input.press('Enter');

    await expect(conversationLink(page, 'Rust lifetimes')).toBeVisible();
    await expect(conversationLink(page, 'Untitled thoughts')).toHaveCount(0);
    await writesCommitted(page, 'conversations');
    await page.reload();
    await expect(conversationLink(page, 'Rust lifetimes')).toBeVisible();
  });

  test('renames by double-clicking the conversation in the sidebar; Escape cancels', async ({
    page,
    openApp,
    seed,
  }) => {
    await seed((t) => t.seedConversation({ title: 'First name', turns: [{ question: 'q', answer: 'a' }] }));
    await openApp('/');
    await conversationLink(page, 'First name').dblclick();
    const input = sidebar(page).getByLabel('Conversation title');
    await input.fill('Abandoned name');
    await input.press('Escape');
    await expect(conversationLink(page, 'First name')).toBeVisible();

    await conversationLink(page, 'First name').dblclick();
    await sidebar(page).getByLabel('Conversation title').fill('Second name');
    await sidebar(page).getByLabel('Conversation title').press('Enter');
    await expect(conversationLink(page, 'Second name')).toBeVisible();
    await writesCommitted(page, 'conversations');
    await page.reload();
    await expect(conversationLink(page, 'Second name')).toBeVisible();
    await expect(conversationLink(page, 'First name')).toHaveCount(0);
  });

  test('renames from the title in the chat header, and the sidebar follows', async ({ page, openApp, seed }) => {
    const { conversationId } = await seed((t) =>
      t.seedConversation({ title: 'Header title', turns: [{ question: 'q', answer: 'a' }] }),
    );
    await openApp(`/?c=${conversationId}`);
    const header = page.getByRole('banner');
    await header.getByRole('button', { name: 'Header title' }).click();
    await header.getByLabel('Conversation title').fill('Renamed from the header');
    await header.getByLabel('Conversation title').press('Enter');

    await expect(header.getByRole('heading', { name: 'Renamed from the header' })).toBeVisible();
    await expect(conversationLink(page, 'Renamed from the header')).toBeVisible();
    const [row] = (await seed(
      (t, id) => t.table('conversations').then((rows) => rows.filter((r: any) => r.id === id)),
      conversationId,
    )) as {
      title: string;
      titleSource: string;
    }[];
    expect(row).toMatchObject({ title: 'Renamed from the header', titleSource: 'user' });
  });
});

test.describe('delete', () => {
  test('deleting shows a toast whose Undo brings the conversation back, also after a reload', async ({
    page,
    openApp,
    seed,
  }) => {
    await seed((t) => t.seedConversation({ title: 'Keep me after all', turns: [{ question: 'q', answer: 'a' }] }));
    await openApp('/');
    await conversationAction(page, 'Keep me after all', 'Delete');

    await expect(conversationLink(page, 'Keep me after all')).toHaveCount(0);
    const toast = page.getByRole('status').filter({ hasText: 'Deleted “Keep me after all”' });
    await expect(toast).toBeVisible();
    await toast.getByRole('button', { name: 'Undo' }).click();

    await expect(conversationLink(page, 'Keep me after all')).toBeVisible();
    await page.reload();
    await expect(conversationLink(page, 'Keep me after all')).toBeVisible();
  });

  test('without Undo the open conversation is gone: the chat leaves it and it stays gone after a reload', async ({
    page,
    openApp,
    seed,
  }) => {
    const { conversationId } = await seed((t) =>
      t.seedConversation({ title: 'Throwaway', turns: [{ question: 'q', answer: 'throwaway answer' }] }),
    );
    await seed((t) => t.seedConversation({ title: 'Survivor', turns: [{ question: 'q', answer: 'a' }] }));
    await openApp(`/?c=${conversationId}`);
    await expect(answers(page)).toContainText('throwaway answer');
    await conversationAction(page, 'Throwaway', 'Delete');

    await expect(page).not.toHaveURL(/[?&]c=/);
    await expect(conversationLink(page, 'Throwaway')).toHaveCount(0);
    await page.reload();
    await expect(conversationLink(page, 'Survivor')).toBeVisible();
    await expect(conversationLink(page, 'Throwaway')).toHaveCount(0);
    await page.goto(page.url().replace(/\/(\?.*)?$/, `/?c=${conversationId}`));
    await expect(page.getByText('This conversation does not exist anymore.')).toBeVisible();
  });
});

test.describe('pin', () => {
  test('pinning moves a conversation into the Pinned group, which survives a reload; unpinning moves it back', async ({
    page,
    openApp,
    seed,
  }) => {
    await seed((t) => t.seedConversation({ title: 'Newest chat', turns: [{ question: 'q', answer: 'a' }] }));
    await seed((t) =>
      t.seedConversation({
        title: 'Important recipe',
        startAt: Date.now() - 3 * 86_400_000,
        turns: [{ question: 'q', answer: 'a' }],
      }),
    );
    await openApp('/');
    await expect(sidebarGroup(page, 'Pinned')).toHaveCount(0);
    await expect(sidebarGroup(page, 'Previous 7 days').getByRole('link', { name: 'Important recipe' })).toBeVisible();

    await conversationAction(page, 'Important recipe', 'Pin');
    const pinned = sidebarGroup(page, 'Pinned');
    await expect(pinned.getByRole('link', { name: 'Important recipe' })).toBeVisible();
    // Pinned comes first, above newer conversations.
    await expect(sidebar(page).locator('li[data-conversation-id]').first()).toContainText('Important recipe');

    await writesCommitted(page, 'conversations');
    await page.reload();
    await expect(sidebarGroup(page, 'Pinned').getByRole('link', { name: 'Important recipe' })).toBeVisible();

    await conversationAction(page, 'Important recipe', 'Unpin');
    await expect(sidebarGroup(page, 'Pinned')).toHaveCount(0);
    await expect(sidebarGroup(page, 'Previous 7 days').getByRole('link', { name: 'Important recipe' })).toBeVisible();
  });
});

test.describe('a long list', () => {
  test('shows the newest hundred and the open one, more on request, and a message moves an old one to the top', async ({
    page,
    openApp,
    seed,
  }) => {
    // History 0 is the oldest, History 129 the newest.
    const { conversationIds } = await seed((t) => t.seedBulk({ conversations: 130, turns: 1, signals: 0 }));
    const items = sidebar(page).locator('li[data-conversation-id]');
    await openApp(`/?c=${conversationIds[5]}`);
    await expect(items).toHaveCount(101);
    await expect(items.first()).toContainText('History 129:');
    await expect(items.nth(99)).toContainText('History 30:');
    // The open conversation is listed although it is not among the newest hundred.
    await expect(items.last()).toContainText('History 5:');
    const more = sidebar(page).getByRole('button', { name: 'Show more conversations (29 older)' });
    await expect(more).toBeVisible();

    // A question in the open conversation makes it the newest.
    await ask(page, 'One more question about this old chat');
    await expect(answers(page)).toHaveCount(2);
    await expect(items.first()).toContainText('History 5:');
    await expect(items).toHaveCount(100);
    await expect(items.last()).toContainText('History 31:');

    await sidebar(page)
      .getByRole('button', { name: /^Show more conversations/ })
      .click();
    await expect(items).toHaveCount(130);
    await expect(items.last()).toContainText('History 0:');
    await expect(sidebar(page).getByRole('button', { name: /^Show more conversations/ })).toHaveCount(0);
  });
});

test.describe('search', () => {
  test('finds conversations by title and by words inside messages, with the terms highlighted', async ({
    page,
    openApp,
    seed,
  }) => {
    await seed((t) =>
      t.seedConversation({
        title: 'Kubernetes ingress setup',
        turns: [{ question: 'How do I expose a service?', answer: 'Use an Ingress with a host rule.' }],
      }),
    );
    await seed((t) =>
      t.seedConversation({
        title: 'Sorting things',
        turns: [
          { question: 'Sort a list in Python', answer: 'Call `sorted()` with **key=len** to sort the zeppelin list.' },
        ],
      }),
    );
    await seed((t) => t.seedConversation({ title: 'Unrelated', turns: [{ question: 'hello', answer: 'hi' }] }));
    await openApp('/');
    const search = sidebar(page).getByRole('searchbox', { name: 'Search conversations' });
    const results = sidebar(page).getByRole('navigation', { name: 'Search results' });

    await search.fill('kubernetes');
    await expect(results.getByRole('link')).toHaveCount(1);
    await expect(results.getByRole('link')).toContainText('Kubernetes ingress setup');
    await expect(results.locator('mark').first()).toHaveText(/kubernetes/i);

    await search.fill('zeppelin');
    const hit = results.getByRole('link');
    await expect(hit).toHaveCount(1);
    await expect(hit).toContainText('Sorting things');
    await expect(hit).toContainText('Codelumi:');
    await expect(hit.locator('mark')).toHaveText(['zeppelin']);
    // The snippet reads as text, not as markdown source.
    await expect(hit).toContainText('Call sorted() with key=len to sort the zeppelin list.');

    await search.fill('nothing-like-this-anywhere');
    await expect(results).toContainText('No conversation mentions');

    await search.press('Escape');
    await expect(search).toHaveValue('');
    await expect(conversationLink(page, 'Unrelated')).toBeVisible();
  });

  test('a message hit opens its conversation scrolled to that message, marked', async ({ page, openApp, seed }) => {
    const turns = Array.from({ length: 40 }, (_, i) => ({
      question: `Question number ${i}`,
      answer:
        i === 3
          ? 'The answer mentions a quokka, found far up in the thread.'
          : `Plain answer ${i}.\n\n${'Filler line.\n\n'.repeat(4)}`,
    }));
    const { conversationId, messageIds } = await seed(
      (t, tt) => t.seedConversation({ title: 'A long thread', turns: tt }),
      turns,
    );
    await seed((t) => t.seedConversation({ title: 'Other chat', turns: [{ question: 'q', answer: 'a' }] }));
    await openApp('/');
    await sidebar(page).getByRole('searchbox', { name: 'Search conversations' }).fill('quokka');
    await sidebar(page)
      .getByRole('navigation', { name: 'Search results' })
      .getByRole('link', { name: /quokka/ })
      .click();

    const target = page.locator(`article[data-message-id="${messageIds[7]}"]`);
    await expect(page).toHaveURL(new RegExp(`c=${conversationId}&m=${messageIds[7]}`));
    await expect(target).toContainText('quokka');
    await expect(target).toHaveClass(/ring-2/);
    await expect(target).toBeInViewport();
    // The newest message is far below, out of view: the view really moved to the hit.
    await expect(answers(page).last()).not.toBeInViewport();
  });

  test('Ctrl+K puts the cursor in the search box from anywhere', async ({ page, openApp }) => {
    await openApp('/');
    await composer(page).click();
    await page.keyboard.press('Control+K');
    await expect(sidebar(page).getByRole('searchbox', { name: 'Search conversations' })).toBeFocused();
    await page.keyboard.type('abc');
    await expect(sidebar(page).getByRole('searchbox', { name: 'Search conversations' })).toHaveValue('abc');
    await expect(composer(page)).toHaveValue('');
  });
});

test.describe('automatic titles', () => {
  test('a new conversation is first named from the question, then by the model', async ({ page, fake, openApp }) => {
    fake.script([
      { match: { system: TITLE_SYSTEM }, reply: { content: '"Rust borrow checker basics"', firstTokenDelayMs: 2500 } },
      { match: { lastUser: 'borrow checker' }, reply: { content: 'It tracks who owns each value.' } },
    ]);
    await openApp('/');
    await ask(page, 'Explain the borrow checker in Rust');
    await expect(answers(page).last()).toContainText('It tracks who owns each value.');

    await expect(conversationLink(page, 'Explain the borrow checker in Rust')).toBeVisible();
    await expect(conversationLink(page, 'Rust borrow checker basics')).toBeVisible();
    await expect(conversationLink(page, 'Explain the borrow checker in Rust')).toHaveCount(0);
    await expect(page.getByRole('banner').getByRole('heading', { name: 'Rust borrow checker basics' })).toBeVisible();

    const titleRequest = fake.chatRequests().find((r) => TITLE_SYSTEM.test(r.system ?? ''));
    expect(titleRequest?.lastUser).toContain('Question: Explain the borrow checker in Rust');
    expect(titleRequest?.lastUser).toContain('Answer: It tracks who owns each value.');
  });

  test('when the title request fails, the title cut from the question stays', async ({ page, fake, openApp, seed }) => {
    fake.script([
      {
        match: { system: TITLE_SYSTEM },
        reply: { content: '', fault: { kind: 'error-before-output', status: 500, message: 'title model crashed' } },
      },
      {
        match: { lastUser: 'retry with backoff' },
        reply: { content: 'Wrap the call in a loop with a growing delay.' },
      },
    ]);
    await openApp('/');
    await ask(page, 'How do I retry with backoff in Go?\nI use net/http.');
    await expect(answers(page).last()).toContainText('growing delay');
    await expect.poll(() => fake.chatRequests().filter((r) => TITLE_SYSTEM.test(r.system ?? '')).length).toBe(1);

    await page.reload();
    await expect(conversationLink(page, 'How do I retry with backoff in Go?')).toBeVisible();
    const rows = (await seed((t) => t.table('conversations'))) as { title: string; titleSource: string }[];
    expect(rows).toEqual([
      expect.objectContaining({ title: 'How do I retry with backoff in Go?', titleSource: 'fallback' }),
    ]);
    // Naming is a nicety: its failure shows no error (the empty alert is Next's route announcer).
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  });
});
