/**
 * `npx tsx scripts/bench/stream-trace.ts [outDir] [--over=ms]`: one run of the
 * streaming benchmark with a Chrome trace from just before Enter to the
 * answer's completion: every task of a renderer's main thread (the bench's
 * page; the sandbox frame's when an answer's code ran) longer than `--over`
 * (20 ms by default), with its timeline events and the functions the V8
 * profile sampled in it. The evidence behind the long tasks of
 * `npm run bench -- stream`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startHarness } from './harness';
import { benchStreaming } from './stream';
import { longTaskReports, readTraceEvents, traceStart, writeTraceReport } from './trace-long-tasks';

async function main() {
  const outDir =
    process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(ROOT, 'test-results', 'stream-trace');
  const over = Number(process.argv.find((a) => a.startsWith('--over='))?.slice(7) ?? 20);
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'trace.json');
  const h = await startHarness();
  try {
    const r = await benchStreaming(h, {
      started: (page) =>
        h.browser.startTracing(page, {
          path: file,
          categories: ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'toplevel'],
        }),
      ended: async () => void (await h.browser.stopTracing()),
    });
    process.stdout.write(
      `long tasks ${r.longTasks} (longest ${r.longestTaskMs.toFixed(0)} ms); written → painted p95 ${r.chunkToPaintP95Ms.toFixed(1)} ms\n`,
    );
  } finally {
    await h.close();
  }
  const events = readTraceEvents(file);
  const first = traceStart(events);
  const lines: string[] = [];
  for (const t of longTaskReports(events, over)) {
    lines.push(
      `\n${(t.startMs - first / 1000).toFixed(0)} ms into the trace: ${t.durationMs.toFixed(0)} ms (cpu ${t.cpuMs.toFixed(0)}), process ${t.pid}`,
      `  entries: ${t.entries.slice(0, 6).join('; ')}`,
      `  events: ${t.events
        .slice(0, 8)
        .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
        .join('; ')}`,
      ...t.inclusive
        .filter(([f]) => !/^\((root|program|idle)\)/.test(f))
        .slice(0, 25)
        .map(([f, ms]) => `  ${ms.toFixed(1).padStart(6)} ${f}`),
    );
  }
  writeTraceReport(outDir, lines);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
