/** Helpers for the runner's browser tests: answers with code, and locators for a code block's run. */
import { expect, type Page, type Locator, type LaunchOptions } from '@playwright/test';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const browser = require('../../scripts/lib/browser.cjs') as typeof import('../../scripts/lib/browser.cjs');

/**
 * Launch options for a spec that starts Python in every test: its browser
 * runs WebAssembly unoptimised, which costs these tests about 5 s less CPU
 * each (why and the figures: scripts/lib/browser.cjs). A spec using it gets
 * workers of its own, which Playwright queues after the other specs'.
 */
export function pythonTestLaunch(): LaunchOptions {
  return browser.chromiumLaunchForPythonTests() ?? {};
}

/** A fenced block in markdown. */
export function fenced(language: string, code: string): string {
  return `\`\`\`${language}\n${code}\n\`\`\``;
}

/** The code block (by its position in the last answer) and its run UI. */
export function codeBlock(page: Page, index = 0) {
  const block: Locator = page.locator('article[data-role="assistant"]').last().locator('.code-block').nth(index);
  return {
    block,
    output: block.getByTestId('run-output'),
    status: block.getByTestId('run-status'),
    tests: block.getByTestId('run-tests'),
    stdout: block.getByTestId('run-stdout'),
  };
}

/** Sends `question` from the composer, once the models are known (else the app says no model is chosen). */
export async function ask(page: Page, question: string): Promise<void> {
  await expect(page.getByLabel('Model for this chat')).toHaveValue(/./);
  await page.getByLabel('Message', { exact: true }).fill(question);
  await page.keyboard.press('Enter');
}
