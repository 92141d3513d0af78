import { test, expect } from './fixtures';

test('streams an answer from Ollama and keeps it after a reload', async ({ page, fake, openApp }) => {
  fake.script([
    {
      match: { lastUser: 'debounce' },
      reply: { content: 'Here is a debounce:\n\n```ts\nexport function debounce() {}\n```\n\nDone.' },
    },
  ]);
  await openApp('/');
  await page.getByLabel('Message', { exact: true }).fill('Write a debounce in TypeScript');
  await page.keyboard.press('Enter');
  const answer = page.locator('article[data-role="assistant"]').last();
  await expect(answer).toContainText('Done.');
  await expect(answer.locator('.code-block')).toContainText('export function debounce');
  await expect(page).toHaveURL(/\?c=/);
  await page.reload();
  await expect(page.locator('article[data-role="assistant"]').last()).toContainText('Done.');
});
