/**
 * Code runner benchmark (issue 7), against the production build in headless
 * Chromium, through the same sandbox host the chat uses:
 * - Python cold start: a fresh browser context (nothing cached) asks for a
 *   run of `print(...)`; time to the first output and to the result;
 * - Python warm overhead: median wall time of a run in the sandbox, as a
 *   ratio to the same code in a bare Pyodide worker on the app's page, for
 *   runs right after one another (each run gets a new interpreter, so these
 *   wait for the next one to start) and for runs at a human pace (2 s
 *   apart, the next interpreter is ready);
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

export async function benchRunner(h: Harness): Promise<RunnerBenchResult> {
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
  await page.context().close();
  return {
    pythonColdFirstOutputMs: cold.firstOutputMs ?? cold.wallMs,
    pythonColdResultMs: cold.wallMs,
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
