/**
 * Editing a plan as a demanding user does, in the production build with the
 * fake Ollama's scripted plan (tests/fake-ollama/plan-session.ts): a step
 * added with missing fields keeps the form open with each problem beside its
 * field and the typed text kept; a step may say which steps it comes after;
 * a move the order holds back is offered the carry and changes the order;
 * the dry run of a plan for an attached project shows the project's file it
 * would overwrite, and once the workspace has a version, the diff.
 * `PLANNER_SHOTS=<dir>` also saves screenshots (1280 and 390 px wide).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { DEMO_PLAN_SESSION, planSessionRules } from '../tests/fake-ollama/plan-session';

const REQUEST = 'Build me a word counter in JavaScript';

/** Saves the page at both widths when PLANNER_SHOTS names a folder (looking at the UI, not a check). */
async function shots(page: Page, name: string) {
  const dir = process.env.PLANNER_SHOTS;
  if (!dir) return;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${dir}/${name}-wide.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${dir}/${name}-narrow.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Plans the demo request: three steps, s1 ← s2 ← s3. */
async function planDemo(page: Page) {
  await page.getByRole('textbox', { name: 'What should I build?' }).fill(REQUEST);
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  await expect(page.getByTestId('plan-status')).toHaveText('Draft');
}

const stepTitles = (page: Page) => page.getByTestId('plan-step').locator('h3');

test('a step added with missing fields keeps the form open, with each problem beside its field and the text kept', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script(planSessionRules(DEMO_PLAN_SESSION));
  await openApp('/build/');
  await planDemo(page);

  await page.getByRole('button', { name: 'Add step' }).click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add step', exact: true }) });
  await form.getByLabel('Title').fill('Write a changelog');
  await form.getByLabel('Files it writes').fill('CHANGELOG.md');
  await form.getByRole('button', { name: 'Add step', exact: true }).click();

  // Refused: the form stays, what was typed stays, and each problem is beside its field, in view.
  const detail = form.getByLabel('What to write');
  await expect(detail).toHaveAccessibleDescription('Say what the step should do.');
  await expect(detail).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('What the check shows')).toHaveAccessibleDescription(
    'Say how the check shows it works.',
  );
  await expect(form.locator('[data-field="detail"]')).toBeInViewport();
  await expect(form.getByLabel('Title')).toHaveValue('Write a changelog');
  await expect(form.getByLabel('Files it writes')).toHaveValue('CHANGELOG.md');
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  await expect(page.getByText(/Too small|expected string/)).toHaveCount(0);
  await shots(page, 'edit-01-add-refused');

  await detail.fill('List what changed in each version.');
  await form.getByLabel('What the check shows').fill('You read it and it lists the changes.');
  await form.getByRole('button', { name: 'Add step', exact: true }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(4);
  await expect(form).toHaveCount(0);
  await expect(stepTitles(page).last()).toContainText('Write a changelog');
});

