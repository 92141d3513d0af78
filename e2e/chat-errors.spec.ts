/**
 * Every failure of issue 3, end to end against the fake Ollama: each shows a
 * clear message with the next step, and nothing typed or received is lost.
 * Screenshots of the error states are attached to the report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, openBlank, runSeed } from './fixtures';
import { startFakeOllama, tokenize } from '../tests/fake-ollama';
import { startStaticServer } from '../scripts/lib/serve.mjs';
import {
  answer,
  answerRequests,
  answers,
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
} from './support/chat';

const OUT = path.resolve(__dirname, '..', 'out');

/** A fake whose pulls take a few seconds, so the progress can be watched. */
const test = base.extend({
  fake: async ({}, use) => {
    const fake = await startFakeOllama({ quiet: true, pullBytesPerSecond: 600_000_000 });
    await use(fake);
    await fake.close();
  },
});

test('Ollama not running: sending keeps the draft and says how to start it; once it runs, sending works without a reload', async ({
  page,
  fake,
  openApp,
}, testInfo) => {
  scriptAnswers(fake, [answer('are you there', { content: 'Yes, here now.' })]);
  await fake.stopListening();
  await openApp('/');
  await expect(page.getByRole('heading', { name: 'Ollama is not running' })).toBeVisible();

  await send(page, 'are you there?');
  const notice = page.locator('[data-error-code="unreachable:ollama"]');
  await expect(notice).toContainText('Ollama is not running');
  await expect(notice).toContainText('ollama serve');
  await expect(composer(page)).toHaveValue('are you there?');
  await expect(answers(page)).toHaveCount(0);
  await testInfo.attach('ollama-down', { body: await page.screenshot(), contentType: 'image/png' });

  await fake.resume();
  await composer(page).press('Enter');
  await expect(lastAnswer(page)).toContainText('Yes, here now.');
  await expect(notice).toHaveCount(0);
  await expect(composer(page)).toHaveValue('');
  expect(answerRequests(fake)).toHaveLength(1);
});

test('Ollama stopping during a conversation is shown above it; the draft waits and the chat goes on when it is back', async ({
  page,
  fake,
  openApp,
}, testInfo) => {
  scriptAnswers(fake, [answer('first', { content: 'First answer.' }), answer('second', { content: 'Second answer.' })]);
  await openApp('/');
  await send(page, 'first');
  await expectSettled(lastAnswer(page));

  await fake.stopListening();
  // The connection is checked again when the window regains focus (and every few seconds).
  await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByRole('heading', { name: 'Ollama is not running' })).toBeVisible();
  await send(page, 'second');
  await expect(page.locator('[data-error-code="unreachable:ollama"]')).toContainText('ollama serve');
  await expect(composer(page)).toHaveValue('second');
  await expect(questions(page)).toHaveCount(1);
  await testInfo.attach('ollama-stopped-mid-conversation', { body: await page.screenshot(), contentType: 'image/png' });

  await fake.resume();
  await composer(page).press('Enter');
  await expect(lastAnswer(page)).toContainText('Second answer.');
  await expect(answers(page)).toHaveCount(2);
});

test('CORS blocked: a page served from another origin gets the exact OLLAMA_ORIGINS value, and Check again recovers', async ({
  page,
  fake,
}, testInfo) => {
  scriptAnswers(fake, [answer('through cors', { content: 'Allowed now.' })]);
  const elsewhere = await startStaticServer({ dir: OUT, host: '127.0.0.2', port: 0 });
  try {
    await openBlank(page, elsewhere.url);
    await runSeed(page, (t, host) => t.configure({ ollamaHost: host }), fake.url);
    await page.goto(`${elsewhere.url}/`);

    const value = `OLLAMA_ORIGINS="${elsewhere.url}"`;
    const panel = page.getByRole('alert').filter({ hasText: 'Ollama is running but blocks this page' });
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(value);
    expect(fake.requests.some((r) => r.headers.origin === elsewhere.url)).toBe(true);

    await send(page, 'through cors');
    const notice = page.locator('[data-error-code="blocked:cors"]');
    await expect(notice).toContainText('Ollama is blocking this page');
    await expect(notice).toContainText(value);
    await expect(composer(page)).toHaveValue('through cors');
    await testInfo.attach('cors-blocked', {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    });

    fake.setOrigins('http://127.0.0.2:*');
    await panel.getByRole('button', { name: 'Check again' }).click();
    await expect(panel).toHaveCount(0);
    await composer(page).press('Enter');
    await expect(lastAnswer(page)).toContainText('Allowed now.');
    expect(answerRequests(fake)).toHaveLength(1);
  } finally {
    await page.close();
    await elsewhere.close();
  }
});

