/**
 * The script of the runner sandbox's document (an opaque-origin, srcdoc
 * iframe). It never runs user code itself: it gets the runtime files from the
 * app page over a private port (runtime-files.ts; its CSP lets it fetch
 * nothing), starts workers from Blob URLs, hands them the files, enforces
 * the time limit by terminating the worker, and relays checked messages to
 * the app.
 *
 * Every run gets a worker no program has used, and the worker is terminated
 * when its run ends: JavaScript workers are cheap and one is always started
 * ahead; a Python worker holds a whole interpreter, so as each Python run
 * takes its interpreter the next one starts loading from the compiled module
 * and a memory snapshot kept here (python-pool.ts, python-start.ts). The app
 * may ask for the first one ahead of any run (`warm`); it is a never-used
 * interpreter like the others, taken by one run.
 */
import type { RunRequest, SandboxToHost } from '../../lib/runner/protocol';
import { readHostMessage } from '../../lib/runner/host-message';
import type { FrameToWorker, WorkerToFrame } from './runner.worker';
import { createFileClient } from './runtime-files';
import { createPythonPool } from './python-pool';
import { createPythonStarter, type SandboxWorker } from './python-start';

interface FrameConfig {
  appOrigin: string;
}

const config = JSON.parse(document.getElementById('codelumi-sandbox-config')!.textContent!) as FrameConfig;
const post = (m: SandboxToHost) => parent.postMessage(m, config.appOrigin);

// ------------------------------------------------------------ runtime files

const files = createFileClient();
const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed download is tried again next time
  }
  return p;
}

const workerSource = () => once('worker', () => files.download('worker.js', 'text') as Promise<string>);
const transpilerSource = () => once('transpiler', () => files.download('transpiler.js', 'text') as Promise<string>);

// ------------------------------------------------------------ workers

/** One Blob URL for the worker script, made once: encoding the script for every worker would cost the frame's thread each time. */
const workerUrl = () =>
  once('worker-url', async () => URL.createObjectURL(new Blob([await workerSource()], { type: 'text/javascript' })));

async function startWorker(): Promise<SandboxWorker> {
  const url = await workerUrl();
  const worker = new Worker(url, { name: 'codelumi-sandbox' });
  const channel = new MessageChannel();
  worker.postMessage({ type: 'init' }, [channel.port2]);
  // Messages the user's code posts on the worker's own channel are ignored.
  worker.onmessage = null;
  return { worker, port: channel.port1 };
}

let spare: Promise<SandboxWorker> | undefined;

/** A fresh worker for a JavaScript run; the next one is started ahead of time. */
function jsWorker(): Promise<SandboxWorker> {
  const w = spare ?? startWorker();
  spare = startWorker();
  spare.catch(() => (spare = undefined));
  return w;
}

const python = createPythonStarter({ files, post, startWorker, once });
const pool = createPythonPool(python.start);
const retire = python.retire;

// ------------------------------------------------------------ runs

interface ActiveRun {
  request: RunRequest;
  w?: SandboxWorker;
  timer?: ReturnType<typeof setTimeout>;
  finished: boolean;
  stdoutSent: boolean;
}

let active: ActiveRun | undefined;

function finish(run: ActiveRun, result: Omit<Extract<SandboxToHost, { type: 'result' }>, 'type' | 'runId'>): void {
  if (run.finished) return;
  run.finished = true;
  clearTimeout(run.timer);
  if (active === run) active = undefined;
  // A worker serves one run only: whatever the program did to it goes with it.
  if (run.w) retire(run.w);
  post({ type: 'result', runId: run.request.runId, ...result });
  // In a task of its own: the app (often on this same thread) handles the result first.
  if (run.request.language === 'python') pool.afterRun();
}

function kill(run: ActiveRun): void {
  if (run.w) retire(run.w);
}

/**
 * What the run's worker says, for `run`: a request for the transpiler is
 * answered; anything else counts only while the run is on and for its id
 * (the start arms the time limit, output is relayed, done finishes the run).
 */
