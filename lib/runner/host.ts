/**
 * The app's side of the runner sandbox: one hidden, opaque-origin iframe per
 * page, created on the first run. Runs go through it one at a time. Only
 * messages from that iframe's window that parse as the protocol are
 * believed. The page fetches the runtime files the frame asks for (through
 * the service worker, so they come from its cache offline) and hands them
 * over a private port. A run that the sandbox never finishes (the sandbox crashed or
 * hangs) ends as a failed run after a grace period, and the sandbox is
 * replaced; the app itself never waits on it.
 */
import { newNonce, runnerDocument } from './sandbox-document';
import { DEFAULT_OUTPUT_LIMIT, DEFAULT_TIME_LIMIT_MS, OutputLimiter } from './output';
import {
  parseMessage,
  sandboxToHostSchema,
  type CodeError,
  type LoadingMessage,
  type RunResultStatus,
  type RunRequest,
  type WarmRequest,
  type FilesMessage,
} from './protocol';
import type { WorkerLanguage } from './languages';
import { SANDBOX_LOST_EVENT } from './sandbox-lost';
import { programTreeProblem, type ProgramFile } from './program-files';
import { serveRuntimeFiles } from './runtime-server';

/**
 * One run. A single block of code (with tests run in its scope), or, when
 * `files`, `path` or `testsPath` is given, a multi-file program: `code` is
 * the entry file at `path`, the tests are their own file at `testsPath`,
 * and every file may import the others (README "Multi-file programs").
 */
export interface RunInput {
  language: WorkerLanguage;
  code: string;
  tests?: string;
  jsx?: boolean;
  timeLimitMs?: number;
  outputLimit?: number;
  /** The program's other files, at workspace-relative POSIX paths (program-files.ts says which are refused). */
  files?: ProgramFile[];
  /** Where `code` sits in the tree (default main.py / main.js / main.ts / main.tsx). */
  path?: string;
  /** Where `tests` sit in the tree, so their relative imports resolve (default tests.py / tests.js / tests.ts). */
  testsPath?: string;
}

/** A finished run, as the app stores and shows it. */
export interface RunResult {
  status: RunResultStatus;
  passed: number;
  failed: number;
  /** Time the code ran (not counting loading the runtime). */
  durationMs: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
  error?: CodeError;
  /** Wall time from asking to the result, loading included. */
  wallMs: number;
}

export interface RunCallbacks {
  onLoading?(message: LoadingMessage): void;
  onStarted?(): void;
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
}

export interface RunHandle {
  runId: string;
  done: Promise<RunResult>;
  /** Stops the run; `done` then resolves with a failed outcome. */
  cancel(): void;
}

export interface HostOptions {
  /** The document the hidden iframe is added to. */
  document: Document;
  /** Absolute URL of the app's /runner/ folder, ending in '/'. */
  assetBase: string;
  fetch?: typeof fetch;
  /** How long past the time limit a silent sandbox is given before it is replaced. */
  graceMs?: number;
  /** How long runtime loading may stay silent before the sandbox is replaced. */
  loadingSilenceMs?: number;
  now?: () => number;
}

interface Pending {
  id: string;
  request: RunRequest;
  callbacks: RunCallbacks;
  resolve(outcome: RunResult): void;
  stdout: string;
  stderr: string;
  limiter: OutputLimiter;
  startedAt: number;
  watchdog?: ReturnType<typeof setTimeout>;
  sent: boolean;
}

let counter = 0;

/** Runs code in the runner sandbox; see the file comment for what it guarantees. */
export class SandboxHost {
  private iframe: HTMLIFrameElement | undefined;
  private ready: Promise<Window> | undefined;
  private frameScript: Promise<string> | undefined;
  private queue: Pending[] = [];
  private current: Pending | undefined;
  private readonly onMessage = (event: MessageEvent) => this.receive(event);
  private readonly now: () => number;
  private disposed = false;
  /** The current frame was asked to warm up (once per frame: it remembers, and a failure waits for a run). */
  private warmed = false;
  private stopFiles: (() => void) | undefined;

  // A hung preview froze the process this frame shares (sandbox-lost.ts): let the frame go, so the
  // process can end. A run in flight is left to its own watchdog, which replaces the frame if it is stuck.
  private readonly onLost = () => {
    if (!this.current) this.teardown();
  };

  constructor(private readonly options: HostOptions) {
    this.now = options.now ?? (() => performance.now());
    options.document.defaultView?.addEventListener('message', this.onMessage);
    options.document.defaultView?.addEventListener(SANDBOX_LOST_EVENT, this.onLost);
  }

