/**
 * The script of the runner sandbox's document (an opaque-origin, srcdoc
 * iframe). It never runs user code itself: it fetches the runtime files from
 * the app's /runner/ folder (the only address its CSP lets it reach), starts
 * workers from Blob URLs, hands them the files, enforces the time limit by
 * terminating the worker, and relays checked messages to the app.
 *
 * Every run gets a worker no program has used, and the worker is terminated
 * when its run ends: JavaScript workers are cheap and one is always started
 * ahead; a Python worker holds a whole interpreter, so as each Python run
 * takes its interpreter the next one starts loading from the compiled module
 * and a memory snapshot kept here, and the next run finds it ready (or
 * nearly, when runs come right after one another). The app may ask for the
 * first one ahead of any run (`warm`, when an answer with Python code
 * appears); it is a never-used interpreter like the others, taken by one run.
 */
import type { RunRequest, SandboxToHost } from '../../lib/runner/protocol';
import { readHostMessage } from '../../lib/runner/host-message';
import type { FrameToWorker, WorkerToFrame } from './runner.worker';
import type { PythonFiles } from './python-program';
import { createBufferLender } from './python-buffers';
import { compileWasm, download, WASM } from './runtime-files';

interface FrameConfig {
  appOrigin: string;
  assetBase: string;
}

const config = JSON.parse(document.getElementById('codelumi-sandbox-config')!.textContent!) as FrameConfig;
const post = (m: SandboxToHost) => parent.postMessage(m, config.appOrigin);

// ------------------------------------------------------------ runtime files

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

const workerSource = () => once('worker', () => download(config.assetBase, 'worker.js', 'text') as Promise<string>);
const transpilerSource = () =>
  once('transpiler', () => download(config.assetBase, 'transpiler.js', 'text') as Promise<string>);

const PYTHON_FILES = [
  'pyodide/pyodide.mjs',
  'pyodide/pyodide.asm.mjs',
  'pyodide/python_stdlib.zip',
  'pyodide/pyodide-lock.json',
] as const;

type PythonRuntime = Omit<PythonFiles, 'snapshot'>;

let stdlibFromDownload = true;
/**
 * pyodide.asm.wasm compiled, for every worker: by streaming compilation here,
 * or (without it) by the first interpreter's worker from the bytes.
 */
let pythonModule: WebAssembly.Module | undefined;

type PythonLoading = Omit<Extract<SandboxToHost, { type: 'loading' }>, 'type' | 'runId'>;
/** True once an interpreter has loaded: later runs start from its snapshot, mostly started ahead. */
let pythonEverLoaded = false;
/** The Python run told how loading goes while it waits: the first one, or one whose interpreter was not started ahead. */
let loadingRun: string | undefined;
/** How Python's first load goes (download progress, then start), for a run that arrives part-way. */
let lastLoading: PythonLoading | undefined;

/** Tells the waiting run how loading goes (nothing is said while none waits: a warm-up, a next interpreter). */
function tellLoading(m: PythonLoading): void {
  lastLoading = m;
  if (loadingRun) post({ type: 'loading', runId: loadingRun, ...m });
}

function pythonFiles(): Promise<PythonRuntime> {
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
      tellLoading({
        runtime: 'python',
        stage: 'download',
        loaded: sum(loaded),
        total: totals.size === PYTHON_FILES.length + 1 ? sum(totals) : 0,
      });
    };
    const [code, loader, asm, stdlib, lock] = await Promise.all([
      compileWasm(config.assetBase, report(WASM)),
      ...PYTHON_FILES.map((f) => download(config.assetBase, f, f.endsWith('.zip') ? 'buffer' : 'text', report(f))),
    ]);
    if ('module' in code) pythonModule = code.module;
    return { loader, asm, stdlib, lock, ...code } as PythonRuntime;
  });
}

// ------------------------------------------------------------ workers

interface SandboxWorker {
  worker: Worker;
  port: MessagePort;
}

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

interface PythonInterpreter {
  w: SandboxWorker;
  /** Resolves when the interpreter is ready for its one program. */
  ready: Promise<void>;
}

/**
 * The standard library and the memory snapshot of an interpreter with the
 * harness loaded (taken by the first interpreter before any program ran).
 */
const pythonBuffers = createBufferLender(async () => {
  // The first time from the download every Python file came with; after a loss, fetched again.
  if (stdlibFromDownload) {
    stdlibFromDownload = false;
    return (await pythonFiles()).stdlib;
  }
  return download(config.assetBase, 'pyodide/python_stdlib.zip', 'buffer') as Promise<ArrayBuffer>;
});

const retired = new WeakSet<SandboxWorker>();