function workerMessages(run: ActiveRun, w: NonNullable<ActiveRun['w']>): (e: MessageEvent<WorkerToFrame>) => void {
  const request = run.request;
  return (e: MessageEvent<WorkerToFrame>) => {
    const m = e.data;
    if (m?.type === 'need-transpiler') {
      void transpilerSource().then(
        (source) => w.port.postMessage({ type: 'transpiler', source } satisfies FrameToWorker),
        () => w.port.postMessage({ type: 'transpiler', source: undefined } satisfies FrameToWorker),
      );
      return;
    }
    if (run.finished || !m || typeof m !== 'object' || !('runId' in m) || m.runId !== request.runId) return;
    if (m.type === 'started') {
      post({ type: 'started', runId: request.runId });
      run.timer = setTimeout(() => {
        kill(run);
        finish(run, {
          status: 'timeout',
          passed: 0,
          failed: 0,
          durationMs: request.timeLimitMs,
          truncated: false,
          error: { kind: 'timeout', message: `Stopped after the time limit of ${request.timeLimitMs / 1000} s.` },
        });
      }, request.timeLimitMs);
    } else if (m.type === 'output') {
      post({ type: 'output', runId: request.runId, stream: m.stream, text: m.text });
    } else if (m.type === 'done') {
      const error = m.summary.error;
      finish(run, {
        status: error || m.summary.failed > 0 ? 'error' : 'ok',
        passed: m.summary.passed,
        failed: m.summary.failed,
        durationMs: Math.round(m.durationMs * 10) / 10,
        truncated: m.truncated,
        error,
      });
    }
  };
}

async function start(request: RunRequest): Promise<void> {
  if (active) {
    kill(active);
    finish(active, {
      status: 'error',
      passed: 0,
      failed: 0,
      durationMs: 0,
      truncated: false,
      error: { kind: 'sandbox', message: 'Replaced by a newer run.' },
    });
  }
  const run: ActiveRun = { request, finished: false, stdoutSent: false };
  active = run;
  try {
    if (request.language === 'python') {
      const stopListening = python.listen(request.runId, pool.prepared);
      try {
        await pool.loadFor(run);
      } finally {
        stopListening();
      }
    } else {
      run.w = await jsWorker();
    }
    if (run.finished) {
      // Stopped or replaced while its worker was being handed over: kill() found none to end then.
      if (run.w) retire(run.w);
      return;
    }
    const w = run.w!;
    w.port.onmessage = workerMessages(run, w);
    // A worker that dies (out of memory) ends the run as a failure.
    w.worker.onerror = (e) => {
      e.preventDefault();
      kill(run);
      finish(run, {
        status: 'error',
        passed: 0,
        failed: 0,
        durationMs: 0,
        truncated: false,
        error: { kind: 'sandbox', message: `The sandbox worker crashed: ${e.message || 'unknown error'}` },
      });
    };
    w.port.postMessage({ type: 'run', request } satisfies FrameToWorker);
  } catch (e) {
    kill(run);
    finish(run, {
      status: 'error',
      passed: 0,
      failed: 0,
      durationMs: 0,
      truncated: false,
      error: {
        kind: 'unavailable',
        message: `The ${request.language === 'python' ? 'Python' : 'JavaScript'} runtime could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
      },
    });
  }
}

// Only the app window that made this frame may ask for runs: not a preview or any other frame
// posting through parent.frames[i], and not a page that navigated the parent elsewhere.
window.addEventListener('message', (event) => {
  if (event.source !== parent || event.origin !== config.appOrigin) return;
  const msg = readHostMessage(event.data);
  if (!msg) return;
  if (msg.type === 'files') {
    // The page's file server, handed over once after `ready`; only the app window can send it (checked above).
    if (event.ports[0]) files.connect(event.ports[0]);
  } else if (msg.type === 'run') void start(msg);
  // Python is about to be needed: the interpreter the next run will take starts loading now.
  else if (msg.type === 'warm') pool.warm();
  else if (msg.type === 'cancel' && active?.request.runId === msg.runId) {
    const run = active;
    kill(run);
    finish(run, {
      status: 'error',
      passed: 0,
      failed: 0,
      durationMs: 0,
      truncated: false,
      error: { kind: 'sandbox', message: 'Stopped.' },
    });
  }
});

// Start the JavaScript worker early: the first run then only waits for the code.
spare = startWorker();
spare.catch(() => (spare = undefined));
void transpilerSource().catch(() => undefined);
post({ type: 'ready' });
