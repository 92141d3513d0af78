/**
 * What the user sees when Ollama misbehaves mid-answer, or when two tabs
 * share one conversation (issue 11): an answer with no end stops at the
 * length limit set in Settings, a server gone silent is given up on, a
 * malformed or endless line ends the answer with a clear message, and a tab
 * opening while another writes an answer leaves that answer alone. In every
 * case the text that arrived is kept.
 */
import { test, expect } from './fixtures';
import type { Fault } from '../tests/fake-ollama';
import {
  answer,
  answerRequests,
  answers,
  composer,
  conversationIdOf,
  expectSettled,
  firstThenContinue,
  lastAnswer,
  scriptAnswers,
  send,
  storedMessages,
  words,
} from './support/chat';

test('an answer whose Ollama goes silent mid-stream is kept, says what happened, and Continue finishes it', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  await seed((t) => t.configure({ silenceTimeoutSec: 1 }));
  scriptAnswers(fake, [
    answer(
      'go quiet',
      firstThenContinue(
        { content: 'The first words came, then nothing.', fault: { kind: 'silent-mid-stream', afterTokens: 4 } },
        { content: ' And the rest came later.' },
      ),
    ),
  ]);
  await openApp('/');
  await send(page, 'go quiet');
  const reply = lastAnswer(page);
  await expectSettled(reply, 'interrupted');
  await expect(reply.getByTestId('interruption')).toContainText('Ollama went silent in the middle of this answer');
  await expect(reply).toContainText('The first words came');

  await reply.getByRole('button', { name: 'Continue' }).click();
  await expectSettled(reply, 'complete');
  await expect(reply).toContainText('The first words came And the rest came later.');
});

test('an endless answer stops at the longest-answer limit chosen in Settings, keeps its text, and offers Continue', async ({
  page,
  fake,
  openApp,
  seed,
}) => {
  scriptAnswers(fake, [answer('loop forever', { content: 'Again and again. ', fault: { kind: 'endless' } })]);
  await openApp('/settings/');
  const limit = page.getByLabel('Longest answer (tokens)');
  await expect(limit).toHaveValue('4096');
  await expect(page.getByText('so a model caught repeating itself cannot write forever')).toBeVisible();
  await limit.fill('64');
  await expect.poll(() => seed((t) => t.readSettings().then((s) => s.maxAnswerTokens))).toBe(64);
  await openApp('/');

  await send(page, 'loop forever');
  const reply = lastAnswer(page);
  await expectSettled(reply, 'interrupted');
  await expect(reply.getByTestId('interruption')).toContainText('reached the longest-answer limit set in Settings');
  await expect(reply).toContainText('Again and again.');
  expect(answerRequests(fake).at(-1)!.body.options).toMatchObject({ num_predict: 64 });
  await expect(reply.getByRole('button', { name: 'Continue' })).toBeVisible();
});

test('Stop on an endless answer keeps its text, also after a reload', async ({ page, fake, openApp, seed }) => {
  scriptAnswers(fake, [
    answer('never stop', { content: `${words(20, 'loop')} `, fault: { kind: 'endless' }, tokensPerSecond: 60 }),
  ]);
  await openApp('/');
  await send(page, 'never stop');
  const reply = lastAnswer(page);
  await expect(reply).toContainText('loop20 loop1');
  await page.getByRole('button', { name: 'Stop the answer (Esc)' }).click();
  await expectSettled(reply, 'interrupted');
  const [stopped] = (await storedMessages(seed, await conversationIdOf(page))).filter((m) => m.role === 'assistant');
  expect(stopped).toMatchObject({ status: 'interrupted', stopReason: 'user' });
  expect(stopped.content).toContain('loop20 loop1');
  await page.reload();
  await expect(lastAnswer(page)).toContainText(stopped.content.trim().split(' ').pop()!);
});

const MALFORMED: [string, Fault][] = [
  ['a null line', { kind: 'raw-lines', afterTokens: 4, lines: ['null'] }],
  ['a line that is not JSON', { kind: 'raw-lines', afterTokens: 4, lines: ['{"message": oops'] }],
  ['a line with no newline for megabytes', { kind: 'unterminated-line', afterTokens: 4, bytes: 3 * 1024 * 1024 }],
];
for (const [what, fault] of MALFORMED) {
  test(`${what} from Ollama ends the answer with a clear message, and the text before it stays`, async ({
    page,
    fake,
    openApp,
  }) => {
    scriptAnswers(fake, [answer('break it', { content: 'These words arrive before the bad line.', fault })]);
    await openApp('/');
    await send(page, 'break it');
    const reply = lastAnswer(page);
    await expectSettled(reply, 'error');
    await expect(reply).toContainText('Ollama sent something Codelumi cannot read');
    await expect(reply).toContainText('The part of the answer that arrived is kept above.');
    await expect(reply).toContainText('These words arrive');
    await page.reload();
    await expect(lastAnswer(page)).toContainText('These words arrive');
    await expect(lastAnswer(page)).toContainText('Ollama sent something Codelumi cannot read');
  });
}

test("a second tab opened while the first tab's answer waits for its context leaves that answer to the first tab", async ({
  page,
  context,
  fake,
  app,
  openApp,
}) => {
  scriptAnswers(fake, [
    answer('two tabs', {
      content: 'Arriving in the first tab. ',
      fault: { kind: 'silent-mid-stream', afterTokens: 5 },
    }),
  ]);
  // Holds the first tab's context lookup (a Comlink call to the analysis worker) until released.
  await page.addInitScript(() => {
    const w = window as unknown as { __held: (() => void)[]; __releaseContext: () => void };
    w.__held = [];
    w.__releaseContext = () => w.__held.splice(0).forEach((f) => f());
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: Transferable[]) {
      const m = message as { type?: string; path?: string[] } | null;
      if (m?.type === 'APPLY' && m.path?.[0] === 'retrieve') {
        w.__held.push(() => post.call(this, message, { transfer: transfer ?? [] }));
        return;
      }
      return post.call(this, message, { transfer: transfer ?? [] });
    } as typeof Worker.prototype.postMessage;
  });
  await openApp('/');
  await send(page, 'first question');
  await expectSettled(lastAnswer(page));
  const id = await conversationIdOf(page);
  // The second tab has the conversation open (and the app cached) before the race.
  const second = await context.newPage();
  await second.goto(`${app.url}/?c=${id}`);
  await expectSettled(lastAnswer(second));

  await send(page, 'two tabs');
  await expect(answers(page)).toHaveCount(2);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
  // The second tab loads again (settling answers no live tab holds) while the first still waits for context.
  await second.reload();
  const there = lastAnswer(second);
  await expect(answers(second)).toHaveCount(2);
  await page.evaluate(() => (window as unknown as { __releaseContext: () => void }).__releaseContext());

  // The first tab streams on, and the second follows its saves instead of calling the answer interrupted.
  await expect(lastAnswer(page)).toContainText('Arriving in the first tab');
  await expect(there).toContainText('Arriving in the first tab');
  await expect(there).toContainText('Still arriving in another tab');
  await expect(there.getByRole('button', { name: 'Continue' })).toHaveCount(0);
  await expect(composer(second)).toBeVisible();
});
