/**
 * Codelumi's voice end to end: the Personality settings show how Codelumi
 * will sound, are kept across reloads, and change the persona at the top of
 * the system prompt the fake Ollama receives.
 */
import { test, expect } from './fixtures';
import { answerRequests, expectSettled, lastAnswer, scriptAnswers, answer, send, startNewChat } from './support/chat';
import { DEFAULT_VOICE, personaFor } from '../lib/prompt/persona';

const MODEL = 'qwen2.5-coder:7b';

test.beforeEach(async ({ fake, seed }) => {
  scriptAnswers(fake, [answer('reverse', { content: 'Use `items[::-1]`.' })]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('the chosen answer length and tone reach the system prompt, in place of the default voice', async ({
  page,
  fake,
  openApp,
}) => {
  await openApp('/');
  await send(page, 'How do I reverse a list?');
  await expectSettled(lastAnswer(page));
  const before = answerRequests(fake).at(-1)!.system!;
  expect(before.startsWith(personaFor(DEFAULT_VOICE))).toBe(true);

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Personality' });
  await expect(section.getByRole('radio', { name: 'Balanced' })).toBeChecked();
  await expect(section.getByRole('radio', { name: 'Friendly' })).toBeChecked();
  const preview = section.getByTestId('voice-preview');
  await expect(preview).toContainText('Happy to help! Use items[::-1] for a reversed copy');

  await section.getByRole('radio', { name: 'Concise' }).check();
  await section.getByRole('radio', { name: 'Plain' }).check();
  await expect(preview).toContainText('Use items[::-1].');
  await expect(preview).not.toContainText('Happy to help');

  await page.reload();
  await expect(page.getByRole('radio', { name: 'Concise' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Plain' })).toBeChecked();

  await startNewChat(page);
  await send(page, 'How do I reverse a list in Python?');
  await expectSettled(lastAnswer(page));
  const after = answerRequests(fake).at(-1)!.system!;
  const plainConcise = personaFor({ answerLength: 'concise', tone: 'plain' });
  expect(after.startsWith(plainConcise)).toBe(true);
  expect(after).toContain('no greetings, pleasantries, praise or exclamation marks');
  expect(after).not.toContain('friendly colleague');
});
