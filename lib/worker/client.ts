/**
 * The page's handle on the memory worker. The worker starts on first use and
 * is restarted once if it dies, so a crash shows as one failed call, not a
 * broken app.
 */
import { wrap, type Remote } from 'comlink';
import type { MemoryWorkerApi } from './api';

export interface MemoryWorkerClient {
  search: MemoryWorkerApi['search'];
  ping: MemoryWorkerApi['ping'];
  terminate(): void;
}

/** A lazily started worker client; `createWorker` makes the Worker (bundler-specific, so it comes from app code). */
export function createMemoryWorkerClient(createWorker: () => Worker): MemoryWorkerClient {
  let worker: Worker | undefined;
  let remote: Remote<MemoryWorkerApi> | undefined;

  const start = (): Remote<MemoryWorkerApi> => {
    if (remote) return remote;
    worker = createWorker();
    worker.addEventListener('error', () => {
      worker?.terminate();
      worker = undefined;
      remote = undefined;
    });
    remote = wrap<MemoryWorkerApi>(worker);
    return remote;
  };

  return {
    search: (query, limit) => start().search(query, limit),
    ping: () => start().ping(),
    terminate() {
      worker?.terminate();
      worker = undefined;
      remote = undefined;
    },
  };
}