test('a step says which steps it comes after, and a move the order holds back is offered the carry that changes the order', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script(planSessionRules(DEMO_PLAN_SESSION));
  await openApp('/build/');
  await planDemo(page);

  // A changelog that needs only step 1 (a new step follows the last one unless the user says otherwise).
  await page.getByRole('button', { name: 'Add step' }).click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add step', exact: true }) });
  await form.getByLabel('Title').fill('Write a changelog');
  await form.getByLabel('What to write').fill('List what changed.');
  await form.getByLabel('Files it writes').fill('CHANGELOG.md');
  await form.getByLabel('What the check shows').fill('You read it.');
  await expect(form.getByRole('checkbox', { name: /^Step 3\b/ })).toBeChecked();
  await form.getByRole('checkbox', { name: /^Step 3\b/ }).uncheck();
  await form.getByRole('checkbox', { name: /^Step 1\b/ }).check();
  await form.getByRole('button', { name: 'Add step', exact: true }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(4);
  await expect(page.getByTestId('plan-step').nth(3)).toContainText('After step 1');

  // Step 2 down: step 3 needs it, so it is offered to move along, past the changelog.
  await page.getByRole('button', { name: 'Move step 2 down' }).click();
  const offer = page.getByTestId('carry-offer');
  await expect(offer).toContainText('Move step 3 along with it?');
  await shots(page, 'edit-02-carry-offer');
  await offer.getByRole('button', { name: 'Move both down' }).click();
  await expect(offer).toHaveCount(0);
  await expect(stepTitles(page)).toHaveText([
    /Split text into words/,
    /Write a changelog/,
    /Count word frequencies/,
    /Write the README/,
  ]);
  await expect(page.locator('[role=alert]').filter({ hasText: /needs|need step/ })).toHaveCount(0);

  // The README (now step 4) comes after step 3: its edit form shows that, and it can change.
  await page.getByRole('button', { name: 'Edit step 4' }).click();
  const edit = page.getByTestId('plan-step').nth(3).locator('form');
  await expect(edit.getByRole('checkbox', { name: /^Step 3\b/ })).toBeChecked();
  await edit.getByRole('checkbox', { name: /^Step 3\b/ }).uncheck();
  await edit.getByRole('button', { name: 'Save step' }).click();
  await expect(edit).toHaveCount(0);
  await expect(page.getByTestId('plan-step').nth(3)).not.toContainText('After step');
});

test('the dry run of a plan for an attached project shows the file it would overwrite, then the diff once the workspace has it', async ({
  page,
  openApp,
  fake,
}) => {
  // A one-step plan: words.js and its tests; the attached folder already has a words.js.
  const plan = { ...DEMO_PLAN_SESSION.plan, files: DEMO_PLAN_SESSION.plan.files.slice(0, 2) };
  plan.steps = plan.steps.slice(0, 1);
  fake.script(planSessionRules({ plan, steps: DEMO_PLAN_SESSION.steps.slice(0, 1) }));
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app');
  });
  await openApp('/projects/');
  const old = 'export const old = true;\n';
  await page.evaluate(async (text) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app', { create: true });
    const src = await folder.getDirectoryHandle('src', { create: true });
    const writable = await (await src.getFileHandle('words.js', { create: true })).createWritable();
    await writable.write(text);
    await writable.close();
  }, old);
  await page.getByRole('button', { name: 'Attach a folder' }).click();
  await expect(page.getByText('linked folder')).toBeVisible();
  // The dry run reads the project's index: wait until the scan has indexed the file.
  await expect(page.getByText('1 file indexed')).toBeVisible();

  await page.goto(page.url().replace(/\/projects\/.*$/, '/build/'));
  await page.getByRole('textbox', { name: 'What should I build?' }).fill('Split text into words');
  await page.getByLabel('Project for this chat').selectOption({ label: 'linked-app' });
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(1);

  // The draft's dry run: the project's words.js as it is now, which the plan would overwrite.
  await page.getByRole('button', { name: 'Dry run' }).click();
  const words = page.getByTestId('dry-file').filter({ hasText: 'src/words.js' });
  await words.getByText('Show what it would overwrite').click();
  await expect(words.getByTestId('dry-replaced')).toBeVisible();
  await expect(words.getByTestId('dry-replaced')).toHaveText(old.trimEnd());
  await shots(page, 'edit-03-dry-run-replaced');

  // Once executed, the dry run again: the diff from the project's file to the workspace's.
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Done');
  await page.getByRole('button', { name: 'Dry run' }).click();
  const changed = page.getByTestId('dry-file').filter({ hasText: 'src/words.js' });
  await changed.getByText('Show the difference from the project’s file').click();
  const diff = changed.getByLabel('Difference for src/words.js');
  await expect(diff).toContainText('removed: -export const old = true;');
  await expect(diff).toContainText('added: +export function words');
  await shots(page, 'edit-04-dry-run-diff');
  // Nothing was written into the folder.
  expect(
    await page.evaluate(async () => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('linked-app');
      const src = await folder.getDirectoryHandle('src');
      return (await (await src.getFileHandle('words.js')).getFile()).text();
    }),
  ).toBe(old);
});
