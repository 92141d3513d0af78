/**
 * Nothing typed or received is lost: a reload mid-answer keeps the partial
 * answer (interrupted, with Continue), drafts survive reloads and refused
 * sends, two tabs share conversations without corrupting each other, a
 * long conversation opens at its end with earlier messages on demand, and a
 * question sent while a conversation loads goes into it.
 */
import { test, expect } from './fixtures';
import type { Conversation } from '../lib/core/records';
import {
  answer,
  answerRequests,
  composer,
  conversationIdOf,
  expectSettled,
  firstThenContinue,
  lastAnswer,
  questions,
  scriptAnswers,
  send,
  storedMessages,
  words,
  startNewChat,
} from './support/chat';
import { armSlowStorage, holdStores, installSlowStorage, letStoresGo } from './support/slow-storage';

test('a reload mid-answer keeps the partial answer as interrupted, and Continue completes it', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  const full = `Saved while streaming. ${words(300)} The very end.`;
  scriptAnswers(fake, [
    answer(
      'reload me',
      firstThenContinue({ content: full, tokensPerSecond: 60 }, { content: ' Finished after the reload.' }),
    ),
  ]);
  await openApp('/');
  await send(page, 'reload me');
  await expect(lastAnswer(page)).toContainText('word10');
  const id = await conversationIdOf(page);
  // Wait until a throttled save has reached IndexedDB, then reload while the answer still streams.
  const saved = async () => (await storedMessages(seed, id)).find((m) => m.role === 'assistant')?.content ?? '';
  await expect.poll(saved).toContain('word5');
  const savedBefore = await saved();
  await page.reload();

  const reply = lastAnswer(page);
  await expectSettled(reply, 'interrupted');
  await expect(reply).toContainText('This answer was interrupted when the page closed.');
  const stored = (await storedMessages(seed, id)).find((m) => m.role === 'assistant')!;
  expect(stored).toMatchObject({ status: 'interrupted', stopReason: 'reload' });
  expect(stored.content.startsWith(savedBefore)).toBe(true);
  expect(full.startsWith(stored.content)).toBe(true);
  expect(stored.content).not.toContain('The very end.');
  await expect(reply.locator('.prose-chat')).toContainText(stored.content.trim().split(' ').pop()!);

  await reply.getByRole('button', { name: 'Continue' }).click();
  await expectSettled(reply, 'complete');
  await expect(reply).toContainText('Finished after the reload.');
  expect(answerRequests(fake).at(-1)!.messages.at(-1)).toEqual({ role: 'assistant', content: stored.content });
  const after = (await storedMessages(seed, id)).filter((m) => m.role === 'assistant');
  expect(after).toEqual([
    expect.objectContaining({
      id: stored.id,
      status: 'complete',
      content: `${stored.content} Finished after the reload.`,
    }),
  ]);
});

test('the unsent draft of a new chat and of a conversation survive a reload', async ({ page, fake, openApp, seed }) => {
  scriptAnswers(fake, [answer('first', { content: 'First answer.' })]);
  await openApp('/');
  await composer(page).fill('A new-chat draft\nwith two lines');
  await expect
    .poll(async () => seed((t) => t.table('drafts')))
    .toEqual([expect.objectContaining({ key: 'new', text: 'A new-chat draft\nwith two lines' })]);
  await page.reload();
  await expect(composer(page)).toHaveValue('A new-chat draft\nwith two lines');

  await send(page, 'first');
  await expectSettled(lastAnswer(page));
  const id = await conversationIdOf(page);
  await composer(page).fill('A follow-up I have not sent yet');
  await expect
    .poll(async () => seed((t) => t.table('drafts')))
    .toEqual([expect.objectContaining({ key: id, text: 'A follow-up I have not sent yet' })]);
  await page.reload();
  await expect(composer(page)).toHaveValue('A follow-up I have not sent yet');
  await page
    .getByRole('button', { name: /^New chat/ })
    .first()
    .click();
  await expect(composer(page)).toHaveValue('');
});