test('model not found: the notice offers Download model, shows the pull live, and Try again answers', async ({
  page,
  fake,
  openApp,
  seed,
}, testInfo) => {
  scriptAnswers(fake, [answer('hello llama', { content: 'Hello from llama.' })]);
  const { conversationId } = await seed((t, spec) => t.seedConversation(spec), {
    model: 'llama3.2:3b',
    turns: [{ question: 'earlier question', answer: 'Earlier answer.' }],
  });
  await openApp(`/?c=${conversationId}`);
  await send(page, 'hello llama');

  const reply = lastAnswer(page);
  await expectSettled(reply, 'error');
  const notice = reply.locator('[data-error-code="not_found:model"]');
  await expect(notice).toContainText('Model “llama3.2:3b” is not installed');
  await expect(notice).toContainText('ollama pull llama3.2:3b');
  await testInfo.attach('model-not-found', { body: await page.screenshot(), contentType: 'image/png' });

  await notice.getByRole('button', { name: 'Download model' }).click();
  const bar = notice.getByRole('progressbar', { name: 'Downloading llama3.2:3b' });
  await expect
    .poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0), { intervals: [50] })
    .toBeGreaterThan(0);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
  await expect(notice).toContainText(/of 2\.0 GB/);
  await testInfo.attach('model-pulling', { body: await page.screenshot(), contentType: 'image/png' });
  await expect(notice).toContainText('Installed', { timeout: 20_000 });
  expect(fake.requests.some((r) => r.path === '/api/pull' && (r.body?.model ?? r.body?.name) === 'llama3.2:3b')).toBe(
    true,
  );

  await expect(notice.getByRole('button', { name: 'Try again now' })).toBeVisible();
  await testInfo.attach('model-installed', { body: await page.screenshot(), contentType: 'image/png' });
  await notice.getByRole('button', { name: 'Try again now' }).click();
  await expect(lastAnswer(page)).toContainText('Hello from llama.');
  await expectSettled(lastAnswer(page));
  await expect(lastAnswer(page).getByRole('group', { name: 'answer versions' })).toContainText('2 / 2');
  await expect(questions(page).last()).toContainText('hello llama');
  expect(answerRequests(fake).at(-1)!.model).toBe('llama3.2:3b');
});

test('an error before any output shows the error, keeps the question, and Try again answers', async ({
  page,
  fake,
  openApp,
  seed,
}, testInfo) => {
  scriptAnswers(fake, [
    answer(
      'fragile',
      {
        content: '',
        fault: { kind: 'error-before-output', status: 500, message: 'llama runner process has terminated' },
      },
      1,
    ),
    answer('fragile', { content: 'Recovered answer.' }),
  ]);
  await openApp('/');
  await send(page, 'fragile question');
  const reply = lastAnswer(page);
  await expectSettled(reply, 'error');
  const notice = reply.locator('[data-error-code="server:ollama"]');
  await expect(notice).toContainText('Ollama reported an error');
  await expect(notice).toContainText('llama runner process has terminated');
  await expect(questions(page)).toContainText('fragile question');
  await testInfo.attach('error-before-output', { body: await page.screenshot(), contentType: 'image/png' });

  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(lastAnswer(page)).toContainText('Recovered answer.');
  await expectSettled(lastAnswer(page));
  const stored = await storedMessages(seed, await conversationIdOf(page));
  expect(stored.filter((m) => m.role === 'assistant').map((m) => [m.status, m.content, m.error?.code])).toEqual([
    ['error', '', 'server:ollama'],
    ['complete', 'Recovered answer.', undefined],
  ]);
});

