/**
 * Sharing into Codelumi (issue 4): the operating system posts a share to the
 * manifest's share target; the service worker keeps it and opens the chat,
 * where a new chat has it as the draft and says it came from a share.
 */
import { test, expect } from './fixtures';
import { expectControlled, postShare, snapshot } from './support/pwa';
import { answer, answerRequests, composer, lastAnswer, scriptAnswers } from './support/chat';

test.use({ serviceWorkers: 'allow' });

const notice = (page: import('@playwright/test').Page) => page.getByTestId('shared-notice');

test('sharing a text and a link opens a new chat with them as the draft, marked as shared, ready to send', async ({ page, fake, openApp }, testInfo) => {
  scriptAnswers(fake, [answer('Why is this slow', { content: 'Because it re-renders on every keystroke.' })]);
  await openApp('/');
  await expectControlled(page);

  await Promise.all([
    page.waitForURL(/\?share=/),
    postShare(page, { title: 'Debounce in React', text: 'Why is this slow?', url: 'https://example.com/debounce' }),
  ]);
  await expect(composer(page)).toHaveValue('Why is this slow?\n\nDebounce in React\nhttps://example.com/debounce');
  await expect(notice(page)).toContainText('Shared from another app: a link');
  await expect(page).toHaveURL(/\/$/);
  await snapshot(page, testInfo, 'shared-draft');

  await composer(page).press('Enter');
  await expect(lastAnswer(page)).toContainText('Because it re-renders on every keystroke.');
  expect(answerRequests(fake)[0].messages.at(-1)?.content).toContain('https://example.com/debounce');
  await expect(notice(page)).toHaveCount(0);
});

test('sharing a code file puts it in a fenced block named after it; a binary file is left out, with the reason', async ({ page, openApp, seed }) => {
  await openApp('/');
  await expectControlled(page);
  await Promise.all([
    page.waitForURL(/\?share=/),
    postShare(page, { text: 'Review this please' }, [
      { name: 'retry.py', type: 'text/x-python', content: 'def retry(fn, times=3):\n    for _ in range(times):\n        try:\n            return fn()\n        except Exception:\n            pass\n' },
      { name: 'photo.png', type: 'image/png', content: '\u0089PNG\r\n\u001a\n\u0000\u0000' },
    ]),
  ]);
  const draft = 'Review this please\n\n`retry.py`:\n\n```py\ndef retry(fn, times=3):\n    for _ in range(times):\n        try:\n            return fn()\n        except Exception:\n            pass\n```';
  await expect(composer(page)).toHaveValue(draft);
  await expect(notice(page)).toContainText('Shared from another app: retry.py');
  await expect(notice(page)).toContainText('photo.png was left out: only text files can go into a chat.');
  // It is a stored draft: a reload keeps it, and does not add it twice.
  await expect.poll(() => seed((t) => t.table('drafts'))).toEqual([expect.objectContaining({ key: 'new', text: draft })]);
  await page.reload();
  await expect(composer(page)).toHaveValue(draft);
  await expect(notice(page)).toHaveCount(0);
});

test('a share keeps what was already typed in the new chat, below it', async ({ page, openApp }) => {
  await openApp('/');
  await expectControlled(page);
  await composer(page).fill('My own half-typed question');
  await page.getByRole('link', { name: 'Settings' }).click(); // leaving saves the draft
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await Promise.all([page.waitForURL(/\?share=/), postShare(page, { text: 'Shared snippet' })]);
  await expect(composer(page)).toHaveValue('My own half-typed question\n\nShared snippet');
});

test('a share that reaches Codelumi before its service worker is installed says so instead of vanishing', async ({ page, app, fake, seed }) => {
  await seed((t, host) => t.configure({ ollamaHost: host }), fake.url);
  // A blank page of the origin: no app, so no service worker yet.
  await Promise.all([page.waitForURL(/\?share=/), postShare(page, { text: 'too early' })]);
  await expect(notice(page)).toContainText('Nothing was shared');
  await expect(notice(page)).toContainText('Share it again');
  await expect(composer(page)).toHaveValue('');
  expect(page.url().startsWith(app.url)).toBe(true);
});
