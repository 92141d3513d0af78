/**
 * The Brain in the production build: related earlier conversations and
 * learned preferences reach the prompt of a new conversation, the prompt
 * inspector shows what went in and drops items for a regenerated answer,
 * long conversations are summarised rather than cut, and the Response
 * Processor's findings show on the answer.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answers, ask } from './support/ui';
import { answered, answerRequests, lastSystemPrompt } from './support/chat';

const MODEL = 'qwen2.5-coder:7b';

/** Waits for the newest answer (found by its question, as old messages leave the rendered window) to complete. */
async function lastAnswered(page: Page, question: string) {
  await expect(page.locator('article[data-role="user"]').last()).toContainText(question);
  // The answer to it, not the one before (the new answer's article may not be on the page yet): the last message, complete.
  await expect(page.locator('article[data-role]').last()).toHaveAttribute('data-status', 'complete');
}

async function newChat(page: Page) {
  await page.keyboard.press('Control+Shift+O');
  await expect(page).not.toHaveURL(/\?c=/);
}

test.beforeEach(async ({ fake, seed }) => {
  fake.script([
    {
      match: { lastUser: 'debounce' },
      reply: {
        content:
          'Wrap it with a timer:\n\n```ts\nexport function debounce<T extends unknown[]>(fn: (...a: T) => void, ms: number) {\n  let t: ReturnType<typeof setTimeout> | undefined;\n  return (...a: T) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };\n}\n```',
      },
    },
    {
      match: { lastUser: 'reverse' },
      reply: { content: 'In JavaScript:\n\n```js\nconst out = [...items].reverse();\n```' },
    },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('an earlier conversation that went well is offered as context for a related question in a new chat', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await ask(page, 'How do I debounce a function in TypeScript?');
  await answered(page, 1);
  await ask(page, 'perfect, thanks!');
  await answered(page, 2);
  await expect(answers(page).nth(0).locator('[data-signal="thanks"]')).toBeVisible();

  await newChat(page);
  await ask(page, 'debounce in typescript, but with a cancel method');
  await answered(page, 1);
  const system = lastSystemPrompt(fake);
  expect(system).toContain('## Related earlier conversations with this user (build on what worked)');
  expect(system).toContain('How do I debounce a function in TypeScript?');
  expect(system).toContain('The answer that worked');
});

test('the prompt inspector lists what went in, and answering again without an item leaves it out of the request', async ({
  page,
  openApp,
  fake,
}) => {
  await openApp('/');
  await ask(page, 'I prefer short answers. We use pnpm and Vitest.');
  await answered(page, 1);
  await newChat(page);
  await ask(page, 'Write a debounce in TypeScript');
  await answered(page, 1);
  const before = lastSystemPrompt(fake);
  expect(before).toContain('Prefers short answers');
  expect(before).toContain('pnpm and Vitest');

  await answers(page).nth(0).getByRole('button', { name: 'Answer details' }).click();
  await page.getByRole('button', { name: /Inspect the prompt/ }).click();
  const inspector = page.getByRole('dialog', { name: 'What was sent for this answer' });
  await expect(inspector.getByRole('region', { name: 'Preferences' })).toContainText('Prefers short answers');
  await inspector.getByRole('button', { name: /^Drop: .*pnpm and Vitest/ }).click();
  await inspector.getByRole('button', { name: 'Answer again without 1 item' }).click();

  await expect(page.getByRole('group', { name: 'answer versions' })).toContainText('2 / 2');
  await expect(answers(page).nth(0)).toHaveAttribute('data-status', 'complete');
  const after = lastSystemPrompt(fake);
  expect(after).toContain('Prefers short answers');
  expect(after).not.toContain('pnpm and Vitest');
  // The new answer's inspector says an item was dropped before it was written.
  await answers(page).nth(0).getByRole('button', { name: 'Answer details' }).click();
  await page.getByRole('button', { name: /Inspect the prompt/ }).click();
  await expect(page.getByRole('dialog', { name: 'What was sent for this answer' })).toContainText(
    '1 item was dropped for this answer',
  );
});

test('a conversation that outgrows the context window is summarised, not cut', async ({
  page,
  openApp,
  fake,
  seed,
}) => {
  test.setTimeout(90_000);
  await seed((t) => t.configure({ contextLength: 1024 }));
  fake.addRule({
    match: { lastUser: 'step' },
    reply: {
      content: `Here is the next step.\n\n${'The function reads the file line by line and prints it with its number. '.repeat(12)}`,
      tokensPerSecond: 2000,
    },
  });
  // Added last, so in front: the summary request's transcript mentions steps too.
  fake.addRule({
    match: { system: 'You keep notes on a conversation' },
    reply: {
      content: 'The user is building a CLI in Go named gocat; they chose cobra for flags and want tests with testify.',
    },
  });
  await openApp('/');
  for (let i = 1; i <= 7; i++) {
    const q = `Next step ${i} for my Go CLI gocat, please explain in detail how to continue.`;
    await ask(page, q);
    await lastAnswered(page, q);
  }
  await expect
    .poll(() =>
      fake.chatRequests().some((r) => r.messages.some((m) => m.content.startsWith('You keep notes on a conversation'))),
    )
    .toBe(true);
  // The summary is written in the background; the next question goes once it is stored.
  await expect
    .poll(async () =>
      ((await seed((t) => t.table('conversations'))) as { summary?: { text: string } }[]).some((c) =>
        c.summary?.text.includes('gocat'),
      ),
    )
    .toBe(true);
  await ask(page, 'step 8: and now the tests?');
  await lastAnswered(page, 'step 8: and now the tests?');
  const last = answerRequests(fake).at(-1)!;
  expect(last.system).toContain(
    '## Summary of the earlier part of this conversation\nThe user is building a CLI in Go named gocat',
  );
  expect(last.messages.some((m) => m.content.includes('Next step 1 for my Go CLI'))).toBe(false);
  expect(last.messages.at(-1)?.content).toBe('step 8: and now the tests?');
});

test('an answer that ignores a stated preference says so, and untagged code gets its language', async ({
  page,
  openApp,
  fake,
}) => {
  fake.addRule({
    match: { lastUser: 'print hello' },
    reply: { content: 'Like this:\n\n```\ndef hello():\n    print("hello")\n\nhello()\n```' },
  });
  await openApp('/');
  await ask(page, 'Always use TypeScript in your answers please.');
  await answered(page, 1);
  await ask(page, 'How do I reverse an array?');
  await answered(page, 2);
  await expect(answers(page).nth(1).getByTestId('ignored-preferences')).toBeVisible();
  await expect(answers(page).nth(1).getByTestId('ignored-preferences')).toHaveAttribute(
    'title',
    /although you prefer TypeScript/,
  );

  await ask(page, 'print hello in a function');
  await answered(page, 3);
  await expect(answers(page).nth(2).locator('.code-block')).toHaveAttribute('data-language', 'python');
});