test('a draft refused because Ollama is down survives a reload, and sending it later clears it', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  scriptAnswers(fake, [answer('kept draft', { content: 'Got it after all.' })]);
  // Down before the app looks, so the app knows it (a stop it has not noticed yet
  // is the other path: the question is kept in the thread with Try again).
  await fake.stopListening();
  await openApp('/');
  await send(page, 'kept draft');
  await expect(page.getByRole('alert').filter({ hasText: 'Ollama is not running' }).first()).toBeVisible();
  await expect(composer(page)).toHaveValue('kept draft');
  await expect
    .poll(async () => seed((t) => t.table('drafts')))
    .toEqual([expect.objectContaining({ key: 'new', text: 'kept draft' })]);

  await page.reload();
  await expect(composer(page)).toHaveValue('kept draft');
  await fake.resume();
  await composer(page).press('Enter');
  await expect(lastAnswer(page)).toContainText('Got it after all.');
  await expect(composer(page)).toHaveValue('');
  await expect.poll(async () => seed((t) => t.table('drafts'))).toEqual([]);
});

test('a sent question does not come back as the next new chat’s draft when storage is slow', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  scriptAnswers(fake, [answer('slow disk', { content: 'Answered.' })]);
  await installSlowStorage(page);
  await openApp('/');
  await armSlowStorage(page);
  await send(page, 'slow disk question');
  await expectSettled(lastAnswer(page));
  await expect(composer(page)).toHaveValue('');
  expect(await seed((t) => t.table('drafts'))).toEqual([]);
  await page
    .getByRole('button', { name: /^New chat/ })
    .first()
    .click();
  await expect(page).not.toHaveURL(/\?c=/);
  await expect(composer(page)).toHaveValue('');
});

test('two tabs show the same conversations live and each streams its own answer without corrupting the other', async ({
  page,
  fake,
  openApp,
  app,
  seed,
}) => {
  const alpha = `Alpha answer begins. ${words(80, 'a')} Alpha done.`;
  const beta = `Beta answer begins. ${words(80, 'b')} Beta done.`;
  scriptAnswers(fake, [
    answer('alpha question', { content: alpha, tokensPerSecond: 60 }),
    answer('beta question', { content: beta, tokensPerSecond: 60 }),
  ]);
  await openApp('/');
  const other = await page.context().newPage();
  await other.goto(`${app.url}/`);
  const sidebar = (p: typeof page) => p.getByRole('complementary', { name: 'Conversations' });
  await expect(sidebar(other)).toBeVisible();

  await send(page, 'alpha question');
  const a = await conversationIdOf(page);
  await expect(sidebar(other).locator(`a[href="/?c=${a}"]`)).toBeVisible();
  await sidebar(other).locator(`a[href="/?c=${a}"]`).click();
  await expect(questions(other)).toContainText('alpha question');

  await startNewChat(other);
  await send(other, 'beta question');
  const b = await conversationIdOf(other);
  expect(b).not.toBe(a);
  await expect(sidebar(page).locator(`a[href="/?c=${b}"]`)).toBeVisible();

  await expect(lastAnswer(page)).toContainText('Alpha done.');
  await expect(lastAnswer(other)).toContainText('Beta done.');
  await expectSettled(lastAnswer(page));
  await expectSettled(lastAnswer(other));

  // Each tab sees the other's finished conversation from the shared database.
  await sidebar(page).locator(`a[href="/?c=${b}"]`).click();
  await expect(lastAnswer(page)).toContainText('Beta done.');
  await expectSettled(lastAnswer(page));
  await sidebar(other).locator(`a[href="/?c=${a}"]`).click();
  await expect(lastAnswer(other)).toContainText('Alpha done.');
  await expectSettled(lastAnswer(other));

  const messages = [...(await storedMessages(seed, a)), ...(await storedMessages(seed, b))];
  expect(messages.map((m) => [m.conversationId, m.role, m.status, m.content])).toEqual([
    [a, 'user', 'complete', 'alpha question'],
    [a, 'assistant', 'complete', alpha],
    [b, 'user', 'complete', 'beta question'],
    [b, 'assistant', 'complete', beta],
  ]);
  const conversations = (await seed((t) => t.table('conversations'))) as Conversation[];
  expect(conversations.find((c) => c.id === a)).toMatchObject({ messageCount: 2, leafId: messages[1].id });
  expect(conversations.find((c) => c.id === b)).toMatchObject({ messageCount: 2, leafId: messages[3].id });
  await other.close();
});

