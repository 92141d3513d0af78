/**
 * The Planner end to end in the production build, with the fake Ollama
 * playing a scripted plan-and-execute session (tests/fake-ollama/plan-session.ts):
 * a request becomes a plan, the user edits and dry-runs it, executes it with
 * one step failing its tests and fixed by the fix loop, reloads in the middle
 * and sees it resume, accepts the review step, and downloads a zip whose
 * files are checked. And a workspace written into an attached folder (a
 * directory of Chromium's origin private file system stands in for the
 * picked folder) with one file rejected in the diff.
 */
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { DEMO_PLAN_SESSION, planSessionRules, writeStepPattern } from '../tests/fake-ollama/plan-session';

const REQUEST = 'Build me a word counter in JavaScript';
const README = DEMO_PLAN_SESSION.steps[2]!.files['README.md']!;
const runStep = (page: Page, n: number) => page.getByTestId('run-step').nth(n - 1);

// A whole execution runs tests in the sandbox several times (and once after a reload): longer than one chat turn.
test.describe.configure({ timeout: 120_000 });

test('a request becomes a plan that is edited, dry-run, executed with a fix, resumed after a reload, and downloaded', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script([
    // Step 2's first answer stops after a few words and never ends: the page is reloaded while it streams.
    {
      match: { lastUser: new RegExp(writeStepPattern('s2')) },
      reply: { content: '```js src/count.js\nimport { words }', fault: { kind: 'silent-mid-stream', afterTokens: 3 } },
      times: 1,
    },
    // The model follows the edited plan: step 3 writes the README under the name the user gave it.
    ...planSessionRules({
      ...DEMO_PLAN_SESSION,
      steps: [...DEMO_PLAN_SESSION.steps.slice(0, 2), { id: 's3', files: { 'docs/README.md': README } }],
    }),
  ]);
  await openApp('/build/');
  await page.getByRole('textbox', { name: 'What should I build?' }).fill(REQUEST);
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page).toHaveURL(/\/build\/\?plan=/);
  const planUrl = page.url();
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  await expect(page.getByTestId('plan-status')).toHaveText('Draft');

  // Edit: the README goes into docs/.
  await page.getByRole('button', { name: 'Rename README.md' }).click();
  await page.getByLabel('New path for README.md').fill('docs/README.md');
  await page.getByLabel('New path for README.md').press('Enter');
  const planFiles = page.getByRole('list', { name: 'Files in the plan' });
  await expect(planFiles.getByText('docs/README.md', { exact: true })).toBeVisible();
  await expect(planFiles.getByText('README.md', { exact: true })).toHaveCount(0);

  // Dry run: the files it would write, and nothing written.
  await page.getByRole('button', { name: 'Dry run' }).click();
  const dryFiles = page.getByRole('list', { name: 'Files the plan writes' });
  await expect(dryFiles).toContainText('docs/README.md');
  await expect(dryFiles).toContainText('src/count.js');
  await expect(page.getByTestId('plan-status')).toHaveText('Dry run');
  await page.getByRole('button', { name: 'Execute' }).click();

  // Step 1 passes; step 2's answer streams, and the page is reloaded in the middle of it.
  await expect(runStep(page, 1)).toHaveAttribute('data-status', 'passed');
  await expect(runStep(page, 2)).toHaveAttribute('data-status', 'writing');
  // The step shows it is writing before its request reaches Ollama: a reload before that would leave the silent
  // answer to the resumed step's request, which then waits out the silence limit.
  const stepTwo = new RegExp(writeStepPattern('s2'));
  await expect.poll(() => fake.chatRequests().filter((r) => stepTwo.test(r.lastUser)).length).toBe(1);
  await page.reload();
  expect(page.url()).toBe(planUrl);

  // The plan picks up again, says so, and step 2 fails its tests first, then the fix loop repairs it.
  await expect(page.getByTestId('resumed-notice')).toBeVisible();
  await expect(runStep(page, 2)).toHaveAttribute('data-status', 'fixed', { timeout: 60_000 });
  await expect(runStep(page, 1)).toHaveAttribute('data-status', 'passed');
  // Step 3 is the user's review: the plan waits for it and says so.
  await expect(runStep(page, 3)).toHaveAttribute('data-status', 'awaiting-review');
  await expect(page.getByTestId('plan-status')).toHaveText('Waiting for your review');
  await runStep(page, 3).getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Done');
  await expect(page.getByTestId('plan-learned')).toBeVisible();
  // Step 2's attempts: the cut-off write, the write whose tests failed, the fix.
  expect(
    fake
      .chatRequests()
      .map((r) => r.lastUser.split(':')[0])
      .filter((l) => /^(Write|Fix) step/.test(l)),
  ).toEqual(['Write step s1', 'Write step s2', 'Write step s2', 'Fix step s2', 'Write step s3']);

  // The zip holds the workspace's files, the fixed version of count.js.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download zip' }).click();
  const zip = await download;
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const entries = unzipSync(new Uint8Array(await readFile((await zip.path())!)));
  const files = Object.fromEntries(
    Object.entries(entries)
      .filter(([path]) => !path.endsWith('/'))
      .map(([path, bytes]) => [path.slice(path.indexOf('/') + 1), strFromU8(bytes)]),
  );
  expect(Object.keys(files).sort()).toEqual([
    'docs/README.md',
    'src/count.js',
    'src/count.test.js',
    'src/words.js',
    'src/words.test.js',
  ]);
  const trimmed = (s: string | undefined) => s?.trimEnd();
  expect(trimmed(files['src/count.js'])).toBe(trimmed(DEMO_PLAN_SESSION.steps[1]!.fix!['src/count.js']));
  expect(trimmed(files['src/count.test.js'])).toBe(trimmed(DEMO_PLAN_SESSION.steps[1]!.files['src/count.test.js']));
  expect(trimmed(files['src/words.js'])).toBe(trimmed(DEMO_PLAN_SESSION.steps[0]!.files['src/words.js']));
  expect(trimmed(files['docs/README.md'])).toBe(trimmed(README));
});

