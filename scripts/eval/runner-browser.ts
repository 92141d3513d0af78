/**
 * Opens the production app in a browser page and injects the runner page
 * bundle (scripts/eval/runner-page.ts), so code runs through the same
 * sandbox host, under the same CSP, as in the chat. Used by the eval CLI, the
 * benchmarks and the browser tests.
 */
import path from 'node:path';
import { browserBundle } from '../lib/browser-bundle';
import type { Browser, Page } from 'playwright-core';
import type { RunInput } from '../../lib/runner/host';
import type { PageRunResult } from './runner-page';

/** The runner page bundle, built once per process. */
export function runnerPageBundle(): string {
  return browserBundle(path.join(__dirname, 'runner-page.ts'));
}

export interface RunnerPage {
  page: Page;
  run(input: RunInput): Promise<PageRunResult>;
  /** Starts Python loading in the sandbox, as an answer with Python code appearing in the chat does. */
  warmUp(): Promise<void>;
  /** How many `loading` messages the page's runs have heard so far. */
  loadingHeard(): Promise<number>;
}

/**
 * Injects the runner into `page` (already on the app), returning a typed
 * `run`. Runs are evaluated over a CDP session of their own: when code in the
 * sandbox crashes the sandbox's renderer (a memory bomb), Playwright marks
 * the whole page as crashed although only the sandbox's process died and the
 * app goes on; the CDP session still reaches the app.
 */
export async function attachRunner(page: Page): Promise<RunnerPage> {
  const has = await page.evaluate(() => '__codelumiRunner' in window);
  if (!has) await page.addScriptTag({ content: runnerPageBundle() });
  const cdp = await page.context().newCDPSession(page);
  return {
    page,
    warmUp: async () => {
      await cdp.send('Runtime.evaluate', { expression: 'window.__codelumiRunner.warmUp()' });
    },
    loadingHeard: async () => {
      const r = (await cdp.send('Runtime.evaluate', {
        expression: 'window.__codelumiRunner.loadingHeard()',
        returnByValue: true,
      })) as { result: { value?: number } };
      return r.result.value ?? 0;
    },
    run: async (input) => {
      const r = (await cdp.send('Runtime.evaluate', {
        expression: `window.__codelumiRunner.run(${JSON.stringify(input)})`,
        awaitPromise: true,
        returnByValue: true,
      })) as {
        result: { value?: PageRunResult };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (r.exceptionDetails || !r.result.value)
        throw new Error(
          r.exceptionDetails?.exception?.description ?? r.exceptionDetails?.text ?? 'the run returned nothing',
        );
      return r.result.value;
    },
  };
}

/** A new context and page on the app (its Settings page, with the real CSP), with the runner attached. */
export async function openRunnerPage(browser: Browser, appUrl: string): Promise<RunnerPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appUrl}/settings/`);
  return attachRunner(page);
}
