/**
 * Codelumi's service worker, its offline backend. Thin by design: it wires
 * Workbox and lib/pwa together. The build (scripts/build/service-worker.mjs)
 * bundles it with esbuild and injects the precache manifest.
 *
 * - Every build asset is precached with its revision; navigations to the
 *   app's pages are answered from the precached HTML, so any in-app URL opens
 *   offline.
 * - Heavy assets not every user needs are cached on first use, cache-first,
 *   versioned and under a size budget: the highlighter's grammars (lazy build
 *   chunks) and the code sandbox's runtime under /runner/ (fetched for the
 *   sandbox frame by the page and its runtime-files worker).
 * - The share target's POST (from the share sheet or the app's own origin
 *   only, within size limits) is kept in the share inbox, then redirected
 *   to the chat.
 * - Nothing else is touched: requests to Ollama (another origin, or /api/ on
 *   this one) never match a route, so the browser handles them as if there
 *   were no worker.
 */
import { clientsClaim, setCacheNameDetails } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  matchPrecache,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { SHARE_TARGET_PATH, shellFor } from '../lib/pwa/app-routes';
import {
  LAZY_ASSETS_CACHE,
  LAZY_ASSETS_LIMIT,
  RUNNER_LIMIT,
  buildAssetVariations,
  isBuildAsset,
  isRunnerAsset,
  runnerCacheName,
  staleRunnerCaches,
  type CacheLimit,
} from '../lib/pwa/runtime-caches';
import { byteBudgetPlugin } from '../lib/pwa/byte-budget-plugin';
import { workerScriptsKeepTheirAddress } from '../lib/pwa/worker-scripts';
import { MAX_SHARE_BODY_BYTES, isEmptyShare, readSharedForm } from '../lib/pwa/share-payload';
import { isShareFromTrustedSource } from '../lib/pwa/share-origin';
import { readCappedRequest } from '../lib/pwa/capped-body';
import { putSharedItem } from '../lib/pwa/share-inbox';
import { shareRedirectPath } from '../lib/pwa/share-link';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PrecacheEntry[] };
/** Set by the build: the sandbox runtime's content hash, so a new runtime gets a fresh cache. */
declare const __CODELUMI_RUNNER_VERSION__: string;
/** Set by the build: the lazy build chunks of this build (to drop other builds' from the cache). */
declare const __CODELUMI_LAZY_ASSETS__: string[];

const origin = self.location.origin;

setCacheNameDetails({ prefix: 'codelumi', suffix: 'v1', precache: 'precache', runtime: 'runtime' });

// The app's workers (memory, highlighter) start from precached scripts and read their `#params`.
addPlugins([workerScriptsKeepTheirAddress]);

// Client-side navigations fetch `<page>/index.txt?_rsc=…`, and workers start as
// `/_next/static/…/worker.js?params=…`: neither query changes the file.
precacheAndRoute(self.__WB_MANIFEST, {
  ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^_rsc$/],
  urlManipulation: ({ url }) => buildAssetVariations(url, origin),
});
cleanupOutdatedCaches();

// Any page of the app, with any query (`/?c=<id>`), opens from the precached HTML.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.origin === origin && shellFor(url.pathname) !== undefined,
  async ({ request, url }) => (await matchPrecache(shellFor(url.pathname)!)) ?? fetch(request),
);

/** Cache-first on first use, versioned by name, within `limit`; only complete 200 responses are kept (never opaque ones). */
function cacheOnFirstUse(cacheName: string, limit: CacheLimit, fetchOptions?: RequestInit) {
  return new CacheFirst({
    cacheName,
    fetchOptions,
    plugins: [
      workerScriptsKeepTheirAddress,
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: limit.maxEntries, purgeOnQuotaError: true }),
      byteBudgetPlugin(limit, self.caches),
    ],
  });
}

// The code sandbox's runtime: the page fetches frame.js, and a same-origin worker of the page
// (/runner/files.js) the files it streams to the sandbox frame (whose own fetches this worker never
// sees). The worker fetches it as a CORS request of its own, so what it caches and returns is
// always a readable response with the server's Access-Control-Allow-Origin.
registerRoute(
  ({ url }) => isRunnerAsset(url, origin),
  cacheOnFirstUse(runnerCacheName(__CODELUMI_RUNNER_VERSION__), RUNNER_LIMIT, { mode: 'cors', credentials: 'omit' }),
);

// Build chunks left out of the precache (the highlighter's grammars): content-hashed, so cache-first is safe.
registerRoute(({ url }) => isBuildAsset(url, origin), cacheOnFirstUse(LAZY_ASSETS_CACHE, LAZY_ASSETS_LIMIT));

// Web Share Target: keep the shared item for the app, then open the chat with it.
registerRoute(
  ({ url }) => url.origin === origin && url.pathname === SHARE_TARGET_PATH,
  async ({ request }) => {
    // Another website's form must not fill a chat: only the share sheet and the app itself may post here.
    if (!isShareFromTrustedSource(request.headers, origin)) {
      return Response.redirect(shareRedirectPath({ kind: 'failure', reason: 'refused' }), 303);
    }
    try {
      // Read with a ceiling before formData() parses it: a chunked body announces no length.
      const capped = await readCappedRequest(request, MAX_SHARE_BODY_BYTES);
      if (capped === 'too-large')
        return Response.redirect(shareRedirectPath({ kind: 'failure', reason: 'too-large' }), 303);
      const item = await readSharedForm(await capped.formData());
      if (isEmptyShare(item)) return Response.redirect(shareRedirectPath({ kind: 'failure', reason: 'empty' }), 303);
      const id = await putSharedItem(self.indexedDB, item);
      return Response.redirect(shareRedirectPath({ kind: 'item', id }), 303);
    } catch (err) {
      const quota = (err as { name?: string } | null)?.name === 'QuotaExceededError';
      return Response.redirect(shareRedirectPath({ kind: 'failure', reason: quota ? 'quota' : 'failed' }), 303);
    }
  },
  'POST',
);

/** Drops runtime entries that belong to other builds: other runner versions, other builds' grammar chunks. */
async function dropOtherBuildsCaches(): Promise<void> {
  for (const name of staleRunnerCaches(await self.caches.keys(), __CODELUMI_RUNNER_VERSION__))
    await self.caches.delete(name);
  const current = new Set(__CODELUMI_LAZY_ASSETS__.map((path) => new URL(path, origin).href));
  const lazy = await self.caches.open(LAZY_ASSETS_CACHE);
  for (const request of await lazy.keys()) if (!current.has(request.url)) await lazy.delete(request);
}

self.addEventListener('activate', (event) => event.waitUntil(dropOtherBuildsCaches()));

// A new version waits until the page asks for it (the user pressed Reload).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes the open page at once, so it works offline without a reload.
clientsClaim();
