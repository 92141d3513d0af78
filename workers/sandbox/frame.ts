/**
 * The script of the runner sandbox's document (an opaque-origin, srcdoc
 * iframe). It never runs user code itself: it fetches the runtime files from
 * the app's /runner/ folder (the only address its CSP lets it reach), starts
 * workers from Blob URLs, hands them the files, enforces the time limit by
 * terminating the worker, and relays checked messages to the app.
 */
import type { RunRequest, SandboxToHost } from '../../lib/runner/protocol';
import { readHostMessage } from '../../lib/runner/host-message';
import type { FrameToWorker, WorkerToFrame } from './runner.worker';
import type { PythonFiles } from './python-program';

interface FrameConfig {
  appOrigin: string;
  assetBase: string;
}

const config = JSON.parse(document.getElementById('codelumi-sandbox-config')!.textContent!) as FrameConfig;
const post = (m: SandboxToHost) => parent.postMessage(m, config.appOrigin);

// ------------------------------------------------------------ runtime files

const cache = new Map<string, Promise<unknown>>();

/** Fetches one runtime file, reporting bytes as they arrive. */
async function download(name: string, as: 'text' | 'buffer', progress?: (loaded: number, total: number) => void): Promise<string | ArrayBuffer> {
  const res = await fetch(config.assetBase + name);
  if (!res.ok || !res.body) throw new Error(`${name}: HTTP ${res.status}`);
  const total = Number(res.headers.get('Content-Length') ?? 0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    progress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return as === 'text' ? new TextDecoder().decode(bytes) : bytes.buffer;
}

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed download is tried again next time
  }
  return p;
}

const workerSource = () => once('worker', () => download('worker.js', 'text') as Promise<string>);
const transpilerSource = () => once('transpiler', () => download('transpiler.js', 'text') as Promise<string>);

const PYTHON_FILES = ['pyodide/pyodide.mjs', 'pyodide/pyodide.asm.mjs', 'pyodide/pyodide.asm.wasm', 'pyodide/python_stdlib.zip', 'pyodide/pyodide-lock.json'] as const;

function pythonFiles(runId: string): Promise<PythonFiles> {
  return once('python', async () => {
    const loaded = new Map<string, number>();
    const totals = new Map<string, number>();
    let last = 0;
    const report = (name: string) => (l: number, t: number) => {
      loaded.set(name, l);
      totals.set(name, t);
      const now = performance.now();
      if (now - last < 100 && l !== t) return;
      last = now;
      const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      post({ type: 'loading', runId, runtime: 'python', stage: 'download', loaded: sum(loaded), total: totals.size === PYTHON_FILES.length ? sum(totals) : 0 });
    };
    const [loader, asm, wasm, stdlib, lock] = await Promise.all(
      PYTHON_FILES.map((f) => download(f, f.endsWith('.wasm') || f.endsWith('.zip') ? 'buffer' : 'text', report(f))),
    );
    return { loader, asm, wasm, stdlib, lock } as PythonFiles;
  });
}

// ------------------------------------------------------------ workers

interface SandboxWorker {
  worker: Worker;
  port: MessagePort;
}

async function startWorker(): Promise<SandboxWorker> {
  const url = URL.createObjectURL(new Blob([await workerSource()], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'codelumi-sandbox' });
  const channel = new MessageChannel();
  worker.postMessage({ type: 'init' }, [channel.port2]);
  // Messages the user's code posts on the worker's own channel are ignored.
  worker.onmessage = null;
  return { worker, port: channel.port1 };
}

let spare: Promise<SandboxWorker> | undefined;
let python: { w: SandboxWorker; ready: Promise<void> } | undefined;

/** A fresh worker for a JavaScript run; the next one is started ahead of time. */
function jsWorker(): Promise<SandboxWorker> {
  const w = spare ?? startWorker();
  spare = startWorker();
  spare.catch(() => (spare = undefined));
  return w;
}

