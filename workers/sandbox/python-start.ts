/**
 * Starting one Python interpreter in a fresh worker of the runner frame:
 * the runtime files (from the app page, once per frame), the compiled
 * module, the standard library and snapshot lent by transfer
 * (python-buffers.ts), and what a waiting run hears about loading.
 */
import type { SandboxToHost } from '../../lib/runner/protocol';
import type { FrameToWorker, WorkerToFrame } from './runner.worker';
import type { PythonFiles } from './python-program';
import { createBufferLender } from './python-buffers';
import type { Interpreter } from './python-pool';
import type { createFileClient } from './runtime-files';
import { WASM } from './runtime-files';

/** A worker of the frame and the private port it is spoken to on. */
export interface SandboxWorker {
  worker: Worker;
  port: MessagePort;
}

type PythonRuntime = Omit<PythonFiles, 'snapshot'> & {
  /** The snapshot the build ships (undefined where it has none, or it could not be had). */
  shipped?: ArrayBuffer;
};
type PythonLoading = Omit<Extract<SandboxToHost, { type: 'loading' }>, 'type' | 'runId'>;

const PYTHON_FILES = [
  'pyodide/pyodide.mjs',
  'pyodide/pyodide.asm.mjs',
  'pyodide/python_stdlib.zip',
  'pyodide/pyodide-lock.json',
] as const;
/** The memory snapshot the build ships (python-prepare.ts): without it, the first interpreter makes one. */
const SNAPSHOT = 'pyodide/harness.snapshot';

/**
 * The frame's Python starter. `post` reaches the app; `startWorker` makes a
 * fresh worker; `once` caches a download (a failed one is tried again).
 */
export function createPythonStarter(deps: {
  files: ReturnType<typeof createFileClient>;
  post: (m: SandboxToHost) => void;
  startWorker: () => Promise<SandboxWorker>;
  once: <T>(key: string, load: () => Promise<T>) => Promise<T>;
}) {
  const { files, post, startWorker, once } = deps;
  let stdlibFromDownload = true;
  /** pyodide.asm.wasm compiled, for every worker: by streaming compilation here, or by the first interpreter's worker. */
  let pythonModule: WebAssembly.Module | undefined;
  /** True once an interpreter has loaded: later runs start from its snapshot, mostly started ahead. */
  let everLoaded = false;
  /** The Python run told how loading goes while it waits: the first one, or one whose interpreter was not started ahead. */
  let loadingRun: string | undefined;
  /** How the current attempt at Python's first load goes (download, then start), for a run that arrives part-way. */
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
          total: totals.size === PYTHON_FILES.length + 2 ? sum(totals) : 0,
        });
      };
      const [code, shipped, loader, asm, stdlib, lock] = await Promise.all([
        files.compileWasm(report(WASM)),
        shippedSnapshot(report(SNAPSHOT)),
        ...PYTHON_FILES.map((f) => files.download(f, f.endsWith('.zip') ? 'buffer' : 'text', report(f))),
      ]);
      if ('module' in code) pythonModule = code.module;
      return { loader, asm, stdlib, lock, shipped, ...code } as PythonRuntime;
    });
  }

  /** The build's snapshot, or undefined when it cannot be had (a build without one): Python then starts without. */
  function shippedSnapshot(progress?: (loaded: number, total: number) => void): Promise<ArrayBuffer | undefined> {
    return (files.download(SNAPSHOT, 'buffer', progress) as Promise<ArrayBuffer>).catch(() => undefined);
  }

  /** The standard library and the memory snapshot of an interpreter with the harness loaded, lent to one worker at a time. */
  const buffers = createBufferLender(async () => {
    // The first time from the download every Python file came with; after a loss, asked for again.
    if (stdlibFromDownload) {
      stdlibFromDownload = false;
      const { stdlib, shipped } = await pythonFiles();
      return { stdlib, snapshot: shipped };
    }
    const [stdlib, snapshot] = await Promise.all([
      files.download('pyodide/python_stdlib.zip', 'buffer') as Promise<ArrayBuffer>,
      shippedSnapshot(),
    ]);
    return { stdlib, snapshot };
  });

  const retired = new WeakSet<SandboxWorker>();

  /** Ends a worker; Python buffers it was still holding are given up. */
  function retire(w: SandboxWorker): void {
    retired.add(w);
    w.worker.terminate();
    buffers.lost(w);
  }

  async function startPython(): Promise<Interpreter<SandboxWorker>> {
    const { loader, asm, wasm, lock } = await pythonFiles();
    const w = await startWorker();
    tellLoading({ runtime: 'python', stage: 'start', loaded: 0, total: 0 });
    let rejectStart: (e: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      rejectStart = reject;
      w.port.onmessage = (e: MessageEvent<WorkerToFrame>) => {
        const m = e.data;
        if (m.type === 'python-files-back') buffers.giveBack(w, m);
        else if (m.type === 'python-loaded') {
          if (m.back) buffers.giveBack(w, m.back);
          if (m.replaced) buffers.replaceSnapshot(m.replaced);
          if (m.module) pythonModule ??= m.module;
          everLoaded = true;
          resolve();
        } else if (m.type === 'python-failed') {
          if (m.back) buffers.giveBack(w, m.back);
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
    const { stdlib, snapshot } = await buffers.borrow(w);
    if (retired.has(w)) {
      // Stopped while waiting for the buffers: they stay with the frame.
      buffers.giveBack(w, { stdlib, snapshot });
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

  return {
    retire,
    /**
     * Starts an interpreter in a fresh worker. A failed attempt's loading
     * progress is forgotten: a later run hears the next attempt's, not where
     * the failed one stopped.
     */
    start(): Promise<Interpreter<SandboxWorker>> {
      const forget = () => {
        if (!everLoaded) lastLoading = undefined;
      };
      const p = startPython();
      p.then((i) => i.ready).catch(forget);
      return p;
    },
    /**
     * Run `runId` waits for Python: it hears how loading goes, from where it
     * is, when its interpreter is not one loaded ahead (`prepared`), or when
     * no interpreter has loaded yet (a warm-up may have started the first).
     * Returns the function that ends this.
     */
    listen(runId: string, prepared: boolean): () => void {
      if (everLoaded && prepared) return () => undefined;
      loadingRun = runId;
      if (lastLoading && !everLoaded) tellLoading(lastLoading);
      return () => {
        if (loadingRun === runId) loadingRun = undefined;
      };
    },
  };
}