test('another tab follows an answer as it grows, from the text saved while it streams, to its end', async ({
  page,
  fake,
  openApp,
  app,
}) => {
  const full = `Growing answer. ${words(200)} Growing done.`;
  scriptAnswers(fake, [answer('grow in the other tab', { content: full, tokensPerSecond: 40 })]);
  await openApp('/');
  await send(page, 'grow in the other tab');
  await expect(lastAnswer(page)).toContainText('word3');
  const id = await conversationIdOf(page);

  const other = await page.context().newPage();
  await other.goto(`${app.url}/?c=${id}`);
  const reply = lastAnswer(other);
  await expect(reply).toHaveAttribute('data-status', 'streaming');
  await expect(reply).toContainText('Still arriving in another tab');
  // Read together: the text has grown past what it held when the tab opened, and the answer still streams.
  const seen = () =>
    reply.evaluate((el) => ({
      status: el.getAttribute('data-status'),
      grown: / word60\b/.test(el.textContent ?? ''),
    }));
  let last = await seen();
  await expect.poll(async () => (last = await seen()).grown).toBe(true);
  expect(last.status).toBe('streaming');
  await expectSettled(reply);
  await expect(reply).toContainText('Growing done.');
  await expect(reply).not.toContainText('Still arriving in another tab');
  await other.close();
});

