/**
 * A Platform for the composition root under Node: a real database over
 * fake-indexeddb, and stand-ins for the page, the workers and the service
 * worker that record what was done to them.
 */
import { vi } from 'vitest';
import Dexie from 'dexie';
import type { Platform } from '@/lib/services/platform';
import type { ServiceWorkerHost } from '@/lib/pwa/update-controller';
import { freshDatabase } from '../support/db';
import { createTestLocks } from '../support/locks';
import { IDBFactory } from '../support/db';

// Dexie's liveQuery runs only where it sees a global indexedDB (Node has none); each test
// database still uses its own factory, this only tells liveQuery that IndexedDB exists.
Dexie.dependencies.indexedDB ??= new IDBFactory();

/** A page whose visibility the test sets; it counts its listeners. */
export function fakePage() {
  const listeners = new Set<() => void>();
  return {
    visibilityState: 'visible' as DocumentVisibilityState,
    listeners,
    addEventListener: (_type: 'visibilitychange', listener: () => void) => void listeners.add(listener),
    removeEventListener: (_type: 'visibilitychange', listener: () => void) => void listeners.delete(listener),
    /** Changes the visibility and fires `visibilitychange`. */
    show(state: DocumentVisibilityState) {
      this.visibilityState = state;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** A worker that keeps what it is sent and never answers. */
export class FakeWorker extends EventTarget {
  readonly posted: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A stand-in for workbox-window's Workbox. */
export function fakeServiceWorker() {
  return {
    addEventListener: vi.fn(),
    register: vi.fn(async () => undefined),
    update: vi.fn(async () => undefined),
    messageSkipWaiting: vi.fn(),
  } satisfies ServiceWorkerHost;
}

/** A platform with fakes, and handles on them for the test. */
export function fakePlatform(options: { conversation?: string | null; serviceWorker?: boolean } = {}) {
  const page = fakePage();
  const factory = new IDBFactory();
  const db = freshDatabase(factory);
  const workers: FakeWorker[] = [];
  const serviceWorker = options.serviceWorker === false ? null : fakeServiceWorker();
  const storage = { persisted: vi.fn(async () => false), persist: vi.fn(async () => true) };
  const clock = { now: 1_000_000 };
  const platform: Platform = {
    origin: 'http://app.test',
    page,
    locks: createTestLocks(),
    storage,
    currentConversation: () => options.conversation ?? null,
    openDatabase: () => db,
    createAnalysisWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    createSandbox: () => {
      throw new Error('no sandbox in these tests');
    },
    createServiceWorker: () => serviceWorker,
    reload: vi.fn(),
    now: () => clock.now,
  };
  return { platform, page, db, factory, workers, serviceWorker, storage, clock };
}