function pythonWorker(runId: string): { w: SandboxWorker; ready: Promise<void> } | Promise<{ w: SandboxWorker; ready: Promise<void> }> {
  if (python) return python;
  return (async () => {
    const files = await pythonFiles(runId);
    const w = await startWorker();
    post({ type: 'loading', runId, runtime: 'python', stage: 'start', loaded: 0, total: 0 });
    const ready = new Promise<void>((resolve, reject) => {
      w.port.onmessage = (e: MessageEvent<WorkerToFrame>) => {
        if (e.data.type === 'python-loaded') resolve();
        else if (e.data.type === 'python-failed') reject(new Error(e.data.message));
      };
    });
    // The frame keeps its copy: a timed-out worker is replaced without downloading again.
    const copy: PythonFiles = { ...files, wasm: files.wasm.slice(0), stdlib: files.stdlib.slice(0) };
    w.port.postMessage({ type: 'load-python', files: copy } satisfies FrameToWorker, [copy.wasm, copy.stdlib]);
    python = { w, ready };
    ready.catch(() => {
      w.worker.terminate();
      if (python?.w === w) python = undefined;
    });
    return python;
  })();
}

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
  post({ type: 'result', runId: run.request.runId, ...result });
}

function kill(run: ActiveRun): void {
  run.w?.worker.terminate();
  if (python && python.w === run.w) python = undefined;
}

async function start(request: RunRequest): Promise<void> {
  if (active) {
    kill(active);
    finish(active, { status: 'error', passed: 0, failed: 0, durationMs: 0, truncated: false, error: { kind: 'sandbox', message: 'Replaced by a newer run.' } });
  }
  const run: ActiveRun = { request, finished: false, stdoutSent: false };
  active = run;
  try {
    if (request.language === 'python') {
      const p = await pythonWorker(request.runId);
      await p.ready;
      run.w = p.w;
    } else {
      run.w = await jsWorker();
    }
    if (run.finished) return;
    const w = run.w!;
    w.port.onmessage = (e: MessageEvent<WorkerToFrame>) => {
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
            status: 'timeout', passed: 0, failed: 0, durationMs: request.timeLimitMs, truncated: false,
            error: { kind: 'timeout', message: `Stopped after the time limit of ${request.timeLimitMs / 1000} s.` },
          });
        }, request.timeLimitMs);
      } else if (m.type === 'output') {
        post({ type: 'output', runId: request.runId, stream: m.stream, text: m.text });
      } else if (m.type === 'done') {
        if (request.language !== 'python') w.worker.terminate();
        const error = m.summary.error;
        finish(run, {
          status: error || m.summary.failed > 0 ? 'error' : 'ok',
          passed: m.summary.passed, failed: m.summary.failed, durationMs: Math.round(m.durationMs * 10) / 10, truncated: m.truncated, error,
        });
      }
    };
    // A worker that dies (out of memory) ends the run as a failure.
    w.worker.onerror = (e) => {
      e.preventDefault();
      kill(run);
      finish(run, { status: 'error', passed: 0, failed: 0, durationMs: 0, truncated: false, error: { kind: 'sandbox', message: `The sandbox worker crashed: ${e.message || 'unknown error'}` } });
    };
    w.port.postMessage({ type: 'run', request } satisfies FrameToWorker);
  } catch (e) {
    kill(run);
    finish(run, {
      status: 'error', passed: 0, failed: 0, durationMs: 0, truncated: false,
      error: { kind: 'unavailable', message: `The ${request.language === 'python' ? 'Python' : 'JavaScript'} runtime could not be loaded: ${e instanceof Error ? e.message : String(e)}` },
    });
  }
}

// Only the app window that made this frame may ask for runs: not a preview or any other frame
// posting through parent.frames[i], and not a page that navigated the parent elsewhere.
window.addEventListener('message', (event) => {
  if (event.source !== parent || event.origin !== config.appOrigin) return;
  const msg = readHostMessage(event.data);
  if (!msg) return;
  if (msg.type === 'run') void start(msg);
  else if (msg.type === 'cancel' && active?.request.runId === msg.runId) {
    const run = active;
    kill(run);
    finish(run, { status: 'error', passed: 0, failed: 0, durationMs: 0, truncated: false, error: { kind: 'sandbox', message: 'Stopped.' } });
  }
});

// Start the JavaScript worker early: the first run then only waits for the code.
spare = startWorker();
spare.catch(() => (spare = undefined));
void transpilerSource().catch(() => undefined);
post({ type: 'ready' });
