/**
 * The service worker's runtime caches: what is cached on first use instead of
 * precached, under which names, and how much of it may be kept. Pure rules,
 * so they are tested without a browser.
 */

/** Heavy build assets not every user needs (the highlighter's grammars): cached on first use. */
export const LAZY_ASSETS_CACHE = 'codelumi-lazy-v1';

/** Prefix of the code sandbox's runtime cache; the suffix is the runtime's version. */
export const RUNNER_CACHE_PREFIX = 'codelumi-runner-';

export interface CacheLimit {
  maxEntries: number;
  maxBytes: number;
}

/** Grammars are tens of KB each; a few dozen languages fit easily. */
export const LAZY_ASSETS_LIMIT: CacheLimit = { maxEntries: 80, maxBytes: 12 * 1024 * 1024 };

/** The Python runtime is ~12 MB in a handful of files; leave room for a few more runtime files. */
export const RUNNER_LIMIT: CacheLimit = { maxEntries: 60, maxBytes: 96 * 1024 * 1024 };

/** The cache holding the sandbox runtime of one version (a new runtime starts an empty cache). */
export function runnerCacheName(version: string): string {
  return `${RUNNER_CACHE_PREFIX}${version}`;
}

/** True for the code sandbox's runtime files (`/runner/**` on the app's origin). */
export function isRunnerAsset(url: URL, appOrigin: string): boolean {
  return url.origin === appOrigin && url.pathname.startsWith('/runner/');
}

/** True for an immutable build asset of the app (`/_next/static/**`, named by content hash). */
export function isBuildAsset(url: URL, appOrigin: string): boolean {
  return url.origin === appOrigin && url.pathname.startsWith('/_next/static/');
}

/**
 * Other addresses under which the precache should look for a build asset:
 * the same file without its query. Content-hashed files do not change with
 * a query, and the bundler starts workers as `worker.js?params=…`.
 */
export function buildAssetVariations(url: URL, appOrigin: string): URL[] {
  if (!isBuildAsset(url, appOrigin) || !url.search) return [];
  const bare = new URL(url.href);
  bare.search = '';
  return [bare];
}

/** Runner caches of other versions, to delete once this version is active. */
export function staleRunnerCaches(cacheNames: readonly string[], currentVersion: string): string[] {
  const current = runnerCacheName(currentVersion);
  return cacheNames.filter((name) => name.startsWith(RUNNER_CACHE_PREFIX) && name !== current);
}

export interface CachedEntry {
  url: string;
  bytes: number;
}

/**
 * Which entries to delete so that the cache holds at most `limit.maxEntries`
 * entries and `limit.maxBytes` bytes. `entries` are oldest first; the oldest
 * go first. Guarantees: what remains is within both limits (an entry larger
 * than the whole byte limit is deleted too, so it is fetched each time).
 */
export function entriesToEvict(entries: readonly CachedEntry[], limit: CacheLimit): string[] {
  let count = entries.length;
  let bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
  const evict: string[] = [];
  for (const entry of entries) {
    if (count <= limit.maxEntries && bytes <= limit.maxBytes) break;
    evict.push(entry.url);
    count -= 1;
    bytes -= entry.bytes;
  }
  return evict;
}
