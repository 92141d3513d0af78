/**
 * `npx tsx scripts/bench/planner-trace.ts [outDir] [--light | --no-trace | --bench=N]`: the
 * planner benchmark's execution once more, with the evidence behind its
 * long-task count: a Chrome trace with the V8 CPU profile (each long task
 * attributed to functions by trace-long-tasks.ts), React's commits and the
 * components each one rendered (through the DevTools hook React calls on
 * every commit), and the IndexedDB rows the page read and wrote, per store.
 * For a readable attribution serve a build made with
 * `next build --no-mangling --profile`; the default is the worktree's out/.
 * `--light` traces only the scheduler's tasks (their CPU time, little
 * overhead); `--bench=N` runs the plain benchmark N times on that build (for
 * before/after comparisons of two builds in alternation).
 * Writes the raw trace next to the report in test-results/planner-trace/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../lib/serve.mjs';
import { startFakeOllama } from '../../tests/fake-ollama';
import { bundleSeed, openBlank, runSeed } from '../../e2e/support/seed-page';
import { installServiceWorker, ROOT, type Harness } from './harness';
import { benchPlanner, executeDemo, openDemoPlan } from './planner';
import { longTaskReports, mainThreadTotals, pageProcess } from './trace-long-tasks';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunch, NO_BROWSER_HELP } = require('../lib/browser.cjs') as typeof import('../lib/browser.cjs');

/** Runs in the page before the app: counts React renders per component and IndexedDB rows per store. */
const COUNTERS = `(() => {
  const renders = {}; const reads = {}; const writes = {}; let commits = 0;
  const NAMED = new Set([0, 1, 11, 14, 15]);
  const nameOf = (f) => f.type && (f.type.displayName || f.type.name || (f.type.type && (f.type.type.displayName || f.type.type.name))) || '(anonymous)';
  const walk = (root) => {
    const stack = [root];
    while (stack.length) {
      const f = stack.pop();
      if (NAMED.has(f.tag) && (!f.alternate || (f.flags & 1))) renders[nameOf(f)] = (renders[nameOf(f)] || 0) + 1;
      // A subtree React bailed out of keeps its children: nothing under it rendered.
      if (f.alternate && f.child === f.alternate.child) { if (f.sibling) stack.push(f.sibling); continue; }
      if (f.sibling) stack.push(f.sibling);
      if (f.child) stack.push(f.child);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(), supportsFiber: true, isDisabled: false,
    inject(r) { const id = this.renderers.size + 1; this.renderers.set(id, r); return id; },
    onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {},
    onCommitFiberRoot(_id, root) { if (window.__counting) { commits++; if (root.current.child) walk(root.current.child); } },
  };
  const count = (map, store, n) => { if (window.__counting) map[store] = (map[store] || 0) + n; };
  for (const C of [IDBObjectStore, IDBIndex]) {
    const storeOf = (t) => (t instanceof IDBIndex ? t.objectStore.name + '.' + t.name : t.name);
    for (const m of ['get', 'getAll', 'openCursor']) {
      const orig = C.prototype[m];
      C.prototype[m] = function (...args) {
        const req = orig.apply(this, args); const store = storeOf(this);
        req.addEventListener('success', () => {
          const r = req.result;
          count(reads, store, Array.isArray(r) ? r.length : r ? 1 : 0);
        });
        return req;
      };
    }
  }
  for (const m of ['put', 'add', 'delete']) {
    const orig = IDBObjectStore.prototype[m];
    IDBObjectStore.prototype[m] = function (...args) { count(writes, this.name + ' ' + m, 1); return orig.apply(this, args); };
  }
  window.__counters = () => ({ commits, renders, reads, writes });
})();`;

