/**
 * No serious or critical axe-core violations (and no content outside the
 * landmarks) on the main pages, in light and dark, nor on the panels shown
 * while Ollama is not ready.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { accessibilityProblems, answers } from './support/ui';

const RICH_ANSWER = [
  'Use a **debounce**: it waits until calls stop. See [MDN](https://developer.mozilla.org/).',
  '',
  '```ts',
  'export function debounce<T extends (...args: unknown[]) => void>(fn: T, wait = 200) {',
  '  let timer: ReturnType<typeof setTimeout> | undefined;',
  '  return (...args: Parameters<T>) => {',
  '    clearTimeout(timer);',
  '    timer = setTimeout(() => fn(...args), wait);',
  '  };',
  '}',
  '```',
  '',
  '| option | default | meaning |',
  '|---|---|---|',
  '| `wait` | 200 | milliseconds to wait |',
  '| `leading` | false | call at the start too |',
  '',
  '1. Call it once.',
  '2. Call it again before `wait` ends.',
  '',
  '> Only the last call runs.',
  '',
  '```python',
  'def add(a, b):',
  '    return a + b  # a comment',
  '```',
].join('\n');

async function expectNoSeriousViolations(page: Page) {
  const found = await accessibilityProblems(page);
  expect(found, JSON.stringify(found, null, 2)).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('the empty chat has no serious accessibility violations', async ({ page, openApp, seed }) => {
      await seed((t) =>
        t.seedConversation({ title: 'Earlier chat', pinned: true, turns: [{ question: 'q', answer: 'a' }] }),
      );
      await openApp('/');
      await expect(page.getByRole('heading', { name: 'What are we building today?' })).toBeVisible();
      await expect(page.getByLabel('Model for this chat')).not.toHaveValue('');
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(scheme === 'dark');
      await expectNoSeriousViolations(page);
    });

    test('a conversation with code blocks and tables has no serious accessibility violations', async ({
      page,
      openApp,
      seed,
    }) => {
      const { conversationId } = await seed(
        (t, answer) =>
          t.seedConversation({
            title: 'Debounce',
            model: 'qwen2.5-coder:7b',
            turns: [
              { question: 'How do I debounce?', answer },
              { question: 'Stop it', answer: 'Stopped here', status: 'interrupted' },
            ],
          }),
        RICH_ANSWER,
      );
      await openApp(`/?c=${conversationId}`);
      await expect(answers(page).first().locator('table')).toBeVisible();
      await expect(answers(page).first().locator('.shiki').first()).toBeVisible();
      await expect(answers(page).last()).toContainText('This answer was interrupted');
      await expectNoSeriousViolations(page);
    });

    test('the Models page, with a pull in progress, has no serious accessibility violations', async ({
      page,
      openApp,
    }) => {
      await openApp('/models/');
      await expect(page.locator('li[data-model="qwen2.5-coder:7b"]')).toBeVisible();
      await page.locator('li[data-model="qwen3:8b"]').getByRole('button', { name: 'Make default' }).click();
      await expect(page.locator('li[data-model="qwen3:8b"]').getByText('Default', { exact: true })).toBeVisible();
      await page.getByLabel('Model to download').fill('no-such-model:1b');
      await page.getByRole('button', { name: 'Pull' }).click();
      await expect(page.locator('[data-pull="no-such-model:1b"]')).toContainText('could not find');
      await expectNoSeriousViolations(page);
    });

    test('the Settings page has no serious accessibility violations', async ({ page, openApp }) => {
      await openApp('/settings/');
      await page.getByRole('button', { name: 'Save and test' }).click();
      await expect(page.getByTestId('host-status')).toContainText('Connected');
      await expectNoSeriousViolations(page);
    });

    test('the "not running" and "no models" panels have no serious accessibility violations', async ({
      page,
      fake,
      openApp,
    }) => {
      await fake.stopListening();
      await openApp('/');
      await expect(page.getByRole('heading', { name: 'Ollama is not running' })).toBeVisible();
      await expectNoSeriousViolations(page);

      fake.setModels([]);
      await fake.resume();
      await page.getByRole('button', { name: 'Check again' }).click();
      await expect(page.getByRole('heading', { name: 'Ollama is running, but has no models yet' })).toBeVisible();
      await expectNoSeriousViolations(page);
    });
  });
}

test('the mobile drawer and a toast have no serious accessibility violations', async ({ page, openApp, seed }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await seed((t) => t.seedConversation({ title: 'Drawer chat', turns: [{ question: 'q', answer: 'a' }] }));
  await openApp('/');
  await page.getByRole('button', { name: 'Open sidebar' }).click();
  await page.getByRole('button', { name: 'Actions for Drawer chat' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expectNoSeriousViolations(page);
});
