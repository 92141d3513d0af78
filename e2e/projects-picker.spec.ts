/**
 * A folder attached with the File System Access API stays linked: its handle
 * is kept in IndexedDB, so a re-scan (even after a reload) reads the folder
 * again, asking for permission when the browser has forgotten it. Playwright
 * cannot drive the native folder picker, so `showDirectoryPicker` is replaced
 * by one that returns a real directory handle from the origin private file
 * system, which behaves like a picked folder.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { projectCard } from './support/projects';

const FILES: Record<string, string> = {
  '.gitignore': 'tmp/\n',
  'go.mod': 'module example.com/linked\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
  'main.go': 'package main\n\nfunc main() {}\n',
  'handlers/users.go': 'package handlers\n',
  'tmp/linked': 'scratch output',
  'vendor/github.com/gin-gonic/gin/gin.go': 'package gin',
};

/** Writes files into a folder of the origin private file system (a real directory handle). */
async function writeFolder(page: Page, files: Record<string, string | null>) {
  await page.evaluate(async (entries) => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle('linked-app', { create: true });
    for (const [path, text] of Object.entries(entries)) {
      const parts = path.split('/');
      let dir = folder;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const name = parts[parts.length - 1];
      if (text === null) {
        await dir.removeEntry(name);
        continue;
      }
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    }
  }, files);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app');
  });
});

test('a picked folder is indexed and stays linked: a re-scan after a reload reads it again', async ({
  page,
  openApp,
}) => {
  await openApp('/projects/');
  await writeFolder(page, FILES);
  await page.getByRole('button', { name: 'Attach a folder' }).click();
  const card = projectCard(page, 'linked-app');
  await expect(card.getByText('linked folder')).toBeVisible();
  await expect(card.getByTestId('file-count')).toHaveText('4 files indexed');
  await expect(card.getByTestId('skip-summary')).toHaveText('Skipped 2: 1 ignored by .gitignore, 1 dependency folder');
  await expect(card.locator('li[data-entry-id="framework:gin"]')).toContainText('Gin 1');

  await writeFolder(page, {
    'handlers/orders.go': 'package handlers\n\nfunc Orders() {}\n',
    'handlers/users.go': null,
  });
  await page.reload();
  await projectCard(page, 'linked-app').getByRole('button', { name: 'Re-scan' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Re-scanned linked-app: 1 new, 0 changed, 1 removed' }),
  ).toBeVisible();
  await expect(projectCard(page, 'linked-app').getByTestId('file-count')).toHaveText('4 files indexed');
});

test('a re-scan the user does not allow says why and what to do', async ({ page, openApp }) => {
  await openApp('/projects/');
  await writeFolder(page, FILES);
  await page.getByRole('button', { name: 'Attach a folder' }).click();
  const card = projectCard(page, 'linked-app');
  await expect(card.getByTestId('file-count')).toHaveText('4 files indexed');

  // The browser has forgotten the permission, and the user refuses it.
  await page.evaluate(() => {
    const proto = FileSystemDirectoryHandle.prototype as unknown as Record<string, unknown>;
    proto.queryPermission = async () => 'prompt';
    proto.requestPermission = async () => 'denied';
  });
  await card.getByRole('button', { name: 'Re-scan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Codelumi may not read that folder' })).toContainText(
    'choose “Allow” when the browser asks, or upload the folder instead',
  );
  await expect(card.getByTestId('file-count')).toHaveText('4 files indexed');
});
