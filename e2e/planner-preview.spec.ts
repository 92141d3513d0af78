/**
 * A preview step is checked by rendering its page: the Planner renders the
 * step's HTML entry, with the workspace's stylesheet and script joined in,
 * in the sandboxed preview frame. A page whose script throws fails the check
 * and goes to the fix loop; the fixed page renders and the step is fixed.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { planSessionRules, type PlanSession } from '../tests/fake-ollama/plan-session';

test.describe.configure({ timeout: 120_000 });
const runStep = (page: Page, n: number) => page.getByTestId('run-step').nth(n - 1);

const PAGE =
  '<!doctype html>\n<link rel="stylesheet" href="style.css">\n<h1>Clock</h1>\n<script src="clock.js"></script>\n';
const SESSION: PlanSession = {
  plan: {
    goal: 'A page that shows the time.',
    files: [
      { path: 'index.html', purpose: 'The page' },
      { path: 'style.css', purpose: 'Its look' },
      { path: 'clock.js', purpose: 'Shows the time' },
    ],
    steps: [
      {
        id: 's1',
        title: 'Write the clock page',
        detail: 'A page with a heading that shows the current time.',
        files: ['index.html', 'style.css', 'clock.js'],
        dependsOn: [],
        check: { kind: 'preview', description: 'The page renders without errors.', entry: 'index.html' },
      },
    ],
  },
  steps: [
    {
      id: 's1',
      files: {
        'index.html': PAGE,
        'style.css': 'h1 { font-family: sans-serif; }\n',
        'clock.js': 'document.querySelector("h2").textContent = new Date().toLocaleTimeString();\n',
      },
      fix: { 'clock.js': 'document.querySelector("h1").textContent = new Date().toLocaleTimeString();\n' },
    },
  ],
};

test('a preview step renders its page; a script error goes to the fix loop and the fixed page passes', async ({
  page,
  openApp,
  fake,
}) => {
  fake.script(planSessionRules(SESSION));
  await openApp('/build/');
  await page.getByRole('textbox', { name: 'What should I build?' }).fill('Build me a page that shows the time');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Done');
  await expect(runStep(page, 1)).toHaveAttribute('data-status', 'fixed');
  // The first render failed on the script's error, seen through the page's own frame.
  const fix = fake.chatRequests().find((r) => /^Fix step s1:/.test(r.lastUser));
  expect(fix?.lastUser).toMatch(/TypeError|Cannot set propert|null/);
  // Nothing of the check is left on the page: its off-screen frame is gone.
  await expect(page.locator('iframe[title^="Preview check"]')).toHaveCount(0);
});

test('a React preview step renders its component off screen and passes with no fix', async ({
  page,
  openApp,
  fake,
}) => {
  const app = 'export default function App() {\n  return <h1>Hello</h1>;\n}\n';
  fake.script(
    planSessionRules({
      plan: {
        goal: 'A greeting component.',
        files: [{ path: 'App.jsx', purpose: 'The component' }],
        steps: [
          {
            id: 's1',
            title: 'Write the component',
            detail: 'A component that greets.',
            files: ['App.jsx'],
            dependsOn: [],
            check: { kind: 'preview', description: 'It renders.', entry: 'App.jsx' },
          },
        ],
      },
      steps: [{ id: 's1', files: { 'App.jsx': app } }],
    }),
  );
  await openApp('/build/');
  await page.getByRole('textbox', { name: 'What should I build?' }).fill('Build me a greeting component in React');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await expect(page.getByTestId('plan-step')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Done');
  await expect(runStep(page, 1)).toHaveAttribute('data-status', 'passed');
  expect(fake.chatRequests().filter((r) => /^Fix step/.test(r.lastUser))).toEqual([]);
});