/** Ends a worker; Python buffers it was still holding are given up. */
function retire(w: SandboxWorker): void {
  retired.add(w);
  w.worker.terminate();
  pythonBuffers.lost(w);
}
/** The never-used interpreter the next Python run gets, started ahead of time as each Python run takes its own. */
let nextPython: Promise<PythonInterpreter> | undefined;

async function startPython(): Promise<PythonInterpreter> {
  const { loader, asm, wasm, lock } = await pythonFiles();
  const w = await startWorker();
  tellLoading({ runtime: 'python', stage: 'start', loaded: 0, total: 0 });
  let rejectStart: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    rejectStart = reject;
    w.port.onmessage = (e: MessageEvent<WorkerToFrame>) => {
      const m = e.data;
      if (m.type === 'python-files-back') pythonBuffers.giveBack(w, m);
      else if (m.type === 'python-loaded') {
        if (m.back) pythonBuffers.giveBack(w, m.back);
        if (m.module) pythonModule ??= m.module;
        pythonEverLoaded = true;
        resolve();
      } else if (m.type === 'python-failed') {
        if (m.back) pythonBuffers.giveBack(w, m.back);
        reject(new Error(m.message));
      }
    };
  });
  // An error that ends the worker while it loads (it holds the lent buffers then) fails the start at once;
  // a run that gets this interpreter sets its own handler.
  w.worker.onerror = (e) => {
    e.preventDefault();
    // The port's handler stays: buffers the worker sent back just before are still taken home.
    rejectStart(new Error(`The Python worker stopped while loading: ${e.message || 'unknown error'}`));
  };
  ready.catch(() => retire(w));
  // Waits while another interpreter loads from the buffers, so the module it compiled is read after.
  const { stdlib, snapshot } = await pythonBuffers.borrow(w);
  if (retired.has(w)) {
    // Stopped while waiting for the buffers: they stay with the frame.
    pythonBuffers.giveBack(w, { stdlib, snapshot });
    throw new Error('Stopped.');
  }
  // Transferred, not copied: the worker sends them back at once (or, making the snapshot, once it has).
  // Until a worker has compiled the module, the bytes go (copied: a second worker may need them too).
  const code = pythonModule ? { module: pythonModule } : { wasm: wasm! };
  w.port.postMessage(
    { type: 'load-python', files: { loader, asm, ...code, lock, stdlib, snapshot } } satisfies FrameToWorker,
    snapshot ? [stdlib, snapshot] : [stdlib],
  );
  return { w, ready };
}

/**
 * The interpreter for a Python run: the one started ahead of time, or a new
 * one. Each is handed out once, and the next one starts loading at once, so
 * runs in a row wait only for what is left of its start.
 */
function takePython(): Promise<PythonInterpreter> {
  const p = nextPython ?? startPython();
  nextPython = undefined;
  // In a task of its own: this run's worker is posted its program first.
  setTimeout(prepareNextPython, 0);
  return p;
}

/**
 * Gives `run` its interpreter, loaded. One started ahead (by a warm-up or
 * after a run) that fails to load is not the run's failure yet: the run
 * starts its own, as a first run does, and only that one's error is its.
 */
async function loadPythonFor(run: ActiveRun): Promise<void> {
  const prepared = nextPython !== undefined;
  try {
    const p = await takePython();
    run.w = p.w;
    await p.ready;
  } catch (e) {
    if (!prepared || run.finished) throw e;
    const p = await startPython();
    run.w = p.w;
    await p.ready;
  }
}

/** Starts the interpreter the next Python run gets (after a Python run, or on the app's `warm`), unless one is already starting. */
function prepareNextPython(): void {
  if (nextPython) return;
  const p = startPython();
  nextPython = p;
  // A failed start is not kept: the next run starts its own and reports the failure.
  p.then((i) => i.ready).catch(() => {
    if (nextPython === p) nextPython = undefined;
  });
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
  // A worker serves one run only: whatever the program did to it goes with it.
  if (run.w) retire(run.w);
  post({ type: 'result', runId: run.request.runId, ...result });
  // In a task of its own: the app (often on this same thread) handles the result first.
  if (run.request.language === 'python') setTimeout(prepareNextPython, 0);
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
      // A run whose interpreter is not started ahead hears how its start goes, and so does the first run
      // (a warm-up may have started it): from where loading is.
      if (!pythonEverLoaded || !nextPython) {
        loadingRun = request.runId;
        if (lastLoading && !pythonEverLoaded) tellLoading(lastLoading);
      }
      try {
        await loadPythonFor(run);
      } finally {
        if (loadingRun === request.runId) loadingRun = undefined;
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
  if (msg.type === 'run') void start(msg);
  // An answer with Python code appeared: the interpreter its run will take starts loading now.
  else if (msg.type === 'warm') prepareNextPython();
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
