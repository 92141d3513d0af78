/**
 * The optional judge in the production build: switched on in Settings, it
 * shows a follow-up the detector found unclear to the user's own model (the
 * fake Ollama, over HTTP, with the verdict's JSON schema as `format`) once the
 * answer has finished, and the verdict changes the signal under the answer.
 * Off (the default), nothing is asked.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answers, ask } from './support/ui';
import { answered, startNewChat } from './support/chat';

const MODEL = 'qwen2.5-coder:7b';
/** The detector reads this as thanks, but without conviction (the "but" pulls towards said_wrong). */
const UNCLEAR = 'thanks, but it still crashes';

const badge = (page: Page, index: number, kind: string) => answers(page).nth(index).locator(`[data-signal="${kind}"]`);

test.beforeEach(async ({ fake, seed }) => {
  fake.script([
    { match: { format: true }, reply: { content: '{"label":"said_wrong","confidence":0.9}' } },
    { match: { lastUser: 'reverse a list' }, reply: { content: 'Use slicing:\n\n```python\nitems[::-1]\n```' } },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('switched on, an unclear reaction is judged by the local model and its verdict replaces the signal', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/settings');
  const learning = page.getByRole('region', { name: 'Learning' });
  await learning.getByRole('checkbox', { name: /Ask my model about unclear reactions/ }).check();
  await expect(learning.getByRole('combobox', { name: 'Model to ask' })).toHaveValue('');
  await expect(learning).toContainText('No follow-up has been judged yet.');

  await startNewChat(page);
  await ask(page, 'How do I reverse a list in Python?');
  await answered(page, 1);
  await ask(page, UNCLEAR);
  await answered(page, 2);

  const wrong = badge(page, 0, 'said_wrong');
  await expect(wrong).toBeVisible();
  await expect(wrong).toHaveAttribute('data-judged', 'true');
  await expect(wrong).toHaveAttribute('aria-label', new RegExp(`checked by ${MODEL.replace('.', '\\.')}`));
  await expect(badge(page, 0, 'thanks')).toHaveCount(0);

  // One request, to the model that wrote the answer, constrained to the verdict's schema, quoting the follow-up.
  const judged = fake.chatRequests().filter((r) => r.body?.format);
  expect(judged).toHaveLength(1);
  expect(judged[0].model).toBe(`${MODEL}`);
  expect(judged[0].body.format).toMatchObject({ required: ['label', 'confidence'] });
  expect(judged[0].lastUser).toContain(UNCLEAR);

  await page.getByRole('link', { name: 'Learning' }).click();
  await expect(page.getByTestId('recent-signals').locator('[data-signal="said_wrong"]')).toContainText(
    `checked by ${MODEL}`,
  );
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('judge-activity')).toContainText('1 verdict: 1 changed a signal');
});

test('off, as it starts, the same reaction keeps the detector’s reading and no model is asked', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await ask(page, 'How do I reverse a list in Python?');
  await answered(page, 1);
  await ask(page, UNCLEAR);
  await answered(page, 2);
  await expect(badge(page, 0, 'thanks')).toBeVisible();

  // Settings shows the judge off and idle: had it asked, its verdict would be counted here.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const learning = page.getByRole('region', { name: 'Learning' });
  await expect(learning.getByRole('checkbox', { name: /Ask my model about unclear reactions/ })).not.toBeChecked();
  await expect(learning).toContainText('No follow-up has been judged yet.');
  expect(fake.chatRequests().filter((r) => r.body?.format)).toHaveLength(0);
});
