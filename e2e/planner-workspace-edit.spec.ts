/**
 * A hand edit in the Build page's workspace stays with its file: while the
 * user edits src/words.js, the plan runs on and writes a file that sorts
 * first; the editor keeps src/words.js, and saving stores the user's text as
 * a new version of src/words.js, never of another file (the review's P1-4).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { DEMO_PLAN_SESSION, planSessionRules, stepAnswer, writeStepPattern } from '../tests/fake-ollama/plan-session';

test.describe.configure({ timeout: 120_000 });
const runStep = (page: Page, n: number) => page.getByTestId('run-step').nth(n - 1);
const MINE = '// my own words.js\nexport function words(t) {\n  return t.split(/\\W+/).filter(Boolean);\n}\n';

/** Every stored version of the plan's workspace: [path, version, source, first line]. */
async function workspaceRows(page: Page): Promise<[string, number, string, string][]> {
  return page.evaluate(async () => {
    const open = indexedDB.open('codelumi');
    const db: IDBDatabase = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)));
    const rows: { path: string; version: number; source: string; content: string }[] = await new Promise((resolve) => {
      const q = db.transaction('workspaceFiles').objectStore('workspaceFiles').getAll();
      q.onsuccess = () => resolve(q.result);
    });
    db.close();
    return rows
      .map((f) => [f.path, f.version, f.source, f.content.split('\n')[0]] as [string, number, string, string])
      .sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
  });
}

test('a hand edit stays with its file while the plan writes others, and is saved into that file', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script([
    // Step 2 streams slowly, so the page can pause it while it writes.
    {
      match: { lastUser: new RegExp(writeStepPattern('s2')) },
      reply: { content: stepAnswer(DEMO_PLAN_SESSION.steps[1]!.files), tokensPerSecond: 8 },
      times: 1,
    },
    ...planSessionRules(DEMO_PLAN_SESSION),
  ]);
  await openApp('/build/');
  await page.getByRole('textbox', { name: 'What should I build?' }).fill('Build me a word counter in JavaScript');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  // Execution starts from the dry run.
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(runStep(page, 2)).toHaveAttribute('data-status', 'writing');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Paused');

  // The only files are step 1's: src/words.js is shown first. Edit it.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = page.getByLabel('Editing src/words.js');
  await editor.fill(MINE);

  // The plan runs on: step 2 writes src/count.js, which sorts before src/words.js.
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(runStep(page, 2)).toHaveAttribute('data-status', /fixed|passed/);
  await expect(page.getByTestId('plan-status')).not.toHaveText('Running');
  await expect(editor).toHaveValue(MINE);
  await expect(page.getByText(/^Editing /)).toHaveText('Editing src/words.js');

  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByText(/^Editing /)).toHaveCount(0);
  await expect.poll(() => workspaceRows(page)).toContainEqual(['src/words.js', 2, 'user', '// my own words.js']);
  const rows = await workspaceRows(page);
  // src/count.js has only the model's versions: the edit went nowhere else.
  expect(rows.filter((r) => r[2] === 'user').map((r) => r[0])).toEqual(['src/words.js']);
});
