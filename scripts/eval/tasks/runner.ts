/**
 * `runner`: runs each item's code (and tests) through the real browser
 * sandbox, the production build in headless Chromium, one item after another
 * with the default time limit. Builds when the build is stale, starts and
 * stops its own server and browser.
 *
 * Input  {"id", "language": "python" | "javascript" | "typescript", "code", "tests"?}
 * Output {"id", "status": "ok" | "error" | "timeout", "passed", "failed", "durationMs", "stdout", "stderr"}
 */
import path from 'node:path';
import { z } from 'zod';
import { chromium } from 'playwright-core';
import { build } from '../../build.mjs';
import { startStaticServer } from '../../lib/serve.mjs';
import { openRunnerPage } from '../runner-browser';
import type { EvalTask } from './index';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunch, NO_BROWSER_HELP } = require('../../lib/browser.cjs') as typeof import('../../lib/browser.cjs');

const itemSchema = z.object({
  id: z.union([z.string(), z.number()]),
  language: z.enum(['python', 'javascript', 'typescript']),
  code: z.string(),
  tests: z.string().optional().nullable(),
});

export interface RunnerEvalOutput {
  id: string | number | null;
  status: 'ok' | 'error' | 'timeout';
  passed: number;
  failed: number;
  durationMs: number;
  stdout: string;
  stderr: string;
}

export const runnerTask: EvalTask = {
  description: 'Runs code (and tests) in the browser sandbox',
  async start() {
    build({ ifStale: true, quiet: true });
    const launch = chromiumLaunch();
    if (!launch) throw new Error(NO_BROWSER_HELP);
    const root = path.resolve(__dirname, '..', '..', '..');
    const server = await startStaticServer({ dir: path.join(root, 'out'), port: 0 });
    const browser = await chromium.launch({ headless: true, ...launch });
    const runner = await openRunnerPage(browser, server.url);
    let n = 0;
    return {
      async item(raw): Promise<RunnerEvalOutput> {
        n++;
        const parsed = itemSchema.safeParse(raw);
        const id = (raw as { id?: string | number })?.id ?? null;
        if (!parsed.success) {
          const why = parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
          return {
            id,
            status: 'error',
            passed: 0,
            failed: 0,
            durationMs: 0,
            stdout: '',
            stderr: `Invalid input line: ${why}`,
          };
        }
        const item = parsed.data;
        process.stderr.write(`[${n}] ${item.id} (${item.language})\n`);
        const r = await runner.run({ language: item.language, code: item.code, tests: item.tests ?? undefined });
        // A failure that printed nothing (sandbox trouble, a timeout) still says why in stderr.
        const why =
          r.error && r.error.kind !== 'tests' && !r.stderr.includes(r.error.message)
            ? `${r.stderr && !r.stderr.endsWith('\n') ? '\n' : ''}${r.error.message}\n`
            : '';
        return {
          id: item.id,
          status: r.status,
          passed: r.passed,
          failed: r.failed,
          durationMs: Math.round(r.durationMs * 10) / 10,
          stdout: r.stdout,
          stderr: r.stderr + why,
        };
      },
      async stop() {
        await browser.close();
        await server.close();
      },
    };
  },
};
