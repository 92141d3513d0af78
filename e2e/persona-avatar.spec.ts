/**
 * Lumi, Codelumi's avatar, in the production build against the fake Ollama:
 * it thinks, talks while the answer streams and rests when done, is pleased
 * by a thanks the learning worker picks up and concerned by a failure or a
 * "that's wrong", says only the milestones to a screen reader, never moves
 * the answer, and holds still under reduced motion.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { answer, answers, expectSettled, lastAnswer, scriptAnswers, send, words } from './support/chat';

// Lumi's movement is what these tests check (the other specs run with reduced motion).
test.use({ reducedMotion: 'no-preference' });

const MODEL = 'qwen2.5-coder:7b';

/** The avatar beside an answer (it is its own accessible image). */
const lumi = (reply: Locator): Locator => reply.locator('[data-testid="lumi"]');

/** Starts recording every text the chat's live region takes, from now on. */
async function listenToAnnouncer(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="lumi-announcer"]')!;
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    new MutationObserver(() => {
      const text = region.textContent ?? '';
      if (text && heard[heard.length - 1] !== text) heard.push(text);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
}

/** The animation on each part of an avatar: name and duration, as the browser computes them. */
function animations(avatar: Locator): Promise<{ part: string; name: string; duration: string }[]> {
  return avatar.evaluate((root) =>
    [root, ...root.querySelectorAll('*')].map((el) => {
      const style = getComputedStyle(el);
      return {
        part: el.getAttribute('class') ?? el.tagName,
        name: style.animationName,
        duration: style.animationDuration,
      };
    }),
  );
}
const moving = (list: { name: string }[]) => list.filter((a) => a.name !== 'none');

test.beforeEach(async ({ seed }) => {
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

test('Lumi thinks while the model loads, talks while the answer streams and rests when it is done, announcing only those steps', async ({
  page,
  fake,
  openApp,
}) => {
  scriptAnswers(fake, [
    answer('debounce', { content: `Here it is. ${words(150)}`, firstTokenDelayMs: 6000, tokensPerSecond: 30 }),
  ]);
  await openApp('/');
  // The empty chat's Lumi only decorates: screen readers skip it.
  await expect(page.locator('main [data-testid="lumi"]')).toHaveAttribute('aria-hidden', 'true');
  const heard = await listenToAnnouncer(page);

  await send(page, 'Write a debounce in TypeScript');
  const reply = lastAnswer(page);
  await expect(reply.getByRole('img', { name: 'Codelumi is thinking' })).toBeVisible();
  const thinkingBox = await lumi(reply).boundingBox();
  const textLeft = () => reply.locator(':scope > div').evaluate((el) => el.getBoundingClientRect().left);
  const thinkingTextLeft = await textLeft();
  expect(moving(await animations(lumi(reply))).map((a) => a.name)).toContain('lumi-glow-pulse');

  await expect(reply.getByRole('img', { name: 'Codelumi is answering' })).toBeVisible();
  await expect(reply).toContainText('Here it is.');
  expect(moving(await animations(lumi(reply))).map((a) => a.name)).toEqual(
    expect.arrayContaining(['lumi-talk', 'lumi-bob']),
  );
  expect(await lumi(reply).boundingBox()).toEqual(thinkingBox);

  // 150 words at 30 a second after a 6 s load: more than the usual wait.
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(reply.getByRole('img', { name: 'Codelumi is idle' })).toBeVisible();
  // No layout shift: Lumi and the answer text stay exactly where they were.
  expect(await lumi(reply).boundingBox()).toEqual(thinkingBox);
  expect(await textLeft()).toBe(thinkingTextLeft);

  // One announcement per step, not one per token.
  await expect.poll(heard).toEqual(['Codelumi is thinking', 'Codelumi is answering', 'Codelumi is done']);
  // The newest answer's Lumi keeps breathing gently at rest.
  expect(moving(await animations(lumi(reply))).map((a) => a.name)).toEqual(
    expect.arrayContaining(['lumi-breathe', 'lumi-blink']),
  );
});

test('Lumi is pleased with an answer once the user says thanks for it, and only that answer', async ({
  page,
  fake,
  openApp,
}) => {
  scriptAnswers(fake, [
    answer('debounce', { content: 'Use a timer:\n\n```ts\nlet t: ReturnType<typeof setTimeout>;\n```' }),
    answer('thanks', { content: 'Glad it helped!' }),
  ]);
  await openApp('/');
  await send(page, 'Write a debounce in TypeScript');
  await expectSettled(lastAnswer(page));
  await expect(lumi(answers(page).nth(0))).toHaveAttribute('aria-label', 'Codelumi is idle');

  await send(page, 'thanks, that worked perfectly!');
  await expect(answers(page)).toHaveCount(2);
  await expectSettled(answers(page).nth(1));
  // The learning worker stores the thanks as a signal on the first answer; Lumi follows it.
  await expect(answers(page).nth(0).locator('[data-signal="thanks"]')).toBeVisible();
  const first = lumi(answers(page).nth(0));
  await expect(first).toHaveAttribute('aria-label', 'Codelumi is pleased');
  // It happened while on screen: a one-off hop (and a twinkle), not a loop.
  await expect(first).toHaveAttribute('data-reacting', 'true');
  const hop = (await animations(first)).find((a) => a.name === 'lumi-hop');
  expect(hop).toBeDefined();
  await expect(lumi(answers(page).nth(1))).toHaveAttribute('aria-label', 'Codelumi is idle');

  // After a reload the answer is still pleased, but does not hop again.
  await page.reload();
  await expect(lumi(answers(page).nth(0))).toHaveAttribute('aria-label', 'Codelumi is pleased');
  await expect(lumi(answers(page).nth(0))).not.toHaveAttribute('data-reacting');
});

test('Lumi is concerned when an answer fails, and when the user says an answer was wrong', async ({
  page,
  fake,
  openApp,
}) => {
  scriptAnswers(fake, [
    answer(
      'fragile',
      {
        content: '',
        fault: { kind: 'error-before-output', status: 500, message: 'llama runner process has terminated' },
      },
      1,
    ),
    answer('reverse', { content: 'Use slicing:\n\n```python\nitems[::-1]\n```' }),
    answer('doesn', { content: 'Sorry, try `reversed()`.' }),
  ]);
  await openApp('/');
  const heard = await listenToAnnouncer(page);
  await send(page, 'this one is fragile');
  const failed = lastAnswer(page);
  await expectSettled(failed, 'error');
  await expect(failed.getByRole('img', { name: 'Codelumi is concerned' })).toBeVisible();
  await expect.poll(heard).toEqual(['Codelumi is thinking', 'Codelumi ran into a problem']);

  await send(page, 'How do I reverse a list in Python?');
  await expect(answers(page)).toHaveCount(2);
  await expectSettled(answers(page).nth(1));
  await expect(lumi(answers(page).nth(1))).toHaveAttribute('aria-label', 'Codelumi is idle');
  await send(page, "that doesn't work, still the same order");
  await expect(answers(page).nth(1).locator('[data-signal="said_wrong"]')).toBeVisible();
  await expect(lumi(answers(page).nth(1))).toHaveAttribute('aria-label', 'Codelumi is concerned');
  expect((await animations(lumi(answers(page).nth(1)))).map((a) => a.name)).toContain('lumi-droop');
});

test('under reduced motion Lumi holds a still pose for each mood: no animation runs', async ({
  page,
  fake,
  openApp,
}) => {
  scriptAnswers(fake, [
    answer('slow', { content: `Slowly. ${words(200)}`, firstTokenDelayMs: 1200, tokensPerSecond: 20 }),
  ]);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp('/');
  expect(moving(await animations(page.locator('main [data-testid="lumi"]')))).toEqual([]);

  await send(page, 'answer slowly please');
  const reply = lastAnswer(page);
  await expect(reply.getByRole('img', { name: 'Codelumi is thinking' })).toBeVisible();
  expect(moving(await animations(lumi(reply)))).toEqual([]);
  await expect(reply.getByRole('img', { name: 'Codelumi is answering' })).toBeVisible();
  const still = await animations(lumi(reply));
  expect(moving(still)).toEqual([]);
  expect(still.find((a) => a.part === 'lumi-mouth')?.duration).toBe('0s');

  // The same moment with motion allowed does move: the check above is not vacuous.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(moving(await animations(lumi(reply))).map((a) => a.name)).toContain('lumi-talk');
});