  /** Queues a run; the handle's `done` always resolves (never rejects). */
  run(input: RunInput, callbacks: RunCallbacks = {}): RunHandle {
    const id = `run-${Date.now().toString(36)}-${(counter++).toString(36)}`;
    const request: RunRequest = {
      type: 'run',
      runId: id,
      language: input.language,
      code: input.code,
      tests: input.tests,
      jsx: input.jsx,
      timeLimitMs: input.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      outputLimit: input.outputLimit ?? DEFAULT_OUTPUT_LIMIT,
      ...(input.files !== undefined ? { files: input.files.map((f) => ({ path: f.path, content: f.content })) } : {}),
      ...(input.path !== undefined ? { path: input.path } : {}),
      ...(input.testsPath !== undefined ? { testsPath: input.testsPath } : {}),
    };
    let resolve!: (o: RunResult) => void;
    const done = new Promise<RunResult>((r) => (resolve = r));
    // The sandbox drops a request it does not accept: a tree it would refuse is refused here, saying why.
    const problem = programTreeProblem(request);
    if (problem) {
      resolve({
        ...this.failure('sandbox', `The program's files cannot run: ${problem}.`),
        stdout: '',
        stderr: '',
        wallMs: 0,
      });
      return { runId: id, done, cancel: () => undefined };
    }
    const pending: Pending = {
      id,
      request,
      callbacks,
      resolve,
      stdout: '',
      stderr: '',
      limiter: new OutputLimiter(request.outputLimit + 1000),
      startedAt: this.now(),
      sent: false,
    };
    this.queue.push(pending);
    void this.pump();
    return { runId: id, done, cancel: () => this.cancel(pending) };
  }

  /**
   * Starts Python loading in the sandbox ahead of its first run. The sandbox
   * prepares a never-used interpreter that the next Python run takes, as it
   * does after every Python run; nothing runs and no run can see it
   * happened. Sent once per sandbox frame. A failure stays silent here and
   * is not retried: the next run starts its own interpreter and reports why
   * it could not.
   */
  warmUp(runtime: WarmRequest['runtime']): void {
    if (this.disposed || this.warmed) return;
    this.warmed = true;
    this.ensureFrame().then(
      (win) => win.postMessage({ type: 'warm', runtime } satisfies WarmRequest, '*'),
      () => undefined,
    );
  }

  /** Removes the sandbox and fails every queued run. */
  dispose(): void {
    this.disposed = true;
    this.options.document.defaultView?.removeEventListener('message', this.onMessage);
    this.options.document.defaultView?.removeEventListener(SANDBOX_LOST_EVENT, this.onLost);
    for (const p of [...this.queue, ...(this.current ? [this.current] : [])])
      this.settle(p, this.failure('sandbox', 'The sandbox was closed.'));
    this.teardown();
  }

