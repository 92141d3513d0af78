/**
 * What the tab's services need from the browser, passed in so the
 * composition root (services.ts, background.ts) runs under Node with fakes.
 * The browser's own platform is built in app/_components/browser-platform.ts.
 */
import type { CodelumiDB } from '../db/db';
import type { SandboxHost } from '../runner/host';
import type { ServiceWorkerHost } from '../pwa/update-controller';
import type { StorageLike } from '../pwa/storage';

/** The page's visibility: what `document` offers for it. */
export interface PageVisibility {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** A channel to the app's other tabs of this browser: what BroadcastChannel offers for it. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Everything browser-specific the services are built from. */
export interface Platform {
  /** This page's origin, for CORS advice. */
  origin: string;
  /** Whether the page is on screen, and the event when that changes. */
  page: PageVisibility;
  /** Web Locks (held by streaming answers; other tabs' answers are told apart by them). */
  locks: LockManager | undefined;
  /** navigator.storage, to ask for persistent storage. */
  storage: StorageLike | undefined;
  /** The conversation on screen (from the address), or null. */
  currentConversation(): string | null;
  /** The tab's database. */
  openDatabase(): CodelumiDB;
  /** A new analysis worker (started on the first call that needs it). */
  createAnalysisWorker(): Worker;
  /** A new code sandbox (created on the first run). */
  createSandbox(): SandboxHost;
  /** The service worker's host, or null where there is none (development, no support). */
  createServiceWorker(): ServiceWorkerHost | null;
  /** A new channel named `name` to the app's other tabs (a BroadcastChannel), or null where there is none. */
  openChannel(name: string): TabChannel | null;
  /** Reloads the page (to take an update). */
  reload(): void;
  /** The wall clock, in milliseconds. */
  now(): number;
}
