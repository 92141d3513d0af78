/**
 * The Planner when things do not go well, in the production build with the
 * fake Ollama: planning that fails (the model missing) says what to do and
 * can be planned again into a draft; a reload during planning leaves a plan
 * to plan again, not a spinner; an execution error (Ollama gone, the model
 * missing) pauses the plan with the chat's advice, and Try again or another
 * model carries on.
 */
import type { Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { DEMO_PLAN_SESSION, planSessionRules, writeStepPattern } from '../tests/fake-ollama/plan-session';

// Two lines, the first longer than a title's 80 characters: the page must show all of it.
const REQUEST =
  'Build me a word counter in JavaScript that counts words, lines and characters of a text file\nwith tests for each count';
const MISSING = {
  kind: 'error-before-output',
  status: 404,
  message: 'model "qwen2.5-coder:7b" not found, try pulling it first',
} as const;
const SHOTS = process.env.PLANNER_SHOTS;
const runStep = (page: Page, n: number) => page.getByTestId('run-step').nth(n - 1);

test.describe.configure({ timeout: 120_000 });

/** Wide and 390 px screenshots, when PLANNER_SHOTS names a folder (to look at the page; not an assertion). */
async function shots(page: Page, name: string) {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-wide.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-narrow.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** Asks for a plan of `request`, written by the coder model (the fake's faults name it). */
async function plan(page: Page, request = REQUEST) {
  await page.getByRole('textbox', { name: 'What should I build?' }).fill(request);
  await page.getByRole('combobox', { name: /Model/ }).selectOption('qwen2.5-coder:7b');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page).toHaveURL(/\/build\/\?plan=/);
}

test('planning that fails because the model is missing says how to get it, and Plan again makes the draft', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script([
    { match: { endpoint: 'chat', format: true }, reply: { content: '', fault: MISSING }, times: 1 },
    ...planSessionRules(DEMO_PLAN_SESSION),
  ]);
  await openApp('/build/');
  await plan(page);

  await expect(page.getByTestId('plan-status')).toHaveText('Planning failed');
  const notice = page.locator('[data-error-code="not_found:model"]');
  await expect(notice).toContainText('is not installed');
  await expect(notice).toContainText('ollama pull qwen2.5-coder:7b');
  await expect(notice.getByRole('button', { name: 'Download model' })).toBeVisible();
  // The whole request, as typed (the title keeps only its first line), and no Resume of a plan with no steps.
  await expect(page.getByTestId('plan-request')).toHaveText(REQUEST);
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: /Model/ })).toHaveValue('qwen2.5-coder:7b');
  await shots(page, 'planning-failed');

  await page.getByRole('button', { name: 'Plan again' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Draft');
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  await expect(notice).toHaveCount(0);
  // Both plannings asked for the same request.
  const asked = fake.chatRequests().filter((r) => r.lastUser.includes('counts words, lines and characters'));
  expect(asked).toHaveLength(2);
});

test('a reload while the plan is being written leaves a plan to plan again, not a spinner that never ends', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script([
    // The first planning answer stops after a few tokens and never ends: the page is reloaded meanwhile.
    {
      match: { endpoint: 'chat', format: true },
      reply: { content: '{"goal": "A word', fault: { kind: 'silent-mid-stream', afterTokens: 2 } },
      times: 1,
    },
    ...planSessionRules(DEMO_PLAN_SESSION),
  ]);
  await openApp('/build/');
  await plan(page);
  await expect(page.getByTestId('planning-progress')).toBeVisible();
  await expect.poll(() => fake.chatRequests().filter((r) => r.body?.format).length).toBe(1);
  await page.reload();

  await expect(page.getByTestId('plan-status')).toHaveText('Planning failed');
  await expect(page.getByTestId('planning-failed')).toContainText('cut off by a reload');
  await expect(page.getByTestId('planning-progress')).toHaveCount(0);
  await shots(page, 'planning-cut-off');

  await page.getByRole('button', { name: 'Plan again' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Draft');
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
});

test('Ollama gone during execution pauses the plan with how to start it, and Try again carries on once it runs', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script(planSessionRules(DEMO_PLAN_SESSION));
  await openApp('/build/');
  await plan(page, 'Build me a word counter in JavaScript');
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await fake.stopListening();
  await page.getByRole('button', { name: 'Execute' }).click();

  await expect(page.getByTestId('plan-status')).toHaveText('Paused');
  const notice = page.locator('[data-error-code="unreachable:ollama"]');
  await expect(notice).toContainText('Ollama is not running');
  await expect(notice).toContainText('ollama serve');
  await shots(page, 'execution-ollama-gone');

  await fake.resume();
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(runStep(page, 1)).toHaveAttribute('data-status', 'passed', { timeout: 60_000 });
  await expect(page.getByTestId('plan-status')).toHaveText('Waiting for your review', { timeout: 60_000 });
  await expect(notice).toHaveCount(0);
});

test('a model that is missing during execution can be swapped for another installed model, and the plan carries on', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script([
    { match: { lastUser: new RegExp(writeStepPattern('s1')) }, reply: { content: '', fault: MISSING }, times: 1 },
    ...planSessionRules(DEMO_PLAN_SESSION),
  ]);
  await openApp('/build/');
  await plan(page, 'Build me a word counter in JavaScript');
  await expect(page.getByTestId('plan-step')).toHaveCount(3);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();

  await expect(page.getByTestId('plan-status')).toHaveText('Paused');
  const notice = page.locator('[data-error-code="not_found:model"]');
  await expect(notice).toContainText('ollama pull qwen2.5-coder:7b');
  await notice.getByRole('button', { name: 'Choose another model' }).click();
  await page.getByRole('combobox', { name: /Model/ }).selectOption('qwen3:8b');
  await page.getByRole('button', { name: 'Use qwen3:8b and resume' }).click();

  await expect(runStep(page, 1)).toHaveAttribute('data-status', 'passed', { timeout: 60_000 });
  await expect(page.getByTestId('plan-view')).toContainText('qwen3:8b');
  const steps = fake.chatRequests().filter((r) => /^Write step s1/.test(r.lastUser));
  expect(steps.map((r) => r.model)).toEqual(['qwen2.5-coder:7b', 'qwen3:8b']);
});

test('with Ollama not running, the Build page says how to start it instead of only asking for a model', async ({
  page,
  openApp,
  fake,
}) => {
  await fake.stopListening();
  await openApp('/build/');
  const form = page.getByRole('form', { name: 'What should I build?' });
  await expect(form.getByRole('heading', { name: 'Ollama is not running' })).toBeVisible();
  await expect(form).toContainText('ollama serve');
  await fake.resume();
  await form.getByRole('button', { name: 'Check again' }).click();
  await expect(form.getByRole('heading', { name: 'Ollama is not running' })).toHaveCount(0);
});
