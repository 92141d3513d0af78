/**
 * Projects in the production build: a folder uploaded through the folder
 * input is indexed (the right files, with what was skipped and why), its
 * stack detected; the user's corrections to the stack survive a re-scan; a
 * project can be deleted; the page is accessible in light and dark.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { accessibilityProblems } from './support/ui';
import { DEMO_TEXT_FILES, projectCard, removeDemoRepo, stackEntry, writeDemoRepo } from './support/projects';

let repo: string;
test.beforeEach(() => {
  repo = writeDemoRepo();
});
test.afterEach(() => removeDemoRepo(repo));

async function attachDemo(page: Page) {
  await page.getByLabel('Upload a copy of a folder instead').setInputFiles(repo);
  const card = projectCard(page, 'demo-app');
  await expect(card.locator('[data-scan="done"]')).toBeVisible();
  return card;
}

test('attaching a folder indexes its text files, says what it skipped and why, and detects the stack', async ({
  page,
  openApp,
  seed,
}) => {
  await openApp('/projects/');
  await expect(page.getByText('No projects yet.')).toBeVisible();
  const card = await attachDemo(page);
  await expect(page.getByRole('status').filter({ hasText: 'Indexed 9 files of demo-app' })).toBeVisible();

  const count = Object.keys(DEMO_TEXT_FILES).length;
  await expect(card.getByTestId('file-count')).toHaveText(`${count} files indexed`);
  const summary = card.getByTestId('skip-summary');
  await expect(summary).toHaveText('Skipped 6: 2 binary, 2 ignored by .gitignore, 1 dependency folder, 1 lockfile');
  await summary.click();
  await expect(card.locator('[data-skip-reason="ignored"]')).toContainText('debug.log, secrets/');
  await expect(card.locator('[data-skip-reason="binary"]')).toContainText('data/records.idx, public/logo.png');
  await expect(card.locator('[data-skip-reason="dependencies"]')).toContainText('node_modules/');
  await expect(card.locator('[data-skip-reason="lockfile"]')).toContainText('package-lock.json');

  await expect(stackEntry(card, 'framework:next')).toContainText('Next.js 15');
  await expect(stackEntry(card, 'framework:react')).toContainText('React 19');
  await expect(stackEntry(card, 'language:typescript')).toContainText('strict, target ES2022, module ESNext');
  await expect(stackEntry(card, 'testing:vitest')).toContainText('Vitest 2');
  await expect(stackEntry(card, 'package-manager:npm')).toBeVisible();
  await expect(stackEntry(card, 'tooling:docker')).toContainText('base image node:20-alpine');
  await stackEntry(card, 'framework:next').getByText('why').click();
  await expect(stackEntry(card, 'framework:next')).toContainText('package.json: dependencies.next ^15.1.0');

  // What was indexed is exactly the text files, with their content.
  const files = (await seed((t) => t.table('projectFiles'))) as { path: string; content: string }[];
  expect(files.map((f) => f.path).sort()).toEqual(Object.keys(DEMO_TEXT_FILES).sort());
  expect(files.find((f) => f.path === 'src/utils/format.ts')?.content).toBe(DEMO_TEXT_FILES['src/utils/format.ts']);
});

test('the user’s corrections to the stack survive a re-scan, which picks up new, changed and deleted files', async ({
  page,
  openApp,
}) => {
  await openApp('/projects/');
  const card = await attachDemo(page);

  await card.getByRole('button', { name: 'Remove Express 4' }).click();
  await expect(stackEntry(card, 'framework:express')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Restore Express 4' })).toBeVisible();

  await card.getByRole('button', { name: 'Edit Vitest 2' }).click();
  await card.getByLabel('Name', { exact: true }).fill('Vitest (unit tests)');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(stackEntry(card, 'testing:vitest')).toContainText('Vitest (unit tests) 2');
  await expect(stackEntry(card, 'testing:vitest')).toContainText('edited by you');

  await card.getByRole('button', { name: 'Confirm React 19' }).click();
  await expect(stackEntry(card, 'framework:react')).toContainText('confirmed');

  await card.getByRole('button', { name: 'Add to the stack of demo-app' }).click();
  await card.getByLabel('Kind').selectOption('tooling');
  await card.getByLabel('Name', { exact: true }).fill('Fly.io');
  await card.getByLabel('Detail').fill('deploys on push');
  await card.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(card.getByText('Fly.io')).toBeVisible();

  // The folder changes: a new file, a changed one, a deleted one; React leaves package.json.
  fs.writeFileSync(path.join(repo, 'src/utils/tax.ts'), 'export const VAT = 0.21;\n');
  fs.writeFileSync(path.join(repo, 'README.md'), '# Demo app\n\nNow with taxes.\n');
  fs.rmSync(path.join(repo, 'src/utils/formula.ts'));
  const pkg = JSON.parse(DEMO_TEXT_FILES['package.json']);
  delete pkg.dependencies.react;
  fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify(pkg, null, 2));

  await card.getByLabel('Re-scan demo-app: choose its folder again').setInputFiles(repo);
  await expect(
    page.getByRole('status').filter({ hasText: 'Re-scanned demo-app: 1 new, 2 changed, 1 removed' }),
  ).toBeVisible();
  await expect(card.getByTestId('file-count')).toHaveText('9 files indexed');

  // Removed stays removed, the rename stays, the confirmed React stays though no longer found, the addition stays.
  await expect(stackEntry(card, 'framework:express')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Restore Express 4' })).toBeVisible();
  await expect(stackEntry(card, 'testing:vitest')).toContainText('Vitest (unit tests)');
  await expect(stackEntry(card, 'framework:react')).toContainText('not found by the last scan');
  await expect(card.getByText('deploys on push')).toBeVisible();

  // The corrections also survive a reload.
  await page.reload();
  await expect(stackEntry(projectCard(page, 'demo-app'), 'testing:vitest')).toContainText('Vitest (unit tests)');
});

test('deleting a project asks first, then removes it and its files', async ({ page, openApp, seed }) => {
  await openApp('/projects/');
  const card = await attachDemo(page);
  await card.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete demo-app?' });
  await expect(dialog).toContainText('Your folder is not touched');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toBeVisible();

  await card.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete project' }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText('No projects yet.')).toBeVisible();
  expect(await seed((t) => t.table('projectFiles'))).toEqual([]);
});

test('the Projects page is reachable from the sidebar and a project can be renamed', async ({ page, openApp }) => {
  await openApp('/');
  await page.getByRole('complementary', { name: 'Conversations' }).getByRole('link', { name: 'Projects' }).click();
  await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
  const card = await attachDemo(page);
  await card.getByRole('button', { name: 'Rename demo-app' }).click();
  await page.getByLabel('Project name').fill('Shop');
  await page.getByLabel('Project name').press('Enter');
  await expect(projectCard(page, 'Shop')).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the Projects page has no serious accessibility violations (${scheme})`, async ({ page, openApp }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp('/projects/');
    const card = await attachDemo(page);
    await card.getByTestId('skip-summary').click();
    await stackEntry(card, 'framework:next').getByText('why').click();
    const found = await accessibilityProblems(page);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
}
