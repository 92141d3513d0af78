/**
 * `npx tsx scripts/bench/brain-trace.ts [outDir]`: the brain benchmark's
 * first Send once more (a 100,000-message history, opened and asked at
 * once), with a Chrome trace of it: what each thread of the page's process
 * (the page, the analysis worker) ran between the navigation and the
 * question's request to Ollama, task by task, with the functions the V8
 * profile sampled in each. The evidence behind `firstMs` of the brain bench.
 * `--steady=N`: N Sends after the start's loading is over instead; `--empty`:
 * on an empty database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startHarness, type Harness } from './harness';
import { reopenedHistory } from './brain';
import {
  profileSamples,
  readTraceEvents,
  threadNames,
  threadTaskLines,
  traceStart,
  writeTraceReport,
} from './trace-long-tasks';

async function main() {
  const outDir = process.argv[2] ?? path.join(ROOT, 'test-results', 'brain-trace');
  fs.mkdirSync(outDir, { recursive: true });
  const h = await startHarness();
  // A first open saves the indexes (as a user's earlier session did); the traced open loads them.
  // `--empty`: the same on an empty database (what the history's figures are compared with).
  const { page, url } = process.argv.includes('--empty') ? await emptyDatabase(h) : await reopenedHistory(h);
  await page.goto('about:blank');

  const file = path.join(outDir, 'trace.json');
  await h.browser.startTracing(page, {
    path: file,
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-v8.cpu_profiler',
      'v8.execute',
      'toplevel',
    ],
  });
  const steady = Number(process.argv.find((a) => a.startsWith('--steady='))?.slice(9) ?? 0);
  if (steady) {
    // The steady state: Sends after the start's loading is over, each after the answer before it.
    await h.browser.stopTracing();
    await page.goto(url);
    const box = page.getByLabel('Message', { exact: true });
    await box.waitFor();
    await page.waitForTimeout(10_000);
    await h.browser.startTracing(page, {
      path: file,
      categories: ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'toplevel'],
    });
    const latencies: number[] = [];
    for (let n = 0; n < steady; n++) {
      await box.fill(`bq${n}- How do I handle react hooks case ${n} in my project?`);
      await page.locator('button[aria-label="Send message"]:not([disabled])').waitFor();
      const request = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
      const sent = Date.now();
      await box.press('Enter');
      await request;
      latencies.push(Date.now() - sent);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('article[data-role="assistant"]')].pop()?.getAttribute('data-status') ===
          'complete',
      );
    }
    await h.browser.stopTracing();
    process.stdout.write(`Enter → request per Send (ms): ${latencies.join(', ')}\n`);
  } else {
    const t0 = Date.now();
    await page.goto(url);
    const box = page.getByLabel('Message', { exact: true });
    await box.waitFor();
    await box.fill('bq0- How do I handle react hooks case 12 in my project?');
    await page.locator('button[aria-label="Send message"]:not([disabled])').waitFor();
    const sent = Date.now();
    const request = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    await box.press('Enter');
    await request;
    const requested = Date.now();
    await h.browser.stopTracing();
    process.stdout.write(`open → box ${sent - t0} ms, Enter → request ${requested - sent} ms\n`);
  }
  await h.close();

  const events = readTraceEvents(file);
  const names = threadNames(events);
  const samples = profileSamples(events);
  const navigation = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationTimingStart');
  const start = navigation?.ts ?? traceStart(events);
  const isPageOrWorker = (n: string) => n === 'CrRendererMain' || n.startsWith('DedicatedWorker');
  const lines = threadTaskLines(events, { overMs: 10, start, threads: isPageOrWorker, stackDepth: 8, samples });
  const threads = [...names].filter(([, n]) => isPageOrWorker(n));
  for (const [thread, name] of threads) {
    const self = new Map<string, number>();
    let total = 0;
    for (const s of samples) {
      if (s.thread !== thread || s.stack[0] === '(idle)' || s.stack[0] === '(program)' || s.stack[0] === '(root)')
        continue;
      self.set(s.stack[0], (self.get(s.stack[0]) ?? 0) + s.weight);
      total += s.weight;
    }
    if (!total) continue;
    lines.push(`\n## ${name} ${thread}: sampled CPU ${total.toFixed(0)} ms, by function (self)`);
    for (const [f, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
      lines.push(`${ms.toFixed(0).padStart(6)} ${f}`);
  }
  writeTraceReport(outDir, lines);
}

/** A fresh page over an empty database, with the same short scripted answers as the history's. */
async function emptyDatabase(h: Harness): Promise<{ page: Page; url: string }> {
  h.fake.script([{ reply: { content: 'Short answer.', tokensPerSecond: 5000 } }]);
  const page = await h.newPage();
  return { page, url: `${h.app.url}/` };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
