/**
 * A message about to go to an Ollama on another machine is checked for
 * secrets first: the composer holds it and asks (replace them with
 * placeholders and send, send anyway, or cancel); nothing reaches Ollama
 * before the user chooses. With Ollama on this machine nothing is asked.
 * The "other machine" is the fake Ollama under a name that is not a
 * loopback name (Chromium resolves it to 127.0.0.1).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import {
  answer,
  answerRequests,
  answers,
  composer,
  expectSettled,
  questions,
  scriptAnswers,
  send,
} from './support/chat';
import { accessibilityProblems } from './support/ui';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunchForTests } = require('../scripts/lib/browser.cjs') as typeof import('../scripts/lib/browser.cjs');

const REMOTE = 'gpu-box.internal';
const launch = chromiumLaunchForTests() ?? { args: [] };
test.use({
  launchOptions: { ...launch, args: [...(launch.args ?? []), `--host-resolver-rules=MAP ${REMOTE} 127.0.0.1`] },
});

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const QUESTION = `Why does boto3 say InvalidClientTokenId with aws_access_key_id = ${AWS_KEY}?`;

const warning = (page: Page) => page.getByRole('alertdialog', { name: /This message holds/ });
const lastUserMessage = (page: Page, fake: Parameters<typeof answerRequests>[0]) =>
  answerRequests(fake)
    .at(-1)
    ?.messages.filter((m) => m.role === 'user')
    .at(-1)?.content ?? '';

test.beforeEach(async ({ fake }) => {
  scriptAnswers(fake, [answer(/./, { content: 'Check the key and the region.' })]);
});

async function openWithRemoteOllama(page: Page, openApp: (p?: string) => Promise<void>, seed: any, port: string) {
  await openApp('/');
  await seed((t: any, host: string) => t.configure({ ollamaHost: host }), `http://${REMOTE}:${port}`);
  await page.reload();
  await expect(composer(page)).toBeVisible();
}

test('a secret in a message to a remote Ollama is held until the user chooses: cancel, replace with placeholders, or send anyway', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  // Three sends, each after a reload to the remote host: longer than one exchange on a busy machine.
  test.setTimeout(90_000);
  await openWithRemoteOllama(page, openApp, seed, new URL(fake.url).port);

  await send(page, QUESTION);
  await expect(warning(page)).toBeVisible();
  await expect(warning(page)).toContainText('This message holds a secret: AWS access key');
  await expect(warning(page)).toContainText('placeholders such as <AWS_KEY>');
  await expect(warning(page)).toContainText(`Ollama runs on another machine (${REMOTE}:${new URL(fake.url).port})`);
  await expect(page.getByRole('button', { name: 'Replace and send' })).toBeFocused();
  expect(answerRequests(fake)).toHaveLength(0);
  await expect(questions(page)).toHaveCount(0);

  // Screenshots of the warning, wide and narrow, light and dark (looked at by hand).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: test.info().outputPath(`secrets-warning-${width}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await accessibilityProblems(page)).toEqual([]);

  // Cancel: nothing sent, the text stays to be edited, the focus goes back to it.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(warning(page)).toHaveCount(0);
  await expect(composer(page)).toHaveValue(QUESTION);
  await expect(composer(page)).toBeFocused();
  expect(answerRequests(fake)).toHaveLength(0);

  // Replace and send: the question goes with a placeholder, in the request and in the stored thread.
  await composer(page).press('Enter');
  await page.getByRole('button', { name: 'Replace and send' }).click();
  await expectSettled(answers(page).last());
  await expect(composer(page)).toHaveValue('');
  const replaced = QUESTION.replace(AWS_KEY, '<AWS_KEY>');
  expect(lastUserMessage(page, fake)).toBe(replaced);
  await expect(questions(page).last()).toContainText(replaced);
  expect(JSON.stringify(fake.chatRequests())).not.toContain(AWS_KEY);

  // Send anyway: the user's choice, the text as typed.
  const withPassword = 'My staging DB_PASSWORD=Winter2025! is refused, why?';
  await send(page, withPassword);
  await expect(warning(page)).toContainText('This message holds a secret: password');
  await page.getByRole('button', { name: 'Send anyway' }).click();
  await expect(answers(page)).toHaveCount(2);
  await expectSettled(answers(page).last());
  expect(lastUserMessage(page, fake)).toBe(withPassword);

  // Editing the text drops the warning; a message without secrets is sent with no question asked.
  await send(page, `token ghp_${'aB3dE6'.repeat(6)}`);
  await expect(warning(page)).toBeVisible();
  await composer(page).fill('How do I rotate a GitHub token?');
  await expect(warning(page)).toHaveCount(0);
  await composer(page).press('Enter');
  await expect(answers(page)).toHaveCount(3);
  await expect(warning(page)).toHaveCount(0);
});

test('editing a question to add a secret asks before the edited question goes to the remote Ollama', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  await openWithRemoteOllama(page, openApp, seed, new URL(fake.url).port);
  await send(page, 'How do I configure the S3 client?');
  await expectSettled(answers(page).last());
  expect(answerRequests(fake)).toHaveLength(1);

  await questions(page).last().hover();
  await page.getByRole('button', { name: 'Edit message' }).click();
  await page.getByLabel('Edit your message').fill(QUESTION);
  await page.getByLabel('Edit your message').press('Enter');
  await expect(warning(page)).toContainText('This message holds a secret: AWS access key');
  expect(answerRequests(fake)).toHaveLength(1);
  await page.getByRole('button', { name: 'Replace and send' }).click();
  await expect(page.getByLabel('Edit your message')).toHaveCount(0);
  await expect.poll(() => answerRequests(fake).length).toBe(2);
  await expectSettled(answers(page).last());
  expect(lastUserMessage(page, fake)).toBe(QUESTION.replace(AWS_KEY, '<AWS_KEY>'));
  expect(JSON.stringify(fake.chatRequests())).not.toContain(AWS_KEY);
});

test('with Ollama on this machine a message with a secret is sent without a question', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await send(page, QUESTION);
  await expectSettled(answers(page).last());
  await expect(warning(page)).toHaveCount(0);
  expect(lastUserMessage(page, fake)).toBe(QUESTION);
});
