/**
 * The sandbox's worker: where the user's code runs. It lives inside the
 * opaque-origin sandbox frame, built from a Blob URL, under the frame's CSP.
 * The frame sends one `init` message carrying a private MessagePort; every
 * later message goes over that port, which the user's code cannot reach
 * (it only has `self.postMessage`, which the frame ignores). Output is
 * capped and batched here before it leaves the worker.
 */
import { OutputBatcher, OutputLimiter } from '../../lib/runner/output';
import type { RunRequest } from '../../lib/runner/protocol';
import { runJavaScript } from './js-program';
import { loadPython, runPython, type PythonFiles } from './python-program';
import type { RunIO, RunSummary } from './io';

// Captured before any program runs: a program that replaces MessagePort.prototype.postMessage,
// performance.now or setTimeout cannot see or change what the worker reports.
const portPost = Function.prototype.call.bind(MessagePort.prototype.postMessage) as (
  port: MessagePort,
  message: unknown,
  transfer?: Transferable[],
) => void;
const now = performance.now.bind(performance);
const realSetTimeout = setTimeout;

/** Frame → worker messages on the private port. */
export type FrameToWorker =
  | { type: 'load-python'; files: PythonFiles }
  | { type: 'run'; request: RunRequest }
  | { type: 'transpiler'; source: string | undefined };

/** Worker → frame messages on the private port. */
export type WorkerToFrame =
  /** The lent buffers, sent back before loading when a snapshot was lent (the worker loads from copies). */
  | { type: 'python-files-back'; stdlib: ArrayBuffer; snapshot: ArrayBuffer }
  /**
   * `back`: the buffers of an interpreter lent no snapshot, with the snapshot it made. `replaced`: the snapshot
   * made by an interpreter whose lent one could not be used (sent back already), for the next ones to start from.
   */
  | {
      type: 'python-loaded';
      module?: WebAssembly.Module;
      back?: { stdlib: ArrayBuffer; snapshot?: ArrayBuffer };
      replaced?: ArrayBuffer;
    }
  | { type: 'need-transpiler' }
  | { type: 'python-failed'; message: string; back?: { stdlib: ArrayBuffer } }
  | { type: 'started'; runId: string }
  | { type: 'output'; runId: string; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'done'; runId: string; summary: RunSummary; durationMs: number; truncated: boolean };

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;
let port: MessagePort | undefined;

scope.onmessage = (event: MessageEvent) => {
  if (port || event.data?.type !== 'init' || !(event.ports[0] instanceof MessagePort)) return;
  port = event.ports[0];
  scope.onmessage = null;
  const p = port;
  p.onmessage = (e: MessageEvent<FrameToWorker>) => {
    if (e.data.type === 'transpiler') {
      transpilerWaiter?.(e.data.source);
      transpilerWaiter = undefined;
    } else void handle(p, e.data);
  };
};

let transpilerWaiter: ((source: string | undefined) => void) | undefined;

/** Asks the frame for the transpiler (sent only to programs that need it: TypeScript, JSX, modules, syntax errors). */
function askTranspiler(p: MessagePort): Promise<string | undefined> {
  return new Promise((resolve) => {
    transpilerWaiter = resolve;
    portPost(p, { type: 'need-transpiler' } satisfies WorkerToFrame);
  });
}

/**
 * Loads this worker's Python interpreter from the frame's files. Buffers lent
 * with a snapshot go back at once (and a snapshot of its own after them, when
 * the one lent could not be used); an interpreter lent none sends back the
 * originals with the snapshot it made (or only the standard library when it
 * failed).
 */
async function loadPythonFrom(p: MessagePort, msg: Extract<FrameToWorker, { type: 'load-python' }>): Promise<void> {
  const { stdlib, snapshot: lent } = msg.files;
  let files = msg.files;
  if (lent) {
    // The frame lent its only copies: they go back at once, so the next interpreter can start loading
    // while this one does; this one loads from copies made on this thread.
    files = { ...files, stdlib: stdlib.slice(0), snapshot: lent.slice(0) };
    portPost(p, { type: 'python-files-back', stdlib, snapshot: lent } satisfies WorkerToFrame, [stdlib, lent]);
  }
  try {
    const loaded = await loadPython(files);
    const module = msg.files.module ? undefined : loaded?.module;
    // An interpreter lent no snapshot loads from the originals (Pyodide copies what it needs) and sends them back
    // with the snapshot it made of itself, which every later interpreter starts from.
    const back = lent ? undefined : { stdlib, snapshot: loaded?.snapshot };
    const replaced = lent ? loaded?.snapshot : undefined;
    portPost(
      p,
      { type: 'python-loaded', module, back, replaced } satisfies WorkerToFrame,
      back ? (back.snapshot ? [stdlib, back.snapshot] : [stdlib]) : replaced ? [replaced] : [],
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    portPost(
      p,
      { type: 'python-failed', message, back: lent ? undefined : { stdlib } } satisfies WorkerToFrame,
      lent ? [] : [stdlib],
    );
  }
}

/** Runs one program and sends its output (limited, batched) and, once, its summary. */
async function runRequest(p: MessagePort, req: RunRequest): Promise<void> {
  const send = (m: WorkerToFrame) => portPost(p, m);
  const limiter = new OutputLimiter(req.outputLimit);
  const batcher = new OutputBatcher((stream, text) => send({ type: 'output', runId: req.runId, stream, text }), now);
  let tail: ReturnType<typeof setTimeout> | undefined;
  let t0 = 0;
  const io: RunIO = {
    write(stream, text) {
      const admitted = limiter.admit(text);
      if (admitted.text) batcher.write(stream, admitted.text);
      if (admitted.notice) {
        batcher.write('stderr', admitted.notice);
        batcher.flush(); // nothing more will be written: the notice must not wait in the buffer
      }
      // A program that prints and then idles still gets its last lines out.
      if (batcher.hasPending && tail === undefined) {
        tail = realSetTimeout(() => {
          tail = undefined;
          batcher.flush();
        }, 50);
      }
    },
    started() {
      t0 = now();
      send({ type: 'started', runId: req.runId });
    },
  };
  let done = false;
  // The summary arrives through this callback, never as a promise's value (whose then() a program could supply).
  const finish = (summary: RunSummary) => {
    if (done) return;
    done = true;
    const durationMs = t0 ? now() - t0 : 0;
    batcher.flush();
    send({
      type: 'done',
      runId: req.runId,
      summary: { passed: summary.passed, failed: summary.failed, error: summary.error },
      durationMs,
      truncated: limiter.truncated,
    });
  };
  const crashed = (e: unknown) =>
    finish({ passed: 0, failed: 0, error: { kind: 'sandbox', message: e instanceof Error ? e.message : String(e) } });
  try {
    if (req.language === 'python') finish(runPython(req, io));
    else await runJavaScript(req, io, () => askTranspiler(p), finish).catch(crashed);
  } catch (e) {
    crashed(e);
  }
}

async function handle(p: MessagePort, msg: FrameToWorker): Promise<void> {
  if (msg.type === 'load-python') return loadPythonFrom(p, msg);
  if (msg.type === 'run') return runRequest(p, msg.request);
}
