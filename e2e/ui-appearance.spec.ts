/**
 * Light and dark, and the narrow (360 px) layout: a drawer sidebar, no
 * sideways scrolling, long code scrolling inside its own block.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { answers, ask, composer, conversationLink, sidebar } from './support/ui';

const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));
const pageScrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

const LONG_LINE = `const veryLongIdentifierName = ${Array.from({ length: 30 }, (_, i) => `someFunctionCall${i}()`).join(' + ')};`;
const WIDE_ANSWER = [
  'Here is the one-liner:',
  '',
  '```ts',
  LONG_LINE,
  '```',
  '',
  '| option | default | meaning | leading | trailing |',
  '|---|---|---|---|---|',
  '| a fairly long cell value | another long cell value | yet another cell | and one more | the last one |',
].join('\n');

test.describe('theme', () => {
  test('follows the system color scheme, also when it changes while the app is open', async ({ page, openApp }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp('/');
    await expect.poll(() => isDark(page)).toBe(true);
    const dark = await background(page);

    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => isDark(page)).toBe(false);
    // The colour follows the class within a frame (with reduced motion, every change is a 0.01 ms transition).
    await expect.poll(() => background(page)).not.toBe(dark);
  });

  test('the Settings theme choice wins over the system and is kept across reloads', async ({ page, openApp }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openApp('/settings/');
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => isDark(page)).toBe(true);
    await page.reload();
    await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
    expect(await isDark(page)).toBe(true);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('radio', { name: 'Light' }).click();
    await expect.poll(() => isDark(page)).toBe(false);

    await page.getByRole('radio', { name: 'Match the system' }).click();
    await expect.poll(() => isDark(page)).toBe(true);
  });
});

test.describe('at 360 px wide', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the sidebar is a drawer: opened by the header button, closed by the overlay and by choosing a chat', async ({
    page,
    openApp,
    seed,
  }) => {
    await seed((t) =>
      t.seedConversation({
        title: 'Drawer chat',
        turns: [{ question: 'q', answer: 'Answer inside the drawer chat.' }],
      }),
    );
    await openApp('/');
    await expect(sidebar(page)).not.toBeInViewport();
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: 'Open sidebar' }).click();
    await expect(sidebar(page)).toBeInViewport({ ratio: 1 });
    // The overlay covers the rest of the page; a tap on it closes the drawer.
    await page.mouse.click(345, 400);
    await expect(sidebar(page)).not.toBeInViewport();

    await page.getByRole('button', { name: 'Open sidebar' }).click();
    await conversationLink(page, 'Drawer chat').click();
    await expect(answers(page).last()).toContainText('Answer inside the drawer chat.');
    await expect(sidebar(page)).not.toBeInViewport();
    await expect(answers(page).last()).toBeInViewport();
  });

  test('a conversation can be held without sideways scrolling; a long code line scrolls inside its block', async ({
    page,
    fake,
    openApp,
  }) => {
    fake.script([
      { match: { system: /^You name chat conversations/ }, reply: { content: 'Long one-liner help' } },
      { match: { lastUser: 'one-liner' }, reply: { content: WIDE_ANSWER } },
    ]);
    await openApp('/');
    await expect(composer(page)).toBeInViewport({ ratio: 1 });
    await ask(page, 'Give me the one-liner');
    const answer = answers(page).last();
    await expect(answer).toContainText('the last one');
    await expect(answer).toHaveAttribute('data-status', 'complete');

    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
    const scroller = page.getByTestId('message-scroller');
    const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const code = answer.locator('.code-block .overflow-x-auto');
    await expect(code).toContainText('someFunctionCall29()');
    // The block is measured once it is laid out, all in one evaluation: the highlighted version replaces the plain
    // one when its grammar arrives, and an element being replaced measures 0 by 0 and has no computed style.
    await expect
      .poll(
        () =>
          code.evaluate((el) => ({
            scrolls: el.scrollWidth - el.clientWidth > 0,
            overflowX: getComputedStyle(el).overflowX,
            blockInside: el.closest('.code-block')!.getBoundingClientRect().right <= 360,
          })),
        { message: 'the long line scrolls inside its block, which stays inside the window' },
      )
      .toEqual({ scrolls: true, overflowX: 'auto', blockInside: true });

    // A wide table scrolls in its own box; its words are never broken letter by letter.
    const linesPerHeader = await answer.locator('th').evaluateAll((cells) =>
      cells.map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    expect(linesPerHeader).toEqual([1, 1, 1, 1, 1]);
    const table = await answer
      .locator('table')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(table.scroll).toBeGreaterThan(table.client);
    expect(table.right).toBeLessThanOrEqual(360);

    // The header keeps the conversation's title readable next to the model picker.
    const title = page.getByRole('banner').getByRole('heading', { level: 1 });
    await expect(title).toHaveText('Long one-liner help');
    expect((await title.boundingBox())!.width).toBeGreaterThanOrEqual(90);

    // The composer and the answer's actions still fit and work.
    await expect(composer(page)).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: 'Regenerate answer' })).toBeInViewport();
    await ask(page, 'And a follow-up');
    await expect(answers(page)).toHaveCount(2);
    await expect(answers(page).last()).toContainText('And a follow-up');
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
  });

  test('the Models and Settings pages fit without sideways scrolling', async ({ page, openApp }) => {
    await openApp('/models/');
    await expect(page.locator('li[data-model="qwen2.5-coder:7b"]')).toBeVisible();
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
    const main = page.getByRole('main');
    expect(await main.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: 'Open sidebar' }).click();
    await sidebar(page).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Address')).toBeVisible();
    await expect(sidebar(page)).not.toBeInViewport();
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await page.getByRole('main').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  });
});
