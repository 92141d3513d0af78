/**
 * Code runner benchmark (issue 7), against the production build in headless
 * Chromium, through the same sandbox host the chat uses:
 * - Python cold start: a fresh browser context (nothing cached) asks for a
 *   run of `print(...)`; time to the first output and to the result;
 * - Python warm overhead: median wall time of a run in the sandbox, as a
 *   ratio to the same code in a bare Pyodide worker on the app's page;
 * - JavaScript overhead: median wall time of a run in the sandbox (fresh
 *   worker per run, as users get), as a ratio to a bare Blob worker;
 * - long tasks (> 50 ms) on the app's main thread during all of it.
 */
import type { Browser, Page } from 'playwright-core';
import { attachRunner } from '../eval/runner-browser';
import { median, percentile, type Harness } from './harness';

const PY_WORK = 'total = sum(i * i for i in range(200_000))\nprint(total)';
const JS_WORK = 'let s = 0;\nfor (let i = 0; i < 2_000_000; i++) s += i % 7;\nconsole.log(s);';
const RUNS = 7;

export interface RunnerBenchResult {
  pythonColdFirstOutputMs: number;
  pythonColdResultMs: number;
  pythonWarmMs: number;
  pythonBareMs: number;
  jsSandboxMs: number;
  jsBareMs: number;
  jsSandboxP95Ms: number;
  longTasks: number;
  longestTaskMs: number;
}

async function freshPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript('self.__name = self.__name || ((f) => f);');
  const page = await context.newPage();
  await page.goto(`${url}/settings/`);
  return page;
}

/** Starts counting long tasks on the page (after it loaded and the runner was attached). */
async function watchLongTasks(page: Page): Promise<void> {
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
}

/** Median wall time of `code` in a bare worker on the page (a fresh Blob worker per run for JS, one warm Pyodide worker for Python). */
async function bare(page: Page, language: 'python' | 'javascript', code: string, runs: number): Promise<number[]> {
  return page.evaluate(
    async ({ language, code, runs }) => {
      const times: number[] = [];
      if (language === 'javascript') {
        const src = `onmessage = (e) => { const logs = []; const console = { log: (...a) => logs.push(a.join(' ')) }; (function(console){ ${code} })(console); postMessage(logs.join('\\n')); };`;
        const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const w = new Worker(url);
          await new Promise((r) => {
            w.onmessage = r;
            w.postMessage(0);
          });
          w.terminate();
          times.push(performance.now() - t0);
        }
        return times;
      }
      const base = `${location.origin}/runner/pyodide/`;
      const src = `import { loadPyodide } from '${base}pyodide.mjs';
        const py = await loadPyodide({ indexURL: '${base}' });
        let out = '';
        py.setStdout({ batched: (s) => { out += s + '\\n'; } });
        postMessage('ready');
        onmessage = (e) => { out = ''; py.runPython(e.data); postMessage(out); };`;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
      await new Promise((r) => (w.onmessage = r));
      for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now();
        await new Promise((r) => {
          w.onmessage = r;
          w.postMessage(code);
        });
        if (i > 0) times.push(performance.now() - t0); // the first run warms up like the sandbox's
      }
      w.terminate();
      return times;
    },
    { language, code, runs },
  );
}

export async function benchRunner(h: Harness): Promise<RunnerBenchResult> {
  const page = await freshPage(h.browser, h.app.url);
  const runner = await attachRunner(page);
  await watchLongTasks(page);

  const cold = await runner.run({ language: 'python', code: "print('ready')" });
  if (cold.status !== 'ok') throw new Error(`Python did not start: ${cold.error?.message}`);

  const warm: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await runner.run({ language: 'python', code: PY_WORK });
    if (i > 0) warm.push(r.wallMs);
  }
  const jsRuns: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await runner.run({ language: 'javascript', code: JS_WORK });
    if (i > 0) jsRuns.push(r.wallMs);
  }
  const longTasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.slice());

  const pyBare = await bare(page, 'python', PY_WORK, RUNS);
  const jsBare = await bare(page, 'javascript', JS_WORK, RUNS);
  await page.context().close();
  return {
    pythonColdFirstOutputMs: cold.firstOutputMs ?? cold.wallMs,
    pythonColdResultMs: cold.wallMs,
    pythonWarmMs: median(warm),
    pythonBareMs: median(pyBare),
    jsSandboxMs: median(jsRuns),
    jsBareMs: median(jsBare),
    jsSandboxP95Ms: percentile(jsRuns, 95),
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
  };
}