test('a conversation of 300 messages opens at its end and reveals earlier messages on demand and on scrolling up', async ({
  page,
  openApp,
  seed,
}) => {
  test.setTimeout(150_000);
  const pad = (n: number) => String(n).padStart(3, '0');
  const turns = Array.from({ length: 150 }, (_, i) => ({
    question: `Question Q${pad(i + 1)}: how do I write helper ${i + 1}?`,
    answer: `Answer A${pad(i + 1)} follows.\n\n\`\`\`ts\nexport function helper${i + 1}(x: number): number {\n  return x + ${i + 1};\n}\n\`\`\`\n\nThat is helper ${i + 1}.`,
  }));
  const { conversationId } = await seed((t, spec) => t.seedConversation(spec), { title: 'Long one', turns });
  await openApp(`/?c=${conversationId}`);

  const scroller = page.getByTestId('message-scroller');
  const items = page.locator('article[data-role]');
  const newest = page.getByText('Answer A150 follows.');
  const oldest = page.getByText('Question Q001:');
  await expect(newest).toBeInViewport();
  await expect(oldest).toHaveCount(0);
  await expect.poll(() => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(80);
  const showEarlier = page.getByRole('button', { name: /^Show 30 earlier messages \(\d+ more\)$/ });
  await expect(showEarlier).toBeAttached();
  const before = await items.count();
  expect(before).toBeLessThan(300);
  // A reader heads up to the button with the wheel, which stops the list following the bottom. Without
  // that, on a busy machine code blocks were still being highlighted below, and each growth brought the
  // view back down between Playwright's scroll to the button and its click (a loaded run, 150 s of misses).
  await scroller.hover();
  await page.mouse.wheel(0, -2000);
  await showEarlier.click();
  await expect.poll(() => items.count()).toBeGreaterThan(before);

  // Opened again, it starts at the end; scrolling up reveals earlier messages a page at a time.
  await page.reload();
  await expect(newest).toBeInViewport();
  await expect(oldest).toHaveCount(0);
  const counts = new Set<number>();
  await scroller.hover();
  await expect
    .poll(
      async () => {
        // Scroll up to just below the top each time, as a reader heading upwards would reach it.
        const top = await scroller.evaluate((el) => el.scrollTop);
        await page.mouse.wheel(0, -Math.max(top - 200, 200));
        counts.add(await items.count());
        return oldest.count();
      },
      { intervals: [100], timeout: 60_000 },
    )
    .toBe(1);
  // Revealed in several steps, not all at once.
  expect([...counts].filter((n) => n < 300).length).toBeGreaterThan(2);
  await expect(items).toHaveCount(300);
  await expect(page.getByRole('button', { name: /earlier messages/ })).toHaveCount(0);
  await page.getByText('Question Q001:').scrollIntoViewIfNeeded();
  await expect(page.getByText('Question Q001:')).toBeInViewport();
});

test('the view stays where it was brought up to (by focus, find or a script) when the thread grows below', async ({
  page,
  openApp,
  seed,
}) => {
  // Five turns: ten messages, all rendered at once (a conversation opens with its last 12), so the first question is
  // on the page without revealing earlier messages, which is another test's subject.
  const turns = Array.from({ length: 5 }, (_, i) => ({
    question: `Question ${i + 1}: how do I write helper ${i + 1}?`,
    answer: `Answer ${i + 1} follows.\n\n${'A line of explanation.\n\n'.repeat(8)}That is helper ${i + 1}.`,
  }));
  const { conversationId } = await seed((t, spec) => t.seedConversation(spec), { title: 'Scrolled', turns });
  await openApp(`/?c=${conversationId}`);
  const scroller = page.getByTestId('message-scroller');
  const fromBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  await expect(page.getByText('That is helper 5.')).toBeInViewport();
  await expect.poll(fromBottom).toBeLessThan(80);

  // Brought up to the first question without the wheel, the way the browser brings a focused control into view.
  // While the thread still lays out (a busy machine), a scroll that comes with a change of layout is the layout's,
  // and following goes on: the reader's scroll holds once the layout is still, as it soon is.
  await expect(async () => {
    await page.getByText('Question 1:').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await expect(page.getByText('Question 1:')).toBeInViewport({ timeout: 1000 });
  }).toPass();
  await expect.poll(fromBottom).toBeGreaterThan(400);
  // The thread grows below (a run's output, an answer in another tab): the view does not jump back down.
  await page
    .getByRole('log', { name: 'Conversation' })
    .evaluate((log) => log.append(Object.assign(document.createElement('div'), { style: 'height: 600px' })));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await expect(page.getByText('Question 1:')).toBeInViewport();
});

test('a question sent while the conversation just opened is still loading waits for it and goes into it', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  scriptAnswers(fake, [
    answer('alpha question', { content: 'Alpha answer.' }),
    answer('beta question', { content: 'Beta answer.' }),
    answer('third question', { content: 'Third answer.' }),
  ]);
  await openApp('/');
  await send(page, 'alpha question');
  await expect(lastAnswer(page)).toContainText('Alpha answer.');
  const alpha = await conversationIdOf(page);
  await startNewChat(page);
  await send(page, 'beta question');
  await expect(lastAnswer(page)).toContainText('Beta answer.');
  const beta = await conversationIdOf(page);
  await expectSettled(lastAnswer(page));

  // A slow disk: conversations and messages stay busy until the test lets go, so opening alpha waits on them.
  await holdStores(page, ['conversations', 'messages']);
  await page.locator(`a[href*="c=${alpha}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`c=${alpha}`));
  await composer(page).fill('third question');
  await composer(page).press('Enter');
  await letStoresGo(page);

  await expect(questions(page)).toHaveText(['alpha question', 'third question']);
  await expect(lastAnswer(page)).toContainText('Third answer.');
  expect((await storedMessages(seed, alpha)).map((m) => m.content)).toEqual([
    'alpha question',
    'Alpha answer.',
    'third question',
    'Third answer.',
  ]);
  expect((await storedMessages(seed, beta)).map((m) => m.content)).toEqual(['beta question', 'Beta answer.']);
});