/** Every file under the OPFS folder `linked-app`, path → text. */
async function readFolder(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {};
    type Dir = FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };
    const walk = async (dir: Dir, prefix: string) => {
      for await (const entry of dir.values()) {
        if (entry.kind === 'file')
          out[prefix + entry.name] = await (await (entry as FileSystemFileHandle).getFile()).text();
        else await walk(entry as Dir, `${prefix}${entry.name}/`);
      }
    };
    await walk((await (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app')) as Dir, '');
    return out;
  });
}

/** The names at the top of the origin private file system (the attached folder, nothing beside it). */
async function opfsRoot(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names: string[] = [];
    const root = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & {
      keys(): AsyncIterable<string>;
    };
    for await (const name of root.keys()) names.push(name);
    return names.sort();
  });
}

test('the workspace is written into the attached folder: the accepted change is written, the rejected file is not', async ({
  page,
  openApp,
  fake,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app');
  });
  // A one-step plan: words.js and its tests.
  const plan = { ...DEMO_PLAN_SESSION.plan, files: DEMO_PLAN_SESSION.plan.files.slice(0, 2) };
  plan.steps = plan.steps.slice(0, 1);
  fake.script(planSessionRules({ plan, steps: DEMO_PLAN_SESSION.steps.slice(0, 1) }));

  await openApp('/projects/');
  const before = { 'README.md': '# Mine\n', 'src/words.js': 'export const old = true;\n' };
  await page.evaluate(async (files) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app', { create: true });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split('/');
      let dir = folder;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    }
  }, before);
  await page.getByRole('button', { name: 'Attach a folder' }).click();
  await expect(page.getByText('linked folder')).toBeVisible();

  await page.goto(page.url().replace(/\/projects\/.*$/, '/build/'));
  await page.getByRole('textbox', { name: 'What should I build?' }).fill('Split text into words');
  await page.getByLabel('Project for this chat').selectOption({ label: 'linked-app' });
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dry run' }).click();
  // The dry run knows the folder already has src/words.js.
  await expect(page.getByRole('list', { name: 'Files the plan writes' })).toContainText('src/words.js');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Done');

  await page.getByRole('button', { name: 'Write into project folder…' }).click();
  const dialog = page.getByTestId('folder-write');
  await expect(dialog).toBeVisible();
  const changed = dialog
    .getByTestId('folder-file')
    .filter({ hasText: 'src/words.js' })
    .filter({ hasText: 'overwrites' });
  const created = dialog.getByTestId('folder-file').filter({ hasText: 'src/words.test.js' });
  await expect(changed).toBeVisible();
  await expect(created).toContainText('new');
  // Accept the change of words.js (never checked by default), reject the new test file.
  await changed.getByRole('checkbox').check();
  await created.getByRole('checkbox').uncheck();
  await dialog.getByRole('button', { name: 'Write 1 file' }).click();
  const report = dialog.getByTestId('folder-report');
  await expect(report).toContainText('written');
  await expect(report.locator('li').filter({ hasText: 'src/words.test.js' })).toContainText('not written (rejected)');

  const after = await readFolder(page);
  expect(Object.keys(after).sort()).toEqual(['README.md', 'src/words.js']);
  expect(after['README.md']).toBe(before['README.md']);
  expect(after['src/words.js']!.trimEnd()).toBe(DEMO_PLAN_SESSION.steps[0]!.files['src/words.js']!.trimEnd());
  expect(await opfsRoot(page)).toEqual(['linked-app']);
});
