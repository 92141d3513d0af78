/**
 * "Does it help?" on the Models page, in the production build against the
 * fake Ollama: the two models answer a few of the user's past questions
 * blind, the verdicts are kept as rows and the win rate shows after a
 * reload; a hostile answer stays inert in the dialog; the empty state and
 * Ollama going down mid-check.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { accessibilityProblems } from './support/ui';

const BASE = 'qwen2.5-coder:7b';
const MINE = 'qwen3:8b';
const QUESTIONS = [
  'How do I undo the last git commit?',
  'Write a Python function that reverses a list',
  'Explain a SQL left join with an example',
];
/** The checked model's answer: markdown with a payload that must not run. */
const HOSTILE =
  "Mine says: use `git reset`.\n\n<img src=x onerror=\"window.__pwned='img'\">\n\n<script>window.__pwned='script'</script>\n\nDone.";

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Compare models' });
const pane = (page: Page, label: 'A' | 'B') => dialog(page).locator(`article[data-answer="${label}"]`);
const row = (page: Page, name: string) => page.locator(`li[data-model="${name}"]`);

async function seedHistory(seed: (fn: (t: any, a: any) => Promise<unknown>, arg?: unknown) => Promise<unknown>) {
  let at = Date.now() - 3_600_000;
  for (const question of QUESTIONS) {
    await seed(
      (t, a) => t.seedConversation({ turns: [{ question: a.question, answer: 'An old answer.' }], startAt: a.at }),
      {
        question,
        at: (at += 60_000),
      },
    );
  }
}

/** Picks the two models in the section and starts the check. */
async function start(page: Page) {
  const section = page.getByRole('region', { name: 'Compare models' });
  await section.getByLabel('Model to check').selectOption(MINE);
  await section.getByLabel('Compare it with').selectOption(BASE);
  await section.getByRole('button', { name: 'Start' }).click();
  await expect(dialog(page)).toBeVisible();
}

/** Waits until both answers are in, and returns the label the checked model's answer is under. */
async function mineLabel(page: Page): Promise<'A' | 'B'> {
  await expect(dialog(page).getByRole('button', { name: 'A is better' })).toBeEnabled();
  // The markdown renderer loads lazily: wait until the answer is on screen before reading it.
  await expect(dialog(page).locator('article[data-answer]').filter({ hasText: 'Mine says' })).toHaveCount(1);
  return (await pane(page, 'A').textContent())?.includes('Mine says') ? 'A' : 'B';
}

async function expectInert(answer: Locator) {
  await expect(answer).toContainText('onerror');
  await expect(answer).toContainText('<script>');
  expect(await answer.locator('img, script, iframe, [onerror]').count()).toBe(0);
}

