/**
 * The page's handle on the analysis worker. The worker starts on first use and
 * is restarted if it dies, so a crash shows as one failed call, not a broken
 * app. Calls that shape a prompt have a time limit: a slow worker must never
 * hold up an answer.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CodelumiError } from '../core/errors';
import type { AnalysisWorkerApi } from './api';

export type AnalysisWorkerClient = AnalysisWorkerApi & {
  terminate(): void;
};

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The error a call gets when its worker is gone before answering: that worker never will, and the next call starts a new one. */
export function workerStopped(reason: string): CodelumiError {
  return new CodelumiError(
    'unknown',
    `Codelumi’s background worker stopped before it finished (${reason}); trying again starts a new one.`,
  );
}

/**
 * `remote` with every call tracked in `waiting` until it settles, so a worker
 * that dies can fail its calls: Comlink alone would wait forever for them.
 */
function tracked(remote: Remote<AnalysisWorkerApi>, waiting: Set<(err: Error) => void>): Remote<AnalysisWorkerApi> {
  return new Proxy(remote, {
    get: (target, method) =>
      // Not a promise itself: `await remote` must not send a call.
      method === 'then'
        ? undefined
        : (...args: unknown[]) =>
            new Promise((resolve, reject) => {
              waiting.add(reject);
              const ask = Reflect.get(target, method) as (...a: unknown[]) => Promise<unknown>;
              ask(...args).then(
                (value) => {
                  waiting.delete(reject);
                  resolve(value);
                },
                (err: unknown) => {
                  waiting.delete(reject);
                  reject(err);
                },
              );
            }),
  });
}

/** A lazily started worker client; `createWorker` makes the Worker (bundler-specific, so it comes from app code). */
export function createAnalysisWorkerClient(createWorker: () => Worker, retrieveTimeoutMs = 3000): AnalysisWorkerClient {
  let worker: Worker | undefined;
  let remote: Remote<AnalysisWorkerApi> | undefined;
  /** The calls the running worker has not answered yet. */
  let waiting = new Set<(err: Error) => void>();

  /** Ends worker `w` and fails the calls it held (`calls`); a late event of an old worker leaves the new one alone. */
  const stop = (w: Worker, calls: Set<(err: Error) => void>, err: Error) => {
    w.terminate();
    if (worker === w) {
      worker = undefined;
      remote = undefined;
    }
    for (const fail of [...calls]) fail(err);
    calls.clear();
  };

  const start = (): Remote<AnalysisWorkerApi> => {
    if (remote) return remote;
    const w = (worker = createWorker());
    const calls = (waiting = new Set<(err: Error) => void>());
    // An uncaught error in the worker, or a script that could not load: it is ended, and every call it held fails.
    w.addEventListener('error', (event) => {
      const message = (event as Partial<ErrorEvent>).message;
      stop(w, calls, workerStopped(message ? `an error in it: ${message}` : 'it crashed or could not start'));
    });
    remote = tracked(wrap<AnalysisWorkerApi>(w), calls);
    return remote;
  };

  return {
    search: (query, limit) => start().search(query, limit),
    ping: () => start().ping(),
    notify: () => start().notify(),
    processNow: () => start().processNow(),
    retrieve: (input) => withTimeout(start().retrieve(input), retrieveTimeoutMs, 'Retrieving context'),
    warm: (projectId) => start().warm(projectId),
    forgetExpired: (now, windowMs) => start().forgetExpired(now, windowMs),
    // A worker not running holds no index: nothing to start it for.
    forgetProject: async (projectId) => {
      if (remote) await remote.forgetProject(projectId);
    },
    reranker: () => start().reranker(),
    dashboard: (days) => start().dashboard(days),
    // Callbacks cross to the worker as proxies (a function cannot be copied).
    exportArchive: (options, onProgress) => start().exportArchive(options, onProgress && proxy(onProgress)),
    importArchive: (file, mode, onProgress) => start().importArchive(file, mode, onProgress && proxy(onProgress)),
    cancelArchive: async () => {
      if (remote) await remote.cancelArchive();
    },
    previewTrainingExport: (options) => start().previewTrainingExport(options),
    exportTrainingData: (options) => start().exportTrainingData(options),
    // Never starts the worker just to say this: an idle worker has nothing to slow down.
    setForeground: async (busy) => {
      if (remote) await remote.setForeground(busy);
    },
    // Callbacks cross to the worker as proxies (a function cannot be copied).
    previewImport: (file, onProgress) => start().previewImport(file, onProgress && proxy(onProgress)),
    runImport: (token, options, onProgress) => start().runImport(token, options, onProgress && proxy(onProgress)),
    learnFromImport: (events, onProgress) => start().learnFromImport(events, onProgress && proxy(onProgress)),
    terminate() {
      if (worker) stop(worker, waiting, workerStopped('it was stopped'));
    },
  };
}