/** Each Chromium renderer's main thread (its tid is the process id): CPU time and time spent runnable but waiting for a core (ms), from Linux's schedstat. */
function rendererSchedstat(): Record<number, { runMs: number; waitMs: number }> {
  const out: Record<number, { runMs: number; waitMs: number }> = {};
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
      out[Number(pid)] = { runMs: run / 1e6, waitMs: wait / 1e6 };
    } catch {
      // The process ended between the listing and the read: nothing to count.
    }
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const dir = path.resolve(args.find((a) => !a.startsWith('-')) ?? path.join(ROOT, 'out'));
  const trace = !args.includes('--no-trace');
  // Light: only the scheduler's tasks with their CPU time (little overhead), no profile.
  const light = args.includes('--light');
  const outDir = path.join(ROOT, 'test-results', 'planner-trace');
  fs.mkdirSync(outDir, { recursive: true });
  bundleSeed();
  const launch = chromiumLaunch();
  if (!launch) throw new Error(NO_BROWSER_HELP);
  const [app, fake, browser] = await Promise.all([
    startStaticServer({ dir, port: 0 }),
    startFakeOllama({ quiet: true }),
    chromium.launch({ headless: true, ...launch }),
  ]);
  const h: Harness = {
    app,
    fake,
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript('self.__name = self.__name || ((f) => f);');
      const page = await context.newPage();
      await openBlank(page, app.url);
      // As the bench's own harness: a returning user's browser, the service worker installed before measuring.
      await installServiceWorker(page);
      await runSeed(page, (t, host) => t.configure({ ollamaHost: host, autoTitle: false }), fake.url);
      return page;
    },
    seed: (page, fn, arg) => runSeed(page, fn, arg),
    close: async () => undefined,
  };
  try {
    const runs = Number(args.find((a) => a.startsWith('--bench='))?.slice('--bench='.length) ?? 0);
    if (runs > 0) {
      // The benchmark itself, as `npm run bench -- planner` runs it, on the build in `dir`.
      for (let i = 0; i < runs; i++) console.log(JSON.stringify({ dir, ...(await benchPlanner(h)) }));
      return;
    }
    const page = await openDemoPlan(h, { init: COUNTERS });
    await page.evaluate(() => ((window as unknown as { __counting: boolean }).__counting = true));
    if (trace)
      await browser.startTracing(page, {
        categories: light
          ? ['toplevel']
          : [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'disabled-by-default-devtools.timeline.frame',
              'toplevel',
              'v8.execute',
              'disabled-by-default-v8.cpu_profiler',
              'blink.user_timing',
            ],
      });
    const schedBefore = rendererSchedstat();
    const wallMs = await executeDemo(page);
    const schedAfter = rendererSchedstat();
    const sched = Object.fromEntries(
      Object.entries(schedAfter).map(([pid, a]) => {
        const b = schedBefore[Number(pid)] ?? { runMs: 0, waitMs: 0 };
        return [pid, { runMs: Math.round(a.runMs - b.runMs), waitedForCpuMs: Math.round(a.waitMs - b.waitMs) }];
      }),
    );
    const counters = await page.evaluate(() => (window as unknown as { __counters: () => unknown }).__counters());
    const raw = trace ? await browser.stopTracing() : undefined;
    await page.context().close();
    const report: Record<string, unknown> = { dir, wallMs, sched, counters };
    if (raw) {
      fs.writeFileSync(path.join(outDir, 'trace.json'), raw);
      const events = JSON.parse(raw.toString('utf8')).traceEvents;
      const pid = pageProcess(events, '/build/');
      // Without the timeline category the trace does not say which renderer is the page's: each one's totals.
      report.mainThread = Object.fromEntries(
        [
          ...new Set(
            events.filter((e: { name: string }) => e.name === 'thread_name').map((e: { pid: number }) => e.pid),
          ),
        ]
          .map((p) => [p, mainThreadTotals(events, p as number)])
          .filter(([, t]) => (t as { tasks: number }).tasks > 0),
      );
      report.pagePid = pid;
      report.longTasks = longTaskReports(events, 50, pid).map((t) => ({
        ...t,
        events: t.events.slice(0, 12),
        inclusive: t.inclusive.filter(([, ms]) => ms >= 2).slice(0, 40),
        self: t.self.slice(0, 12),
      }));
    }
    fs.writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 1));
    console.log(JSON.stringify(report, null, 1));
  } finally {
    await browser.close();
    await Promise.all([app.close(), fake.close()]);
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
