/**
 * `npx tsx scripts/bench/python-trace.ts [outDir]`: the Python cold start of
 * `npm run bench -- runner` once more (a fresh browser context asks for a
 * run of `print`), with a Chrome trace of it: each thread's tasks over 20 ms
 * (the page, the service worker, the sandbox frame and its workers) with
 * their longer timeline events and the functions they ran (the CPU profile
 * only with PROFILE=1: it slows the start). The evidence behind the
 * cold-start figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startHarness } from './harness';
import { attachRunner } from '../eval/runner-browser';
import { readTraceEvents, threadTaskLines, traceStart, writeTraceReport } from './trace-long-tasks';

async function main() {
  const outDir = process.argv[2] ?? path.join(ROOT, 'test-results', 'python-trace');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'trace.json');
  const h = await startHarness();
  const context = await h.browser.newContext();
  await context.addInitScript('self.__name = self.__name || ((f) => f);');
  const page = await context.newPage();
  await page.goto(`${h.app.url}/settings/`);
  const runner = await attachRunner(page);
  await page.waitForTimeout(1000);
  await h.browser.startTracing(page, {
    path: file,
    categories: process.env.PROFILE
      ? ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'toplevel', 'v8', 'v8.wasm']
      : ['devtools.timeline', 'toplevel', 'v8.wasm'],
  });
  const t0 = Date.now();
  const r = await runner.run({ language: 'python', code: "print('ready')" });
  const wall = Date.now() - t0;
  await h.browser.stopTracing();
  await h.close();
  process.stdout.write(
    `run: ${r.status}, first output ${r.firstOutputMs} ms, result ${r.wallMs} ms (evaluate ${wall} ms)\n`,
  );

  const events = readTraceEvents(file);
  writeTraceReport(
    outDir,
    threadTaskLines(events, {
      overMs: 20,
      start: traceStart(events),
      threads: () => true,
      stackDepth: 12,
      innerOverMs: 10,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