test('an error mid-stream keeps the partial answer, shows the error and offers retry', async ({
  page,
  fake,
  openApp,
  seed,
}, testInfo) => {
  const content = 'These words arrive before the failure, and these never arrive at all.';
  const partial = tokenize(content).slice(0, 7).join('');
  scriptAnswers(fake, [
    answer(
      'midway',
      { content, fault: { kind: 'error-mid-stream', afterTokens: 7, message: 'CUDA error: out of memory' } },
      1,
    ),
    answer('midway', { content: 'A complete second try.' }),
  ]);
  await openApp('/');
  await send(page, 'midway');
  const reply = lastAnswer(page);
  await expectSettled(reply, 'error');
  await expect(reply.locator('.prose-chat')).toHaveText(partial.trim());
  const notice = reply.locator('[data-error-code="stream_error:ollama"]');
  await expect(notice).toContainText('Ollama stopped with an error');
  await expect(notice).toContainText('CUDA error: out of memory');
  await expect(notice).toContainText('The part of the answer that arrived is kept above.');
  await expect(notice.getByRole('button', { name: 'Continue' })).toBeVisible();
  await testInfo.attach('error-mid-stream', { body: await page.screenshot(), contentType: 'image/png' });
  const id = await conversationIdOf(page);
  const failed = (await storedMessages(seed, id)).find((m) => m.role === 'assistant')!;
  expect(failed).toMatchObject({
    status: 'error',
    content: partial,
    error: expect.objectContaining({ code: 'stream_error:ollama' }),
  });

  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(lastAnswer(page)).toContainText('A complete second try.');
  await expectSettled(lastAnswer(page));
  await lastAnswer(page).getByRole('button', { name: 'Previous answer version' }).click();
  await expect(lastAnswer(page).locator('.prose-chat')).toHaveText(partial.trim());
});

test('a connection cut without done keeps the partial answer, says it was cut off, and Continue finishes it', async ({
  page,
  fake,
  openApp,
  seed,
}, testInfo) => {
  const content = `The stream starts fine. ${words(40)} The connection drops before this.`;
  const sent = tokenize(content).slice(0, 40);
  // Tokens come at a model's pace for two seconds before the cut. (A browser discards
  // the bytes it had not handed to the page yet when a response fails, so the last
  // few tokens before the cut may be lost; the ones read before it must be kept.)
  scriptAnswers(fake, [
    answer(
      'cut me',
      firstThenContinue(
        { content, tokensPerSecond: 20, fault: { kind: 'cut-mid-stream', afterTokens: 40 } },
        { content: ' and it was continued.' },
      ),
    ),
  ]);
  await openApp('/');
  await send(page, 'cut me');
  const reply = lastAnswer(page);
  await expectSettled(reply, 'error');
  const notice = reply.locator('[data-error-code="stream_cut:ollama"]');
  await expect(notice).toContainText('The answer was cut off');
  await expect(notice).toContainText('The part of the answer that arrived is kept above.');
  await testInfo.attach('stream-cut', { body: await page.screenshot(), contentType: 'image/png' });
  const answerId = await reply.getAttribute('data-message-id');
  const kept = (await storedMessages(seed, await conversationIdOf(page))).find((m) => m.role === 'assistant')!;
  expect(kept.status).toBe('error');
  expect(kept.content.startsWith(sent.slice(0, 10).join(''))).toBe(true);
  expect(sent.join('').startsWith(kept.content)).toBe(true);
  await expect(reply.locator('.prose-chat')).toHaveText(kept.content.trim());

  await notice.getByRole('button', { name: 'Continue' }).click();
  await expectSettled(reply, 'complete');
  await expect(reply).toContainText('and it was continued.');
  await expect(answers(page)).toHaveCount(1);
  expect(answerRequests(fake).at(-1)!.messages.at(-1)).toEqual({ role: 'assistant', content: kept.content });
  const stored = (await storedMessages(seed, await conversationIdOf(page))).filter((m) => m.role === 'assistant');
  expect(stored).toEqual([
    expect.objectContaining({ id: answerId, status: 'complete', content: `${kept.content} and it was continued.` }),
  ]);
});

