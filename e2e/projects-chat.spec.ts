/**
 * Projects in the chat: a conversation belongs to a project (started from
 * the project, or moved into one from the header), and `@file` mentions are
 * offered as the user types, by keyboard and by mouse. The mentioned file,
 * the project's stack and a preference stated in another conversation reach
 * the model's request, through the Brain's retriever in the analysis worker.
 */
import type { Page } from '@playwright/test';
import { test, expect, type AppFixtures } from './fixtures';
import { answerRequests, answers, composer, expectSettled, scriptAnswers, answer, send } from './support/chat';
import { DEMO_TEXT_FILES } from './support/projects';
import { holdStores, letStoresGo } from './support/slow-storage';

const MODEL = 'qwen2.5-coder:7b';

test.beforeEach(async ({ fake, seed }) => {
  scriptAnswers(fake, [answer(/./, { content: 'Here is how it works.' })]);
  await seed((t, model) => t.configure({ defaultModel: model, autoTitle: false }), MODEL);
});

const seedDemo = (seed: AppFixtures['seed']) =>
  seed((t, files) => t.seedProject({ name: 'demo-app', files }), DEMO_TEXT_FILES);

const options = (page: Page) => page.getByRole('listbox', { name: 'Files in demo-app' }).getByRole('option');

test('a chat started from a project belongs to it, and a mentioned file, the stack and a stated preference reach the model', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  const { projectId } = await seedDemo(seed);
  await openApp('/');
  await send(page, 'I prefer short answers, please.');
  await expectSettled(answers(page).last());
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('link', { name: 'New chat' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?project=${projectId}`));
  await expect(page.getByLabel('Project for this chat')).toHaveValue(projectId);
  await expect(composer(page)).toHaveAttribute('placeholder', /Ask about demo-app/);

  // Typing "@form" offers the two matching files; the arrows move, Enter inserts.
  await composer(page).fill('Explain @form');
  await expect(options(page)).toHaveText(['src/utils/format.ts', 'src/utils/formula.ts']);
  await expect(composer(page)).toHaveAttribute('aria-activedescendant', 'mention-option-0');
  await expect(options(page).nth(0)).toHaveAttribute('aria-selected', 'true');
  await composer(page).press('ArrowDown');
  await expect(composer(page)).toHaveAttribute('aria-activedescendant', 'mention-option-1');
  await expect(options(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await composer(page).press('ArrowUp');
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('Explain @src/utils/format.ts ');
  await expect(page.getByRole('listbox')).toHaveCount(0);

  await composer(page).pressSequentially('please');
  await composer(page).press('Enter');
  await expectSettled(answers(page).last());

  const conversationId = new URL(page.url()).searchParams.get('c');
  const conversations = (await seed((t) => t.table('conversations'))) as { id: string; projectId?: string }[];
  expect(conversations.find((c) => c.id === conversationId)?.projectId).toBe(projectId);

  const system = answerRequests(fake).at(-1)?.system ?? '';
  expect(system).toContain('File: src/utils/format.ts\n```ts\n' + DEMO_TEXT_FILES['src/utils/format.ts']);
  expect(system).toContain('Project: demo-app');
  expect(system).toContain('Frameworks: Next.js 15, React 19');
  expect(system).toContain('## The project this conversation is about (use its stack and conventions)');
  expect(system).toContain('## Files from the project (quote them exactly, with their paths)');
  expect(system).toContain('Prefers short answers');
  // The project stays chosen for the conversation after a reload.
  await page.reload();
  await expect(page.getByLabel('Project for this chat')).toHaveValue(projectId);
});

test('the file list takes Tab and the mouse, closes on Esc without touching the text, and ignores e-mail addresses', async ({
  page,
  openApp,
  seed,
}) => {
  const { projectId } = await seedDemo(seed);
  await openApp(`/?project=${projectId}`);

  await composer(page).fill('mail me@app.tsx');
  await expect(page.getByRole('listbox')).toHaveCount(0);

  await composer(page).fill('see @app');
  await expect(options(page)).toHaveText(['src/app.tsx']);
  await composer(page).press('Tab');
  await expect(composer(page)).toHaveValue('see @src/app.tsx ');
  await expect(composer(page)).toBeFocused();

  await composer(page).pressSequentially('and @READ');
  await expect(options(page)).toHaveText(['README.md']);
  await composer(page).press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await expect(composer(page)).toHaveValue('see @src/app.tsx and @READ');
  // Typing on brings it back; a click picks.
  await composer(page).pressSequentially('M');
  await options(page).filter({ hasText: 'README.md' }).click();
  await expect(composer(page)).toHaveValue('see @src/app.tsx and @README.md ');
  await expect(composer(page)).toBeFocused();
});

test('an existing chat moves into a project from the header, and out again', async ({ page, openApp, seed }) => {
  const { projectId } = await seedDemo(seed);
  const { conversationId } = await seed((t) =>
    t.seedConversation({ title: 'Loose chat', turns: [{ question: 'hi', answer: 'hello' }] }),
  );
  await openApp(`/?c=${conversationId}`);
  const picker = page.getByLabel('Project for this chat');
  await expect(picker).toHaveValue('');
  await picker.selectOption({ label: 'demo-app' });
  await expect(page.getByText('This chat now uses the project demo-app')).toBeVisible();
  let stored = (await seed((t) => t.table('conversations'))) as { id: string; projectId?: string }[];
  expect(stored.find((c) => c.id === conversationId)?.projectId).toBe(projectId);

  // Mentions work in it now.
  await composer(page).fill('@tsconfig');
  await expect(options(page)).toHaveText(['tsconfig.json']);
  await composer(page).press('Escape');

  await picker.selectOption({ label: 'No project' });
  await expect(page.getByText('This chat no longer uses a project')).toBeVisible();
  stored = (await seed((t) => t.table('conversations'))) as { id: string; projectId?: string }[];
  expect(stored.find((c) => c.id === conversationId)?.projectId).toBeUndefined();
});

test('without projects the header has no project picker and @ offers nothing', async ({ page, openApp }) => {
  await openApp('/');
  await expect(page.getByLabel('Model for this chat')).toBeVisible();
  await expect(page.getByLabel('Project for this chat')).toHaveCount(0);
  await composer(page).fill('@src');
  await expect(page.getByRole('listbox')).toHaveCount(0);
});

test('right after the chat moves to another project, @ offers none of the files of the project it left', async ({
  page,
  openApp,
  seed,
}) => {
  const alpha = await seed((t) => t.seedProject({ name: 'alpha-app', files: { 'src/alpha-only.ts': 'export {};\n' } }));
  await seed((t) => t.seedProject({ name: 'beta-app', files: { 'src/beta-only.ts': 'export {};\n' } }));
  await openApp(`/?project=${alpha.projectId}`);
  const picker = page.getByLabel('Project for this chat');
  await expect(picker).toHaveValue(alpha.projectId);
  await composer(page).fill('@src');
  await expect(page.getByRole('listbox', { name: 'Files in alpha-app' }).getByRole('option')).toHaveText([
    'src/alpha-only.ts',
  ]);
  await composer(page).fill('');

  // Every file the box offers from now on is noted; a slow disk holds the project files until the test lets go.
  await page.evaluate(() => {
    const w = window as unknown as { __offered: string[] };
    w.__offered = [];
    new MutationObserver(() => {
      for (const o of document.querySelectorAll('[role="option"]')) w.__offered.push(o.textContent ?? '');
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await holdStores(page, ['projectFiles']);
  await picker.selectOption({ label: 'beta-app' });
  await expect(picker).toHaveValue(/./);
  await composer(page).fill('@src');
  await letStoresGo(page);
  await expect(page.getByRole('listbox', { name: 'Files in beta-app' }).getByRole('option')).toHaveText([
    'src/beta-only.ts',
  ]);
  const offered = await page.evaluate(() => (window as unknown as { __offered: string[] }).__offered);
  expect(offered.filter((o) => o.includes('alpha'))).toEqual([]);
});