  private async pump(): Promise<void> {
    if (this.current || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    next.startedAt = this.now();
    try {
      const win = await this.ensureFrame();
      if (this.current !== next) return;
      this.arm(next, this.options.loadingSilenceMs ?? 120_000);
      next.sent = true;
      // An opaque-origin window can only be addressed with '*'; what is sent is the user's own code.
      win.postMessage(next.request, '*');
    } catch (e) {
      this.settle(
        next,
        this.failure('unavailable', `The sandbox could not start: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }

  private ensureFrame(): Promise<Window> {
    if (this.ready) return this.ready;
    const doc = this.options.document;
    const fetchImpl = this.fetchImpl();
    this.frameScript ??= fetchImpl(`${this.options.assetBase}frame.js`).then((r) => {
      if (!r.ok) throw new Error(`frame.js: HTTP ${r.status}`);
      return r.text();
    });
    this.frameScript.catch(() => (this.frameScript = undefined));
    const ready = this.frameScript.then(
      (frameScript) =>
        new Promise<Window>((resolve, reject) => {
          const iframe = doc.createElement('iframe');
          iframe.setAttribute('sandbox', 'allow-scripts');
          iframe.setAttribute('aria-hidden', 'true');
          iframe.setAttribute('tabindex', '-1');
          iframe.title = 'Codelumi code sandbox';
          iframe.dataset.codelumiSandbox = 'runner';
          iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
          const appOrigin = doc.defaultView?.location.origin ?? '';
          iframe.srcdoc = runnerDocument({ frameScript, appOrigin, nonce: newNonce() });
          const timer = setTimeout(() => reject(new Error('the sandbox did not start in time')), 30_000);
          this.readyWaiter = (win) => {
            clearTimeout(timer);
            resolve(win);
          };
          this.iframe = iframe;
          doc.body.appendChild(iframe);
        }),
    );
    this.ready = ready;
    ready.catch(() => this.teardown());
    return ready;
  }

  private readyWaiter: ((win: Window) => void) | undefined;

  /**
   * Serves the frame's runtime files on `port` from a same-origin worker
   * (`files.js`, started from the app's /runner/ folder, so the service
   * worker answers its fetches): the bytes go from that worker to the frame
   * and never pass through this page's main thread (relaying them here was
   * measured to add long tasks while Python loads). Where no worker can be
   * started, the page serves them itself.
   */
  private serveFiles(port: MessagePort): () => void {
    const base = this.options.assetBase;
    if (this.options.fetch || typeof Worker !== 'function') return serveRuntimeFiles(port, base, this.fetchImpl());
    try {
      const server = new Worker(`${base}files.js`, { name: 'codelumi-runtime-files' });
      server.postMessage({ assetBase: base }, [port]);
      return () => server.terminate();
    } catch {
      return serveRuntimeFiles(port, base, this.fetchImpl());
    }
  }

  private fetchImpl(): typeof fetch {
    return this.options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  private receive(event: MessageEvent): void {
    const win = this.iframe?.contentWindow;
    if (!win || event.source !== win) return;
    const msg = parseMessage(sandboxToHostSchema, event.data);
    if (!msg) return;
    if (msg.type === 'ready') {
      if (!this.readyWaiter) return;
      // Before any run or warm-up: the frame gets its runtime files through this port only.
      const channel = new MessageChannel();
      this.stopFiles?.();
      this.stopFiles = this.serveFiles(channel.port1);
      win.postMessage({ type: 'files' } satisfies FilesMessage, '*', [channel.port2]);
      this.readyWaiter(win);
      this.readyWaiter = undefined;
      return;
    }
    const p = this.current;
    if (!p || msg.runId !== p.id) return;
    switch (msg.type) {
      case 'loading':
        this.arm(p, this.options.loadingSilenceMs ?? 120_000);
        p.callbacks.onLoading?.(msg);
        break;
      case 'started':
        this.arm(p, p.request.timeLimitMs + (this.options.graceMs ?? 5_000));
        p.callbacks.onStarted?.();
        break;
      case 'output': {
        const admitted = p.limiter.admit(msg.text);
        const text = admitted.text + (admitted.notice ?? '');
        if (!text) break;
        if (msg.stream === 'stdout') p.stdout += admitted.text;
        else p.stderr += admitted.text;
        if (admitted.notice) p.stderr += admitted.notice;
        if (admitted.text) p.callbacks.onOutput?.(msg.stream, admitted.text);
        if (admitted.notice) p.callbacks.onOutput?.('stderr', admitted.notice);
        break;
      }
      case 'result':
        this.settle(p, {
          status: msg.status,
          passed: msg.passed,
          failed: msg.failed,
          durationMs: msg.durationMs,
          stdout: p.stdout,
          stderr: p.stderr,
          // A run stopped at the time limit cannot say it was cut; its output length can.
          truncated: msg.truncated || p.limiter.truncated || p.stdout.length + p.stderr.length >= p.request.outputLimit,
          error: msg.error,
          wallMs: this.now() - p.startedAt,
        });
        break;
    }
  }

  /** (Re)starts the watchdog of the current run. */
  private arm(p: Pending, ms: number): void {
    clearTimeout(p.watchdog);
    p.watchdog = setTimeout(() => {
      if (this.current !== p) return;
      this.teardown();
      this.settle(
        p,
        this.failure('sandbox', 'The sandbox stopped responding (it may have run out of memory) and was restarted.'),
      );
    }, ms);
  }

  private cancel(p: Pending): void {
    if (this.current === p) {
      if (p.sent) this.iframe?.contentWindow?.postMessage({ type: 'cancel', runId: p.id }, '*');
      this.settle(p, this.failure('sandbox', 'Stopped.'));
    } else {
      this.queue = this.queue.filter((q) => q !== p);
      this.settle(p, this.failure('sandbox', 'Stopped.'));
    }
  }

  private failure(kind: CodeError['kind'], message: string): Omit<RunResult, 'stdout' | 'stderr' | 'wallMs'> {
    return { status: 'error', passed: 0, failed: 0, durationMs: 0, truncated: false, error: { kind, message } };
  }

  private settle(p: Pending, outcome: Omit<RunResult, 'stdout' | 'stderr' | 'wallMs'> & Partial<RunResult>): void {
    clearTimeout(p.watchdog);
    p.resolve({ stdout: p.stdout, stderr: p.stderr, wallMs: this.now() - p.startedAt, ...outcome });
    if (this.current === p) {
      this.current = undefined;
      queueMicrotask(() => void this.pump());
    }
  }

  private teardown(): void {
    this.stopFiles?.();
    this.stopFiles = undefined;
    this.warmed = false;
    this.iframe?.remove();
    this.iframe = undefined;
    this.ready = undefined;
    this.readyWaiter = undefined;
  }
}
