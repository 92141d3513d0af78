/**
 * The page's side of syntax highlighting: asks the highlight worker, one
 * request per block, and remembers recent results so a conversation opened
 * again paints its code at once. If the worker cannot run, code stays plain.
 */
import { wrap, type Remote } from 'comlink';

interface HighlightApi {
  highlight(code: string, language: string): Promise<string | undefined>;
}

export interface HighlightClient {
  /** Highlighted HTML for `code`, or undefined (unknown language, or no worker). */
  highlight(code: string, language: string): Promise<string | undefined>;
  /** The cached result, when this exact block was highlighted before. */
  cached(code: string, language: string): string | undefined;
}

const CACHE_LIMIT = 400;

/** A client over a lazily started worker made by `createWorker`. */
export function createHighlightClient(createWorker: () => Worker): HighlightClient {
  let remote: Remote<HighlightApi> | undefined;
  let broken = false;
  const cache = new Map<string, string | undefined>();
  const key = (code: string, language: string) => `${language}\u0000${code}`;

  const start = () => {
    if (remote || broken) return remote;
    try {
      const worker = createWorker();
      worker.addEventListener('error', () => {
        broken = true;
        remote = undefined;
      });
      remote = wrap<HighlightApi>(worker);
    } catch {
      broken = true;
    }
    return remote;
  };

  return {
    cached: (code, language) => cache.get(key(code, language)),
    async highlight(code, language) {
      const k = key(code, language);
      if (cache.has(k)) return cache.get(k);
      const api = start();
      if (!api) return undefined;
      const html = await api.highlight(code, language).catch(() => undefined);
      cache.set(k, html);
      if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      return html;
    },
  };
}
