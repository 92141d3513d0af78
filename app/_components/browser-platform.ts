/**
 * The browser's Platform for the tab's services (lib/services): the page,
 * its storage and locks, and the bundler-specific worker and service-worker
 * entry points, which is why this lives in app/ and not in lib/.
 */
import { Workbox } from 'workbox-window';
import { getDatabase } from '@/lib/db/db';
import { SandboxHost } from '@/lib/runner/host';
import type { Platform } from '@/lib/services/platform';

/** The conversation on screen, read from the address (chats live at /?c=<id>). */
export function currentConversation(): string | null {
  return window.location.pathname === '/' ? new URLSearchParams(window.location.search).get('c') : null;
}

/** This page's platform; call in the browser only. */
export function browserPlatform(): Platform {
  return {
    origin: window.location.origin,
    page: document,
    locks: navigator.locks,
    storage: navigator.storage,
    currentConversation,
    openDatabase: getDatabase,
    createAnalysisWorker: () =>
      new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), {
        type: 'module',
        name: 'codelumi-analysis',
      }),
    createSandbox: () => new SandboxHost({ document, assetBase: `${window.location.origin}/runner/` }),
    // The service worker is built into out/ by the production build; in development there is none to register.
    createServiceWorker: () =>
      process.env.NODE_ENV === 'production' && 'serviceWorker' in navigator
        ? new Workbox('/sw.js', { scope: '/' })
        : null,
    openChannel: (name) => (typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null),
    reload: () => window.location.reload(),
    now: Date.now,
  };
}