test('judges two questions blind, keeps the verdicts for both models and shows the win rate after a reload', async ({
  page,
  openApp,
  fake,
  seed,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  fake.script([
    { match: { model: BASE }, reply: (r) => ({ content: `Base says: here is how (${r.lastUser}).` }) },
    { match: { model: MINE }, reply: { content: HOSTILE, thinking: 'Let me think.' } },
  ]);
  await seedHistory(seed);
  await openApp('/models/');
  await start(page);
  await expect(dialog(page).getByTestId('compare-progress')).toHaveText('Question 1 of 3');
  // Focus moves to the first verdict when both answers are in.
  await expect(dialog(page).getByRole('button', { name: 'A is better' })).toBeFocused();

  // Question 1: the checked model's answer is better. No name shows until the pick.
  const first = await mineLabel(page);
  await expect(dialog(page).getByTestId(/^reveal-/)).toHaveCount(0);
  await expectInert(pane(page, first));
  expect(await accessibilityProblems(page)).toEqual([]);
  await dialog(page)
    .getByRole('button', { name: `${first} is better` })
    .click();
  await expect(dialog(page).getByTestId(`reveal-${first}`)).toContainText(`${MINE} · checked`);
  await expect(dialog(page).getByTestId(`reveal-${first === 'A' ? 'B' : 'A'}`)).toContainText(
    `${BASE} · compared with`,
  );

  // Question 2: about the same.
  await expect(dialog(page).getByRole('button', { name: 'Next question' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByTestId('compare-progress')).toHaveText('Question 2 of 3');
  // Focus never drops to the page while the next answers come.
  await expect(page.locator('body')).not.toBeFocused();
  await mineLabel(page);
  await expect(dialog(page).getByRole('button', { name: 'A is better' })).toBeFocused();
  await page.setViewportSize({ width: 390, height: 844 });
  await dialog(page).getByRole('button', { name: 'About the same' }).click();
  await expect(dialog(page).getByRole('status').filter({ hasText: 'About the same.' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });

  // Stop before the third: the summary says so and keeps both verdicts.
  await dialog(page).getByRole('button', { name: 'Next question' }).click();
  await dialog(page).getByRole('button', { name: 'Stop' }).click();
  const summary = dialog(page).getByTestId('compare-summary');
  await expect(summary).toContainText(`${MINE}: Won 1, lost 0, 1 tie against ${BASE}.`);
  await expect(summary).toContainText('Stopped after 2 of 3 questions. The verdicts you gave are kept.');
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page)).toHaveCount(0);

  // Asked bare: the question alone, no system prompt, no context.
  const asked = fake.chatRequests();
  expect(asked.length).toBeGreaterThanOrEqual(4);
  for (const r of asked) expect(r.messages).toEqual([{ role: 'user', content: expect.any(String) }]);
  expect(new Set(asked.map((r) => r.lastUser)).size).toBeGreaterThanOrEqual(2);

  await page.reload();
  await expect(row(page, MINE).getByTestId('win-rate')).toContainText(`Won 1, lost 0, 1 tie against ${BASE}`);
  await expect(row(page, BASE).getByTestId('win-rate')).toContainText(`Won 0, lost 1, 1 tie against ${MINE}`);
  await page.getByRole('region', { name: 'Compare models' }).scrollIntoViewIfNeeded();

  const rows = (await seed((t) => t.table('modelComparisons'))) as {
    verdict: string;
    baseline: string;
    candidate: string;
  }[];
  expect(rows.map((r) => r.verdict).sort()).toEqual(['candidate', 'same']);
  expect(rows.every((r) => r.baseline === BASE && r.candidate === MINE)).toBe(true);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
});

test('says the check needs a few of the user’s own questions first', async ({ page, openApp }) => {
  await openApp('/models/');
  const section = page.getByRole('region', { name: 'Compare models' });
  await expect(section.getByTestId('compare-note')).toContainText('needs a few of your own questions first');
  await expect(section.getByRole('button', { name: 'Start' })).toBeDisabled();
  await section.scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
});

test('Ollama going down mid-check: says so, keeps the verdict given, and goes on after Try again', async ({
  page,
  openApp,
  fake,
  seed,
}) => {
  fake.script([
    { match: { model: BASE }, reply: { content: 'Base says: an answer.' } },
    {
      match: { model: MINE },
      reply: { content: `Mine says: another answer. ${'It streams in slowly. '.repeat(8)}`, tokensPerSecond: 25 },
    },
  ]);
  await seedHistory(seed);
  await openApp('/models/');
  await start(page);
  // Streaming shows where each answer is; the buttons wait for both.
  await expect(dialog(page).getByRole('status').filter({ hasText: 'Writing…' })).toBeVisible();
  await expect(dialog(page).getByRole('button', { name: 'A is better' })).toBeDisabled();
  await mineLabel(page);
  await dialog(page).getByRole('button', { name: 'B is better' }).click();
  // The verdict is kept before the names show and "Next question" is offered.
  await expect(dialog(page).getByRole('button', { name: 'Next question' })).toBeVisible();
  await fake.stopListening();
  await dialog(page).getByRole('button', { name: 'Next question' }).click();
  const alert = dialog(page).getByRole('alert');
  await expect(alert).toContainText('Ollama is not running');
  expect(((await seed((t) => t.table('modelComparisons'))) as unknown[]).length).toBe(1);

  await fake.resume();
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(dialog(page).getByTestId('compare-progress')).toHaveText('Question 2 of 3');
  await mineLabel(page);
  await dialog(page).getByRole('button', { name: 'A is better' }).click();
  await expect(dialog(page).getByRole('button', { name: 'Next question' })).toBeVisible();
  await expect(dialog(page).getByTestId(/^reveal-/)).toHaveCount(2);
  expect(((await seed((t) => t.table('modelComparisons'))) as unknown[]).length).toBe(2);
});

test('keeps the models of a sitting when the page would now preselect others', async ({
  page,
  openApp,
  fake,
  seed,
}) => {
  fake.script([
    { match: { model: BASE }, reply: { content: 'Base says: an answer.' } },
    { match: { model: MINE }, reply: { content: 'Mine says: an answer.' } },
  ]);
  await seedHistory(seed);
  await openApp('/models/');
  const section = page.getByRole('region', { name: 'Compare models' });
  // Start with the preselected pair, as a user who changes nothing.
  const checked = await section.getByLabel('Model to check').inputValue();
  const other = checked === MINE ? BASE : MINE;
  await section.getByRole('button', { name: 'Start' }).click();
  const label = await mineLabel(page);
  const checkedLabel = checked === MINE ? label : label === 'A' ? 'B' : 'A';
  expect(fake.chatRequests()).toHaveLength(2);

  // The default model changes meanwhile (another tab, Settings): the section now preselects the other pair.
  await seed((t, model) => t.configure({ defaultModel: model }), checked);
  await expect(section.getByLabel('Model to check')).toHaveValue(other);

  // The sitting goes on with its own two models: not restarted, nothing asked again, the reveal names them.
  await expect(dialog(page).getByTestId('compare-progress')).toHaveText('Question 1 of 3');
  await expect(dialog(page).getByRole('button', { name: `${checkedLabel} is better` })).toBeEnabled();
  await dialog(page)
    .getByRole('button', { name: `${checkedLabel} is better` })
    .click();
  await expect(dialog(page).getByTestId(`reveal-${checkedLabel}`)).toContainText(`${checked} · checked`);
  expect(fake.chatRequests()).toHaveLength(2);
  const rows = (await seed((t) => t.table('modelComparisons'))) as { candidate: string; verdict: string }[];
  expect(rows).toEqual([expect.objectContaining({ candidate: checked, verdict: 'candidate' })]);
});

test('Esc closes the check and cancels the answer in flight; the list hides who is in memory while it is open', async ({
  page,
  openApp,
  fake,
  seed,
}) => {
  // An answer that never ends: only a cancel ends its request.
  fake.script([{ reply: { content: 'Writing on and on. ', fault: { kind: 'endless' }, tokensPerSecond: 10 } }]);
  await seedHistory(seed);
  // A model already in memory: its row says so.
  await fetch(`${fake.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: BASE, messages: [] }) });
  await openApp('/models/');
  await expect(row(page, BASE)).toContainText('In memory');

  await start(page);
  await expect(dialog(page).getByRole('status').filter({ hasText: 'Writing…' })).toBeVisible();
  // Focus is on the question and answers, not on Stop (an early Enter would end the sitting).
  await expect(dialog(page).getByTestId('compare-content')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('button', { name: 'Stop' })).toBeVisible();
  // Which model is loaded (and when it unloads) would tell which one is answering.
  await expect(page.locator('li[data-model]').filter({ hasText: 'In memory' })).toHaveCount(0);
  const asked = fake.chatRequests().length;

  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  // Resolves only when the fake holds no request open: the endless answer was cancelled.
  await fake.idle();
  expect(fake.chatRequests()).toHaveLength(asked);
  await expect(row(page, BASE)).toContainText('In memory');
});
