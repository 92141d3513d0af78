/**
 * Code runner benchmark (issue 7), against the production build in headless
 * Chromium, through the same sandbox host the chat uses:
 * - Python cold start: a fresh browser context (nothing cached) asks for a
 *   run of `print(...)`; time to the first output and to the result;
 * - Python start after a warm-up: another fresh context starts Python the way
 *   the chat does while an answer with Python code that will auto-run
 *   streams (or the pointer is on Run), and asks for the run 2 s later (a
 *   person reading the answer before pressing Run); time from that request
 *   to the first output and to the result;
 * - Python start in a later page: after all the runs below, a new page of the
 *   same browser context (what a person reopening the app gets: whatever
 *   the browser kept of the runtime) asks for a run without a warm-up;
 * - Python warm overhead: median wall time of a run in the sandbox, as a
 *   ratio to the same code in a bare Pyodide worker on the app's page, for
 *   runs right after one another (each run gets a new interpreter, so these
 *   wait for the next one to start) and for runs at a human pace (2 s
 *   apart, the next interpreter is ready);
 * - JavaScript overhead: median wall time of a run in the sandbox (fresh
 *   worker per run, as users get), as a ratio to a bare Blob worker;
 * - long tasks (> 50 ms) on the app's main thread during all of it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { attachRunner } from '../eval/runner-browser';
import { median, percentile, type Harness } from './harness';

const PY_WORK = 'total = sum(i * i for i in range(200_000))\nprint(total)';
const JS_WORK = 'let s = 0;\nfor (let i = 0; i < 2_000_000; i++) s += i % 7;\nconsole.log(s);';
const RUNS = 7;

/** How long after the answer appeared the bench presses Run in the warm-up figure (a person's pace, as below). */
export const WARM_LEAD_MS = 2000;

export interface RunnerBenchResult {
  pythonColdFirstOutputMs: number;
  pythonColdResultMs: number;
  pythonWarmedFirstOutputMs: number;
  pythonWarmedResultMs: number;
  pythonLaterPageFirstOutputMs: number;
  pythonLaterPageResultMs: number;
  pythonWarmMs: number;
  pythonBareMs: number;
  pythonPacedMs: number;
  pythonPacedBareMs: number;
  jsSandboxMs: number;
  jsBareMs: number;
  jsSandboxP95Ms: number;
  longTasks: number;
  longestTaskMs: number;
}

async function freshPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript('self.__name = self.__name || ((f) => f);');
  return freshPageIn(context, url);
}

/** A new page of `context` on the app's Settings page. */
async function freshPageIn(context: BrowserContext, url: string): Promise<Page> {
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
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({
      type: 'longtask',
      buffered: false,
    });
  });
}

/** Starts a bare Pyodide worker on the app's page (same origin, no sandbox) and waits until it is ready. */
async function startBarePython(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const base = `${location.origin}/runner/pyodide/`;
    const src = `import { loadPyodide } from '${base}pyodide.mjs';
      const py = await loadPyodide({ indexURL: '${base}' });
      let out = '';
      py.setStdout({ batched: (s) => { out += s + '\\n'; } });
      postMessage('ready');
      onmessage = (e) => { out = ''; py.runPython(e.data); postMessage(out); };`;
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
    await new Promise((r) => (w.onmessage = r));
    (window as unknown as { __barePy: Worker }).__barePy = w;
  });
}

/** Wall time of one run of `code` in a bare worker: the warm Pyodide worker, or a fresh Blob worker for JS. */
function bareRun(page: Page, language: 'python' | 'javascript', code: string): Promise<number> {
  return page.evaluate(
    async ({ language, code }) => {
      const t0 = performance.now();
      if (language === 'python') {
        const w = (window as unknown as { __barePy: Worker }).__barePy;
        await new Promise((r) => {
          w.onmessage = r;
          w.postMessage(code);
        });
        return performance.now() - t0;
      }
      const src = `onmessage = () => { const logs = []; const console = { log: (...a) => logs.push(a.join(' ')) }; (function (console) { ${code} })(console); postMessage(logs.join('\\n')); };`;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      await new Promise((r) => {
        w.onmessage = r;
        w.postMessage(0);
      });
      w.terminate();
      return performance.now() - t0;
    },
    { language, code },
  );
}

/** A fresh page whose sandbox starts Python as the chat's warm-up does; Run is asked for `WARM_LEAD_MS` later. */
async function warmedStart(h: Harness): Promise<{ firstOutputMs: number; resultMs: number }> {
  const page = await freshPage(h.browser, h.app.url);
  const runner = await attachRunner(page);
  await runner.warmUp();
  // The time a person takes to read the answer and press Run: the point of this figure, not a wait for an event.
  await page.waitForTimeout(WARM_LEAD_MS);
  const r = await runner.run({ language: 'python', code: "print('ready')" });
  await page.context().close();
  if (r.status !== 'ok') throw new Error(`Python did not start after a warm-up: ${r.error?.message}`);
  return { firstOutputMs: r.firstOutputMs ?? r.wallMs, resultMs: r.wallMs };
}

export async function benchRunner(h: Harness): Promise<RunnerBenchResult> {
  const warmed = await warmedStart(h);
  const page = await freshPage(h.browser, h.app.url);
  const runner = await attachRunner(page);
  await watchLongTasks(page);

  const cold = await runner.run({ language: 'python', code: "print('ready')" });
  if (cold.status !== 'ok') throw new Error(`Python did not start: ${cold.error?.message}`);

  await startBarePython(page);
  // Sandbox and bare runs alternate, so both see the same load on the machine.
  const warm: number[] = [];
  const pyBare: number[] = [];
  const jsRuns: number[] = [];
  const jsBare: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await runner.run({ language: 'python', code: PY_WORK });
    const b = await bareRun(page, 'python', PY_WORK);
    if (i > 0) {
      warm.push(r.wallMs);
      pyBare.push(b);
    }
  }
  const paced: number[] = [];
  const pacedBare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A person reads the output before the next run; the pause is the point of this figure, not a wait for an event.
    await page.waitForTimeout(2000);
    const r = await runner.run({ language: 'python', code: PY_WORK });
    paced.push(r.wallMs);
    pacedBare.push(await bareRun(page, 'python', PY_WORK));
  }
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await runner.run({ language: 'javascript', code: JS_WORK });
    const b = await bareRun(page, 'javascript', JS_WORK);
    if (i > 0) {
      jsRuns.push(r.wallMs);
      jsBare.push(b);
    }
  }
  const longTasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.slice());
  const later = await attachRunner(await freshPageIn(page.context(), h.app.url));
  const laterRun = await later.run({ language: 'python', code: "print('ready')" });
  if (laterRun.status !== 'ok') throw new Error(`Python did not start in a later page: ${laterRun.error?.message}`);
  await page.context().close();
  return {
    pythonColdFirstOutputMs: cold.firstOutputMs ?? cold.wallMs,
    pythonColdResultMs: cold.wallMs,
    pythonWarmedFirstOutputMs: warmed.firstOutputMs,
    pythonWarmedResultMs: warmed.resultMs,
    pythonLaterPageFirstOutputMs: laterRun.firstOutputMs ?? laterRun.wallMs,
    pythonLaterPageResultMs: laterRun.wallMs,
    pythonWarmMs: median(warm),
    pythonBareMs: median(pyBare),
    pythonPacedMs: median(paced),
    pythonPacedBareMs: median(pacedBare),
    jsSandboxMs: median(jsRuns),
    jsBareMs: median(jsBare),
    jsSandboxP95Ms: percentile(jsRuns, 95),
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
  };
}