test('a model slow to load shows "Loading model…" and the composer stays usable until the answer arrives', async ({
  page,
  fake,
  openApp,
}) => {
  scriptAnswers(fake, [answer('cold start', { content: 'Warm now.', firstTokenDelayMs: 4000 })]);
  await openApp('/');
  await send(page, 'cold start');
  const reply = lastAnswer(page);
  const waiting = reply.getByTestId('waiting');
  await expect(waiting).toContainText('Loading model…');
  await expect(page.getByRole('button', { name: 'Stop the answer (Esc)' })).toBeVisible();

  await composer(page).fill('typed while it loads');
  await expect(composer(page)).toHaveValue('typed while it loads');
  await expect(reply).not.toContainText('Warm now.');

  await expect(reply).toContainText('Warm now.');
  await expect(waiting).toHaveCount(0);
  await expect(composer(page)).toHaveValue('typed while it loads');
});

test('storage full: the send is refused with "Storage is full", the draft stays, and earlier conversations are intact', async ({
  playwright,
  launchOptions,
  fake,
  app,
}, testInfo) => {
  // Quota is enforced only on on-disk IndexedDB whose quota was set before the
  // database was opened in that browser session: a persistent profile, two sessions.
  scriptAnswers(fake, [answer('after space', { content: 'Stored fine.' })]);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-quota-'));
  const turns = [
    { question: 'kept question one', answer: 'Kept answer one.' },
    { question: 'kept question two', answer: 'Kept answer two.' },
  ];
  const open = () =>
    playwright.chromium.launchPersistentContext(profile, { ...launchOptions, viewport: { width: 1280, height: 800 } });
  let context = await open();
  try {
    const setup = context.pages()[0] ?? (await context.newPage());
    await openBlank(setup, app.url);
    await runSeed(setup, (t, host) => t.configure({ ollamaHost: host }), fake.url);
    const { conversationId, messageIds } = await runSeed(setup, (t, spec) => t.seedConversation(spec), {
      title: 'Precious',
      turns,
    });
    await context.close();

    context = await open();
    const page = context.pages()[0] ?? (await context.newPage());
    await openBlank(page, app.url);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url, quotaSize: 1 });
    await page.goto(`${app.url}/?c=${conversationId}`);
    await expect(lastAnswer(page)).toContainText('Kept answer two.');

    await send(page, 'this does not fit anymore');
    const notice = page.locator('[data-error-code="quota:db"]');
    await expect(notice).toContainText('Storage is full');
    await expect(notice).toContainText('your text is still here');
    await expect(composer(page)).toHaveValue('this does not fit anymore');
    await expect(questions(page)).toHaveCount(2);
    await testInfo.attach('storage-full', { body: await page.screenshot(), contentType: 'image/png' });
    expect(answerRequests(fake)).toHaveLength(0);

    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url });
    await page.reload();
    await expect(lastAnswer(page)).toContainText('Kept answer two.');
    await expect(
      page.getByRole('complementary', { name: 'Conversations' }).locator(`a[href="/?c=${conversationId}"]`),
    ).toBeVisible();
    const stored = await runSeed(page, (t, c) => t.messagesOf(c), conversationId);
    expect(stored.map((m) => [m.id, m.content, m.status])).toEqual([
      [messageIds[0], 'kept question one', 'complete'],
      [messageIds[1], 'Kept answer one.', 'complete'],
      [messageIds[2], 'kept question two', 'complete'],
      [messageIds[3], 'Kept answer two.', 'complete'],
    ]);
    await send(page, 'after space is back');
    await expect(lastAnswer(page)).toContainText('Stored fine.');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('a message too long for the context window is refused before anything is sent, and the draft is kept', async ({
  page,
  fake,
  openApp,
  seed,
}, testInfo) => {
  await seed((t) => t.configure({ contextLength: 512 }));
  await openApp('/');
  const long = `Please review this file:\n\n${'const value = computeSomethingExpensive(input, options);\n'.repeat(60)}`;
  await composer(page).fill(long);
  await composer(page).press('Enter');

  const notice = page.locator('[data-error-code="overflow:context"]');
  await expect(notice).toContainText('Message too long for the context window');
  await expect(notice).toContainText('context window of 512 tokens');
  await expect(composer(page)).toHaveValue(long);
  await expect(answers(page)).toHaveCount(0);
  await expect(page).not.toHaveURL(/\?c=/);
  await testInfo.attach('context-overflow', { body: await page.screenshot(), contentType: 'image/png' });
  expect(fake.chatRequests()).toHaveLength(0);
  expect(await seed((t) => t.table('conversations'))).toEqual([]);
});
