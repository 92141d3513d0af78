/**
 * The page's side of syntax highlighting: asks the highlight worker, one
 * block at a time, and remembers recent results so a conversation opened
 * again paints its code at once. A block that takes longer than its time
 * limit (a grammar that backtracks badly on hostile code) stays plain, and
 * the worker is replaced so later blocks still highlight. A grammar that did
 * not load in time is tried again the next time it is needed. If the worker
 * cannot run, code stays plain.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';

interface HighlightApi {
  /** Loads the grammar; false for an unknown language. */
  prepare(language: string): Promise<boolean>;
  highlight(code: string, language: string): Promise<string | undefined>;
}

/** The worker as the client uses it (a Worker in the browser): a Comlink endpoint that can be stopped. */
export type HighlightWorker = Endpoint & { terminate(): void };

export interface HighlightClient {
  /** Highlighted HTML for `code`, or undefined (unknown language, no worker, or over the time limit: shown plain). */
  highlight(code: string, language: string): Promise<string | undefined>;
  /** The cached result, when this exact block was highlighted before. */
  cached(code: string, language: string): string | undefined;
}

export interface HighlightLimits {
  /** Longest time one block may take to highlight, once its grammar is loaded. */
  blockMs?: number;
  /** Longest time loading Shiki and a grammar may take (it fetches code). */
  loadMs?: number;
}

const CACHE_LIMIT = 400;
/** Shiki colours a few thousand lines well within this; only a runaway grammar takes longer. */
export const BLOCK_TIME_LIMIT_MS = 3000;
const LOAD_TIME_LIMIT_MS = 30_000;

const TIMED_OUT = Symbol('timed out');

function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** A client over a lazily started worker made by `createWorker`; replaced after a block runs over its limit. */
export function createHighlightClient(
  createWorker: () => HighlightWorker,
  limits: HighlightLimits = {},
): HighlightClient {
  const blockMs = limits.blockMs ?? BLOCK_TIME_LIMIT_MS;
  const loadMs = limits.loadMs ?? LOAD_TIME_LIMIT_MS;
  let worker: HighlightWorker | undefined;
  let remote: Remote<HighlightApi> | undefined;
  let broken = false;
  const cache = new Map<string, string | undefined>();
  const key = (code: string, language: string) => `${language}\u0000${code}`;
  // One block at a time, so each block's time is its own, not the queue's.
  let queue: Promise<unknown> = Promise.resolve();

  const start = () => {
    if (remote || broken) return remote;
    try {
      const w = createWorker();
      w.addEventListener('error', () => {
        broken = true;
        remote = undefined;
      });
      worker = w;
      remote = wrap<HighlightApi>(w);
    } catch (err) {
      console.warn('The highlight worker could not start; code stays plain', err);
      broken = true;
    }
    return remote;
  };

  /** Stops a worker stuck on a block; the next block starts a fresh one. */
  const restart = () => {
    worker?.terminate();
    worker = undefined;
    remote = undefined;
  };

  /** The block's HTML, and whether that answer is worth remembering (a grammar that failed to load may load next time). */
  const run = async (code: string, language: string): Promise<{ html?: string; keep: boolean }> => {
    const api = start();
    if (!api) return { keep: false };
    const known = await within(
      api.prepare(language).catch(() => false),
      loadMs,
    );
    if (known === TIMED_OUT) {
      restart();
      return { keep: false };
    }
    if (!known) return { keep: true };
    const html = await within(
      api.highlight(code, language).catch(() => undefined),
      blockMs,
    );
    if (html === TIMED_OUT) {
      console.warn(`Highlighting a ${language} block took over ${blockMs} ms; it is shown plain`);
      restart();
      // Remembered: showing this block again would stop the next worker too.
      return { keep: true };
    }
    return { html, keep: true };
  };

  return {
    cached: (code, language) => cache.get(key(code, language)),
    async highlight(code, language) {
      const k = key(code, language);
      if (cache.has(k)) return cache.get(k);
      const result = queue.then(() => run(code, language));
      queue = result.catch(() => undefined);
      const { html, keep } = await result;
      if (!keep) return html;
      cache.set(k, html);
      if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      return html;
    },
  };
}
