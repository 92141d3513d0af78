/**
 * `npx tsx scripts/bench/python-trace.ts [outDir]`: the Python cold start of
 * `npm run bench -- runner` once more (a fresh browser context asks for a
 * run of `print`), with a Chrome trace of it: each thread's tasks over 20 ms
 * (the sandbox frame, its workers) with the functions they ran, and the
 * runtime's requests. The evidence behind the cold-start figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startHarness } from './harness';
import { attachRunner } from '../eval/runner-browser';
import { profileSamples, type TraceEvent } from './trace-long-tasks';

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

  const events = (JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const start = events.filter((e) => e.ts > 0).reduce((m, e) => Math.min(m, e.ts), Infinity);
  const samples = profileSamples(events);
  const lines: string[] = [];
  for (const [thread, name] of names) {
    const tasks = events
      .filter(
        (e) =>
          e.ph === 'X' &&
          (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
          `${e.pid}:${e.tid}` === thread &&
          (e.dur ?? 0) > 20_000,
      )
      .sort((a, b) => a.ts - b.ts);
    if (!tasks.length) continue;
    lines.push(`\n## ${name} ${thread}`);
    for (const t of tasks) {
      const end = t.ts + (t.dur ?? 0);
      const inc = new Map<string, number>();
      for (const s of samples) {
        if (s.thread !== thread || s.ts < t.ts || s.ts > end) continue;
        for (const f of new Set(s.stack.slice(-12))) inc.set(f, (inc.get(f) ?? 0) + s.weight);
      }
      const inner = events
        .filter(
          (e) =>
            e.ph === 'X' &&
            `${e.pid}:${e.tid}` === thread &&
            e.ts >= t.ts &&
            e.ts < end &&
            e !== t &&
            (e.dur ?? 0) > 10_000,
        )
        .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(0)}`);
      const top = [...inc]
        .filter(([f]) => !/^\((root|program|idle)\)/.test(f))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([f, ms]) => `${ms.toFixed(0)} ${f.slice(0, 60)}`);
      lines.push(
        `${((t.ts - start) / 1000).toFixed(0).padStart(6)} ms +${((t.dur ?? 0) / 1000).toFixed(0).padStart(5)} (cpu ${((t.tdur ?? 0) / 1000).toFixed(0)}): ${[...new Set(inner)].slice(0, 6).join(', ')} | ${top.join(' | ')}`,
      );
    }
  }
  const report = lines.join('\n');
  fs.writeFileSync(path.join(outDir, 'report.txt'), report);
  process.stdout.write(`${report}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
