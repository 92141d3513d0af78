/**
 * Offline after one visit (issue 4): with the network off and Ollama stopped,
 * Codelumi opens from its service worker, and the conversation list, every
 * conversation, search, the Models page (last known list, marked) and
 * Settings work; sending keeps the draft and explains; when Ollama and the
 * network are back, sending works without a reload.
 */
import { test, expect } from './fixtures';
import { expectControlled, snapshot } from './support/pwa';
import { answer, answers, composer, lastAnswer, questions, scriptAnswers, send, startNewChat } from './support/chat';
import { conversationLink, sidebar } from './support/ui';

test.use({ serviceWorkers: 'allow' });
// Many pages, offline and back: longer than the usual test.
test.slow();

test('after one visit, Codelumi opens offline with Ollama stopped: list, every conversation, search, models and settings work; sending waits for Ollama', async ({
  page,
  fake,
  seed,
  openApp,
  app,
}, testInfo) => {
  scriptAnswers(fake, [answer('back online', { content: 'Answered once Ollama was back.' })]);
  const old = await seed((t) =>
    t.seedConversation({
      title: 'Flamingo deployment notes',
      startAt: Date.now() - 9 * 86_400_000,
      turns: [
        {
          question: 'How do I roll back the flamingo release?',
          answer: 'Run `kubectl rollout undo deployment/flamingo` and watch the pods.',
        },
        { question: 'And pin the image?', answer: 'Set the image to the previous **digest**, not a tag.' },
      ],
    }),
  );
  await seed((t) =>
    t.seedConversation({
      title: 'Regex for emails',
      turns: [{ question: 'A simple email regex?', answer: 'Keep it loose: `^[^@\\s]+@[^@\\s]+$`.' }],
    }),
  );

  // The one visit: the app loads, its worker stores it, and the model list is seen.
  await openApp('/');
  await expectControlled(page);
  await expect.poll(() => seed((t) => t.table('knownModels')).then((rows) => rows.length)).toBe(1);

  // No network, no Ollama.
  await fake.stopListening();
  await page.context().setOffline(true);
  await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload)).toBeUndefined();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  const indicator = page.getByTestId('offline-indicator');
  await expect(indicator).toContainText('Offline');
  await expect(indicator).toContainText('Your conversations, search and settings work');
  await expect(conversationLink(page, 'Regex for emails')).toBeVisible();

  // An old conversation, from the list.
  await conversationLink(page, 'Flamingo deployment notes').click();
  await expect(questions(page)).toHaveCount(2);
  await expect(lastAnswer(page)).toContainText('previous digest');
  await snapshot(page, testInfo, 'offline-conversation');

  // Search, from the sidebar, into another conversation and back.
  await conversationLink(page, 'Regex for emails').click();
  await expect(lastAnswer(page)).toContainText('Keep it loose');
  await sidebar(page).getByRole('searchbox', { name: 'Search conversations' }).fill('kubectl');
  const results = sidebar(page).getByRole('navigation', { name: 'Search results' });
  await expect(results.getByRole('link')).toHaveCount(1);
  await results.getByRole('link', { name: /Flamingo deployment notes/ }).click();
  await expect(page).toHaveURL(new RegExp(`c=${old.conversationId}`));
  await expect(page.locator(`article[data-message-id="${old.messageIds[1]}"]`)).toContainText('kubectl rollout undo');

  // Any in-app address opens offline, typed in directly.
  await page.goto(`${app.url}/?c=${old.conversationId}`);
  await expect(lastAnswer(page)).toContainText('previous digest');

  // Models: the last known list, marked as such.
  await sidebar(page)
    .getByRole('link', { name: /Models/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  await expect(page.locator('[data-model="qwen2.5-coder:7b"]')).toBeVisible();
  await expect(page.getByTestId('models-last-known')).toContainText(
    'Last known list, seen just now. Ollama is not reachable.',
  );
  await snapshot(page, testInfo, 'offline-models');

  // Settings, straight from the address bar.
  await page.goto(`${app.url}/settings/`);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('offline-readiness')).toContainText('Ready');
  await expect(page.getByTestId('storage-report')).toContainText('Codelumi stores');

  // Sending: the draft stays and the reason is given.
  await startNewChat(page);
  await send(page, 'back online?');
  await expect(page.locator('[data-error-code="unreachable:ollama"]')).toContainText('Ollama is not running');
  await expect(composer(page)).toHaveValue('back online?');
  await expect(indicator).toBeVisible();
  await snapshot(page, testInfo, 'offline-send');

  // Network and Ollama back: the same page sends.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.context().setOffline(false);
  await fake.resume();
  await expect(indicator).toHaveCount(0);
  await composer(page).press('Enter');
  await expect(lastAnswer(page)).toContainText('Answered once Ollama was back.');
  await expect(answers(page)).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test('the offline indicator comes and goes with the network, without a reload', async ({ page, openApp }, testInfo) => {
  await openApp('/');
  await expectControlled(page);
  const indicator = page.getByTestId('offline-indicator');
  await expect(indicator).toHaveCount(0);
  await page.context().setOffline(true);
  await expect(indicator).toContainText('Offline');
  await snapshot(page, testInfo, 'offline-indicator');
  await page.context().setOffline(false);
  await expect(indicator).toHaveCount(0);
});
