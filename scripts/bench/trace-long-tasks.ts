/**
 * Attribution of a Chrome trace's long tasks (> 50 ms on a renderer's main
 * thread) to code: for each one, the timeline events it ran (script, style,
 * layout, paint, GC) and, from the V8 CPU profile in the same trace
 * (`disabled-by-default-v8.cpu_profiler`), the functions it spent its samples
 * in. A diagnostic for `npm run bench -- planner --trace`; pure over the
 * trace's events. Also each thread's tasks as report lines, and the writing
 * of a report, for the trace scripts (brain-, stream-, python-trace.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs). */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: any;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** One long task and where its time went. */
export interface LongTaskReport {
  /** The renderer process it ran in. */
  pid: number;
  startMs: number;
  durationMs: number;
  /** The main thread's CPU time in the task (the trace's thread duration): below durationMs when the thread waited for a core. */
  cpuMs: number;
  /** Time of the task's direct timeline events by name (ms). */
  events: [string, number][];
  /** Sampled time per function, counted once per sample however deep (ms), largest first. */
  inclusive: [string, number][];
  /** Sampled time per innermost function (ms), largest first. */
  self: [string, number][];
  /** The entry points of the task's script (FunctionCall's function, TimerFire, EventDispatch's type…). */
  entries: string[];
}

const frameName = (f: ProfileNode['callFrame']) => {
  const file = f.url ? f.url.replace(/^.*\/_next\/static\//, '').replace(/^https?:\/\/[^/]+/, '') : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
};

/** The main thread's tasks in process `pid`: how many, their wall and CPU time in total (ms). */
export function mainThreadTotals(events: TraceEvent[], pid: number): { tasks: number; wallMs: number; cpuMs: number } {
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain',
  );
  const all = events.filter(
    (e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === pid && e.tid === main?.tid,
  );
  const sum = (f: (e: TraceEvent) => number) => all.reduce((n, e) => n + f(e), 0) / 1000;
  return {
    tasks: all.length,
    wallMs: sum((e) => e.dur ?? 0),
    cpuMs: sum((e) => (e as TraceEvent & { tdur?: number }).tdur ?? 0),
  };
}

/** The process of the page whose top frame's URL contains `urlPart` (from the trace's start event). */
export function pageProcess(events: TraceEvent[], urlPart: string): number | undefined {
  for (const e of events)
    for (const f of e.name === 'TracingStartedInBrowser' ? (e.args?.data?.frames ?? []) : [])
      if (!f.parent && String(f.url).includes(urlPart)) return f.processId;
  return undefined;
}

/** One sample of a V8 CPU profile in a trace: when, on which thread (`pid:tid`), its stack (innermost first), and the time it stands for (ms). */
export interface ProfileSample {
  ts: number;
  thread: string;
  stack: string[];
  weight: number;
}

/** Every CPU-profile sample of the trace (`disabled-by-default-v8.cpu_profiler`), in time order. */
export function profileSamples(events: TraceEvent[]): ProfileSample[] {
  // CPU profiles: one per thread (Profile event), sampled in chunks (ProfileChunk events with the same id).
  const samples: ProfileSample[] = [];
  const profiles = new Map<string, { thread: string; start: number; last: number; nodes: Map<number, ProfileNode> }>();
  for (const e of events) {
    if (e.name === 'Profile' && e.id)
      profiles.set(`${e.pid}:${e.id}`, {
        thread: `${e.pid}:${e.tid}`,
        start: e.args?.data?.startTime ?? e.ts,
        last: e.args?.data?.startTime ?? e.ts,
        nodes: new Map(),
      });
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id) continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const cpu = e.args?.data?.cpuProfile ?? {};
    for (const n of (cpu.nodes ?? []) as ProfileNode[]) p.nodes.set(n.id, n);
    const deltas: number[] = e.args?.data?.timeDeltas ?? [];
    (cpu.samples ?? []).forEach((nodeId: number, i: number) => {
      p.last += deltas[i] ?? 0;
      // A sample stands for the time since the one before it (capped: an idle gap is not this code's).
      const weight = Math.min(Math.max(deltas[i] ?? 0, 0), 5000) / 1000;
      const stack: string[] = [];
      for (let n = p.nodes.get(nodeId); n; n = n.parent === undefined ? undefined : p.nodes.get(n.parent))
        stack.push(frameName(n.callFrame));
      samples.push({ ts: p.last, thread: p.thread, stack, weight });
    });
  }
  return samples.sort((a, b) => a.ts - b.ts);
}

