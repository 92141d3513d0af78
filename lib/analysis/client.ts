/**
 * The page's handle on the analysis worker. The worker starts on first use and
 * is restarted if it dies, so a crash shows as one failed call, not a broken
 * app. Calls that shape a prompt have a time limit: a slow worker must never
 * hold up an answer.
 */
import { proxy, wrap, type Remote } from 'comlink';
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

/** A lazily started worker client; `createWorker` makes the Worker (bundler-specific, so it comes from app code). */
export function createAnalysisWorkerClient(createWorker: () => Worker, retrieveTimeoutMs = 3000): AnalysisWorkerClient {
  let worker: Worker | undefined;
  let remote: Remote<AnalysisWorkerApi> | undefined;

  const start = (): Remote<AnalysisWorkerApi> => {
    if (remote) return remote;
    worker = createWorker();
    worker.addEventListener('error', () => {
      worker?.terminate();
      worker = undefined;
      remote = undefined;
    });
    remote = wrap<AnalysisWorkerApi>(worker);
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
    // Never starts the worker just to say this: an idle worker has nothing to slow down.
    setForeground: async (busy) => {
      if (remote) await remote.setForeground(busy);
    },
    // Callbacks cross to the worker as proxies (a function cannot be copied).
    previewImport: (file, onProgress) => start().previewImport(file, onProgress && proxy(onProgress)),
    runImport: (token, options, onProgress) => start().runImport(token, options, onProgress && proxy(onProgress)),
    learnFromImport: (events, onProgress) => start().learnFromImport(events, onProgress && proxy(onProgress)),
    terminate() {
      worker?.terminate();
      worker = undefined;
      remote = undefined;
    },
  };
}
