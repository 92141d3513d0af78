/**
 * The training-data export in the production build against the fake Ollama:
 * an answer the user thanks becomes one SFT example; the Learning page's
 * dialog previews it, the downloaded zip holds files that validate against
 * their JSON Schemas (and the data card says what is in them); once the
 * conversation is deleted and forgotten, the export holds nothing of it.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import Ajv from 'ajv';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';
import { accessibilityProblems, answers, ask, sidebar } from './support/ui';
import { answered, conversationIdOf } from './support/chat';
import { placesOf } from './support/indexeddb';
import { CHAT_LINE_SCHEMA, DATA_CARD_SCHEMA } from '../lib/training/schemas';

const MODEL = 'qwen2.5-coder:7b';
const KEY = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';

test.beforeEach(async ({ page, fake, seed }) => {
  fake.script([
    {
      match: { lastUser: 'debounce' },
      reply: {
        content:
          'Like this:\n\n```ts\nexport const debounce = (f: () => void, ms: number) => {\n  let t: ReturnType<typeof setTimeout>;\n  return () => {\n    clearTimeout(t);\n    t = setTimeout(f, ms);\n  };\n};\n```',
      },
    },
    { match: { lastUser: 'thanks' }, reply: { content: 'Glad it helped.' } },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
  // The undo window of a deletion is 30 s of the page's clock: the test moves it on instead of waiting.
  await page.clock.install();
});

/** Opens the Learning page's export dialog; returns it. */
async function openExport(page: Page) {
  await page.getByRole('link', { name: 'Learning' }).click();
  await page.getByRole('button', { name: 'Export training data…' }).click();
  return page.getByRole('dialog', { name: 'Export training data' });
}

test('a thanked answer is exported as one SFT example, and is gone from the export once its chat is forgotten', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await ask(page, `How do I debounce a function in TypeScript? My token ${KEY} is unrelated.`);
  await answered(page, 1);
  await ask(page, 'thanks, that worked');
  await answered(page, 2);
  await expect(answers(page).nth(0).locator('[data-signal="thanks"]')).toBeVisible();
  const id = await conversationIdOf(page);

  const dialog = await openExport(page);
  await expect(dialog.getByTestId('training-counts')).toHaveText(/^1 SFT example · 0 preference pairs$/);
  await expect(dialog.getByRole('region', { name: 'SFT samples' })).toContainText('export const debounce');
  // Anonymized by default: the sample already shows the placeholder, not the key.
  await expect(dialog.getByRole('checkbox', { name: /Anonymize/ })).toBeChecked();
  await expect(dialog.getByTestId('training-preview')).not.toContainText(KEY);
  // The line's system prompt, collapsed until asked for.
  const system = dialog.getByText(/^System prompt · /);
  await expect(system).toBeVisible();
  await system.click();
  await expect(dialog.locator('details[open]')).toHaveCount(1);
  await expect(dialog.getByRole('slider')).toHaveAttribute('aria-valuetext', '60%');
  // Only the counts line is announced, not the whole preview.
  await expect(dialog.getByTestId('training-preview')).not.toHaveAttribute('aria-live');
  await expect(dialog.getByTestId('training-counts')).toHaveAttribute('aria-live', 'polite');
  expect(await accessibilityProblems(page)).toEqual([]);

  // Cancel closes the modal, and focus goes back to the button that opened it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export training data…' })).toBeFocused();
  await page.getByRole('button', { name: 'Export training data…' }).click();
  await expect(dialog.getByTestId('training-counts')).toHaveText(/^1 SFT example · 0 preference pairs$/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^codelumi-training-\d{4}-\d\d-\d\d\.zip$/);
  const files = unzipSync(new Uint8Array(await readFile(await download.path())));
  expect(Object.keys(files).sort()).toEqual(['DATA_CARD.md', 'data_card.json', 'preferences.jsonl', 'sft.jsonl']);

  const ajv = new Ajv({ allErrors: true });
  const chatLine = ajv.compile(CHAT_LINE_SCHEMA);
  const lines = strFromU8(files['sft.jsonl']).trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const example: unknown = JSON.parse(lines[0]);
  expect(chatLine(example), ajv.errorsText(chatLine.errors)).toBe(true);
  const messages = (example as { messages: { role: string; content: string }[] }).messages;
  expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
  expect(messages[1].content).toContain('<GITHUB_TOKEN>');
  expect(messages[2].content).toContain('export const debounce');
  expect(strFromU8(files['sft.jsonl'])).not.toContain(KEY);
  expect(strFromU8(files['preferences.jsonl'])).toBe('');
  const card: unknown = JSON.parse(strFromU8(files['data_card.json']));
  const cardValid = ajv.compile(DATA_CARD_SCHEMA);
  expect(cardValid(card), ajv.errorsText(cardValid.errors)).toBe(true);
  expect(card).toMatchObject({ counts: { sft: 1, preferences: 0 }, anonymized: true, models: { [MODEL]: 1 } });
  expect(strFromU8(files['DATA_CARD.md'])).toContain('SFT examples: 1');

  // Delete the chat and let its undo window pass: it is forgotten, and the export has nothing of it.
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export training data…' })).toBeFocused();
  await sidebar(page)
    .getByRole('button', { name: /Actions for / })
    .first()
    .click();
  await sidebar(page).getByRole('menuitem', { name: 'Delete' }).click();
  await expect(page.getByText(/Undo within 30 s/)).toBeVisible();
  await page.clock.fastForward(31_000);
  await expect.poll(() => placesOf(page, id), { timeout: 15_000 }).toEqual([]);

  // Every counts line the page shows from here on: the preview of the last opening must not come back from a cache.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { countsSeen: string[] }).countsSeen = seen;
    new MutationObserver(() => {
      const counts = document.querySelector('[data-testid="training-counts"]');
      if (counts) seen.push(counts.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const after = await openExport(page);
  await expect(after.getByTestId('training-empty')).toContainText('Nothing to export yet');
  expect(await page.evaluate(() => (window as unknown as { countsSeen: string[] }).countsSeen)).toEqual([]);
  await expect(after.getByRole('button', { name: 'Download' })).toBeDisabled();
});