/** The long tasks (> `thresholdMs`) of the main thread of process `pid` (every renderer's when undefined). */
export function longTaskReports(events: TraceEvent[], thresholdMs = 50, pid?: number): LongTaskReport[] {
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .filter((e) => pid === undefined || e.pid === pid)
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = (e: TraceEvent) => mainThreads.has(`${e.pid}:${e.tid}`);
  // RunTask comes with the devtools timeline category; the toplevel category alone has the scheduler's own event.
  const taskName = events.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === taskName && onMain(e) && (e.dur ?? 0) > thresholdMs * 1000)
    .sort((a, b) => a.ts - b.ts);

  const samples = profileSamples(events);

  return tasks.map((t) => {
    const end = t.ts + (t.dur ?? 0);
    const thread = `${t.pid}:${t.tid}`;
    const inner = events.filter(
      (e) =>
        e !== t && e.ph === 'X' && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end,
    );
    // Direct children: events not inside another inner event.
    inner.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const direct: TraceEvent[] = [];
    let coveredTo = -1;
    for (const e of inner) {
      if (e.ts >= coveredTo) {
        direct.push(e);
        coveredTo = e.ts + (e.dur ?? 0);
      }
    }
    const byName = new Map<string, number>();
    for (const e of inner.filter((e) =>
      /GC|Layout|UpdateLayoutTree|Paint|ParseHTML|Compile|RunMicrotasks/.test(e.name),
    ))
      byName.set(`(any) ${e.name}`, (byName.get(`(any) ${e.name}`) ?? 0) + (e.dur ?? 0) / 1000);
    for (const e of direct) byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    const entries = direct
      .filter((e) => e.args?.data)
      .map((e) => {
        const d = e.args.data;
        return `${e.name}${d.type ? ` ${d.type}` : ''}${d.functionName ? ` ${d.functionName}` : ''}${d.url ? ` ${String(d.url).replace(/^.*\//, '')}:${d.lineNumber ?? ''}` : ''}`;
      });
    const inc = new Map<string, number>();
    const self = new Map<string, number>();
    for (const s of samples) {
      if (s.thread !== thread || s.ts < t.ts || s.ts > end) continue;
      const top = s.stack[0] ?? '(none)';
      self.set(top, (self.get(top) ?? 0) + s.weight);
      for (const f of new Set(s.stack)) inc.set(f, (inc.get(f) ?? 0) + s.weight);
    }
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
    return {
      pid: t.pid,
      startMs: t.ts / 1000,
      durationMs: (t.dur ?? 0) / 1000,
      cpuMs: ((t as TraceEvent & { tdur?: number }).tdur ?? NaN) / 1000,
      events: sorted(byName),
      inclusive: sorted(inc),
      self: sorted(self),
      entries: [...new Set(entries)],
    };
  });
}

/**
 * Report lines of each thread's tasks longer than `overMs` (threads `threads` picks, by name): when (from the
 * trace's `start`), how long, its CPU, its longer timeline events (`innerOverMs`, 0: none) and the functions sampled
 * in it (the outermost `stackDepth` frames of each sample, so the entry points count). Pure over the events.
 */
export function threadTaskLines(
  events: TraceEvent[],
  opts: {
    overMs: number;
    start: number;
    threads: (name: string) => boolean;
    stackDepth: number;
    innerOverMs?: number;
    /** The trace's profileSamples, when the caller has them already. */
    samples?: ProfileSample[];
  },
): string[] {
  const names = threadNames(events);
  const samples = opts.samples ?? profileSamples(events);
  // As longTaskReports: RunTask with the devtools timeline category, else the scheduler's own event.
  const taskName = events.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const lines: string[] = [];
  for (const [thread, name] of names) {
    if (!opts.threads(name)) continue;
    const on = (e: TraceEvent) => `${e.pid}:${e.tid}` === thread;
    const tasks = events
      .filter((e) => e.ph === 'X' && e.name === taskName && on(e) && (e.dur ?? 0) > opts.overMs * 1000)
      .sort((a, b) => a.ts - b.ts);
    if (!tasks.length) continue;
    lines.push(`\n## ${name} ${thread}: tasks over ${opts.overMs} ms`);
    for (const t of tasks) {
      const end = t.ts + (t.dur ?? 0);
      const inc = new Map<string, number>();
      for (const s of samples) {
        if (s.thread !== thread || s.ts < t.ts || s.ts > end) continue;
        for (const f of new Set(s.stack.slice(-opts.stackDepth))) inc.set(f, (inc.get(f) ?? 0) + s.weight);
      }
      const inner = opts.innerOverMs
        ? events
            .filter((e) => e.ph === 'X' && on(e) && e !== t && e.ts >= t.ts && e.ts < end)
            .filter((e) => (e.dur ?? 0) > opts.innerOverMs! * 1000)
            .map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(0)}`)
        : [];
      const top = [...inc]
        .filter(([f]) => !/^\((root|program|idle)\)/.test(f))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([f, ms]) => `${ms.toFixed(0)} ${f}`);
      const at = `${((t.ts - opts.start) / 1000).toFixed(0).padStart(6)} ms +${((t.dur ?? 0) / 1000).toFixed(0).padStart(5)} (cpu ${((t.tdur ?? 0) / 1000).toFixed(0)})`;
      lines.push(`${at}: ${inner.length ? `${[...new Set(inner)].slice(0, 6).join(', ')} | ` : ''}${top.join(' | ')}`);
    }
  }
  return lines;
}

/** Each thread's name by its `pid:tid` (the trace's thread_name metadata). */
export function threadNames(events: TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  return names;
}

/** The events of a trace file as Chrome writes it (`browser.startTracing` with a path). */
export function readTraceEvents(file: string): TraceEvent[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
}

/** The trace's first timestamp (µs): where "ms into the trace" counts from. */
export function traceStart(events: TraceEvent[]): number {
  return events.reduce((min, e) => (e.ts > 0 && e.ts < min ? e.ts : min), Infinity);
}

/** Writes a trace diagnostic's report next to its trace and prints it. */
export function writeTraceReport(outDir: string, lines: string[]): void {
  const report = lines.join('\n');
  fs.writeFileSync(path.join(outDir, 'report.txt'), report);
  process.stdout.write(`${report}\n`);
}
