/**
 * Pictures of Lumi in every mood, in light and dark, from a real
 * conversation (a thanked answer, a failed one, one thinking, one streaming),
 * attached to the report and written to test-results/persona-screens/ for a
 * person to look at. Also checks each picture shows the mood it should.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { answer, answers, expectSettled, lastAnswer, scriptAnswers, send, words } from './support/chat';

const MODEL = 'qwen2.5-coder:7b';
const SCREENS = path.resolve(__dirname, '..', 'test-results', 'persona-screens');

test.use({ deviceScaleFactor: 2 });

// One theme in the suite (the moods themselves are checked in persona-avatar); both with CODELUMI_GALLERY=all.
const THEMES = process.env.CODELUMI_GALLERY === 'all' ? (['light', 'dark'] as const) : (['dark'] as const);
for (const theme of THEMES) {
  test(`Lumi in every mood, ${theme}`, async ({ page, fake, openApp, seed }, testInfo) => {
    test.setTimeout(60_000);
    fs.mkdirSync(SCREENS, { recursive: true });
    const shot = async (name: string, target: Locator) => {
      const body = await target.screenshot({ animations: 'disabled' });
      fs.writeFileSync(path.join(SCREENS, `${theme}-${name}.png`), body);
      await testInfo.attach(`${theme}-${name}`, { body, contentType: 'image/png' });
    };
    const lumiOf = (reply: Locator) => reply.locator('[data-testid="lumi"]');
    /** Copies of Lumi in each mood as it looked on screen, for a close-up sheet at the end. */
    const copies: string[] = [];
    const keep = async (target: Locator) => copies.push(await target.evaluate((el) => el.outerHTML));

    scriptAnswers(fake, [
      answer('debounce', { content: 'Use a timer:\n\n```ts\nlet t: ReturnType<typeof setTimeout>;\n```' }),
      answer('thanks', { content: 'Glad it helped! Anything else?' }),
      answer(
        'fragile',
        {
          content: '',
          fault: { kind: 'error-before-output', status: 500, message: 'llama runner process has terminated' },
        },
        1,
      ),
      answer('slowly', {
        content: `Here is a longer answer. ${words(300)}`,
        firstTokenDelayMs: 6000,
        tokensPerSecond: 15,
      }),
    ]);
    await seed((t, arg) => t.configure({ defaultModel: arg.model, autoTitle: false, theme: arg.theme }), {
      model: MODEL,
      theme,
    });
    await openApp('/');
    await shot('empty', page.locator('main'));

    await send(page, 'Write a debounce in TypeScript');
    await expectSettled(lastAnswer(page));
    await send(page, 'thanks, that worked perfectly!');
    await expect(lumiOf(answers(page).nth(0))).toHaveAttribute('aria-label', 'Codelumi is pleased');
    await send(page, 'this one is fragile');
    await expectSettled(answers(page).nth(2), 'error');
    await expect(lumiOf(answers(page).nth(2))).toHaveAttribute('aria-label', 'Codelumi is concerned');

    await send(page, 'now answer slowly');
    const slow = answers(page).nth(3);
    await expect(lumiOf(slow)).toHaveAttribute('aria-label', 'Codelumi is thinking');
    await shot('thinking', lumiOf(slow));
    await keep(lumiOf(slow));
    await shot('thinking-answer', slow);
    await expect(lumiOf(slow)).toHaveAttribute('aria-label', 'Codelumi is answering');
    await shot('streaming', lumiOf(slow));
    await keep(lumiOf(slow));
    await shot('chat', page.locator('main'));

    await shot('pleased', lumiOf(answers(page).nth(0)));
    await shot('idle', lumiOf(answers(page).nth(1)));
    await shot('concerned', lumiOf(answers(page).nth(2)));
    for (const i of [1, 0, 2]) await keep(lumiOf(answers(page).nth(i)));
    expect(copies.map((html) => /data-mood="(\w+)"/.exec(html)?.[1])).toEqual([
      'thinking',
      'streaming',
      'idle',
      'pleased',
      'concerned',
    ]);

    // A close-up sheet: each mood at 96 px and at the sizes used in the app.
    await page.evaluate((list) => {
      const sheet = document.createElement('div');
      sheet.id = 'lumi-sheet';
      sheet.style.cssText =
        'position:fixed;inset:0;z-index:9999;display:flex;flex-direction:column;gap:24px;padding:24px;background:var(--bg);color:var(--fg)';
      for (const size of [96, 32, 28]) {
        const row = document.createElement('div');
        row.style.cssText = 'display:flex;gap:24px;align-items:center';
        row.innerHTML = list
          .map((html) =>
            html.replace(
              /class="lumi ([^"]*)"/,
              `class="lumi" style="width:${size}px;height:${size}px;display:inline-block"`,
            ),
          )
          .join('');
        sheet.append(row);
      }
      document.body.append(sheet);
    }, copies);
    await shot('sheet', page.locator('#lumi-sheet > div').first());
    await shot('sheet-small', page.locator('#lumi-sheet'));
    await page.evaluate(() => document.getElementById('lumi-sheet')?.remove());

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await shot('settings', page.getByRole('region', { name: 'Personality' }));
  });
}
