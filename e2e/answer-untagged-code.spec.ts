/**
 * Untagged code blocks in the production build: the markdown view detects
 * their language on the main thread, so a detector that backtracks
 * exponentially froze the tab on an ordinary answer (issue 11). These answers
 * must render, stay usable, and render again when the conversation reopens.
 */
import { test, expect } from './fixtures';
import { answers, ask, composer } from './support/ui';
import { answered } from './support/chat';

const MODEL = 'qwen2.5-coder:7b';
const CALL = 'calculateTotalPriceIncludingTaxesForCustomer();';
const PROSE = 'This sentence has quite a few ordinary words in it and no code at all';

test.beforeEach(async ({ fake, seed }) => {
  fake.script([
    { match: { lastUser: 'total' }, reply: { content: `Call it:\n\n\`\`\`\n${CALL}\n\`\`\`\n\nDone.` } },
    { match: { lastUser: 'prose' }, reply: { content: `Here:\n\n\`\`\`\n${PROSE}\n\`\`\`` } },
  ]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('an untagged block with a long identifier or plain words renders, and the tab stays responsive after a reload', async ({
  page,
  openApp,
}) => {
  await openApp('/');
  await ask(page, 'How do I get the total?');
  await answered(page, 1);
  await expect(answers(page).last()).toContainText(CALL);
  await ask(page, 'And some prose?');
  await answered(page, 2);
  await expect(answers(page).last()).toContainText(PROSE);

  // Reopening renders both again (before the fix, a reopened conversation froze the tab again).
  await page.reload();
  await expect(answers(page).first()).toContainText(CALL);
  await expect(answers(page).last()).toContainText(PROSE);
  await composer(page).fill('still typing');
  await expect(composer(page)).toHaveValue('still typing');
});
