/**
 * Storage full with the PWA in place (issue 4): the browser refusing an
 * answer's saves while it streams, and then the draft, gives clear messages;
 * everything stored before is intact once there is room again. The quota is
 * set over CDP in a persistent profile (enforced only for databases opened
 * after it was set: two browser sessions), just above what the app already
 * uses, service worker caches included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, openBlank, runSeed } from './fixtures';
import { expectControlled, snapshot } from './support/pwa';
import { answer, composer, lastAnswer, questions, scriptAnswers, send, words } from './support/chat';

test.use({ serviceWorkers: 'allow' });

test.slow();

test('an answer the browser refuses to store while it streams says storage is full; earlier data and the question are intact', async ({
  playwright,
  launchOptions,
  fake,
  app,
}, testInfo) => {
  scriptAnswers(fake, [
    answer('far too long', { content: words(60_000, 'filler'), tokensPerSecond: 20_000 }),
    answer('after space', { content: 'Stored fine.' }),
  ]);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-pwa-quota-'));
  const turns = [
    { question: 'kept question one', answer: 'Kept answer one.' },
    { question: 'kept question two', answer: 'Kept answer two.' },
  ];
  const open = () => playwright.chromium.launchPersistentContext(profile, { ...launchOptions, viewport: { width: 1280, height: 800 } });
  let context = await open();
  try {
    // Session 1: data, and the app installed (its worker stores its files).
    let page = context.pages()[0] ?? (await context.newPage());
    await openBlank(page, app.url);
    await runSeed(page, (t, host) => t.configure({ ollamaHost: host, autoTitle: false }), fake.url);
    const { conversationId, messageIds } = await runSeed(page, (t, spec) => t.seedConversation(spec), { title: 'Precious', turns });
    await page.goto(`${app.url}/?c=${conversationId}`);
    await expectControlled(page);
    await context.close();

    // Session 2: a little room left, far less than the answer needs.
    context = await open();
    page = context.pages()[0] ?? (await context.newPage());
    await openBlank(page, app.url);
    const cdp = await context.newCDPSession(page);
    const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin: app.url })) as { usage: number };
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url, quotaSize: usage + 100_000 });
    await page.goto(`${app.url}/?c=${conversationId}`);
    await expect(lastAnswer(page)).toContainText('Kept answer two.');

    await send(page, 'far too long for the space left');
    const notice = page.locator('[data-error-code="quota:db"]');
    await expect(notice).toContainText('Storage is full');
    await expect(notice).toContainText('refused to save the answer');
    await expect(notice).toContainText('Nothing saved before was lost');
    await expect(questions(page)).toHaveCount(3);

    // The draft cannot be saved either, and the box says so while keeping the text.
    await composer(page).fill('typed while storage is full '.repeat(4_000));
    await expect(page.getByTestId('draft-not-saved')).toContainText('Storage is full: this draft is not saved');
    await snapshot(page, testInfo, 'storage-full-while-streaming');

    // Room again: everything from before is there, and the app works.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url });
    await page.reload();
    await expect(page.getByRole('article').filter({ hasText: 'Kept answer one.' })).toHaveCount(1);
    const stored = await runSeed(page, (t, c) => t.messagesOf(c), conversationId);
    expect(stored.slice(0, 4).map((m) => [m.id, m.content, m.status])).toEqual([
      [messageIds[0], 'kept question one', 'complete'],
      [messageIds[1], 'Kept answer one.', 'complete'],
      [messageIds[2], 'kept question two', 'complete'],
      [messageIds[3], 'Kept answer two.', 'complete'],
    ]);
    expect(stored[4]).toMatchObject({ role: 'user', content: 'far too long for the space left' });
    expect(stored[5]).toMatchObject({ role: 'assistant' });
    expect(stored[5].status).not.toBe('complete');
    await composer(page).fill('after space is back');
    await composer(page).press('Enter');
    await expect(lastAnswer(page)).toContainText('Stored fine.');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
