/**
 * A Workbox plugin that keeps a runtime cache under a byte budget (Workbox's
 * own ExpirationPlugin counts entries and ages, not bytes): after each new
 * entry, the oldest entries go until the cache fits.
 */
import type { WorkboxPlugin } from 'workbox-core/types';
import { entriesToEvict, type CacheLimit } from './runtime-caches';

/** A response's size: its Content-Length, else its body (read once, only when the header is missing). */
async function sizeOf(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const header = Number(response.headers.get('content-length'));
  if (Number.isFinite(header) && header > 0) return header;
  return (await response.blob()).size;
}

/** Evicts oldest-first so the cache named in each update stays within `limit` (entries and bytes). */
export function byteBudgetPlugin(limit: CacheLimit, storage: CacheStorage): WorkboxPlugin {
  return {
    async cacheDidUpdate({ cacheName }) {
      const cache = await storage.open(cacheName);
      const requests = await cache.keys();
      const entries = await Promise.all(
        requests.map(async (r) => ({ url: r.url, bytes: await sizeOf(await cache.match(r)) })),
      );
      for (const url of entriesToEvict(entries, limit)) await cache.delete(url);
    },
  };
}
