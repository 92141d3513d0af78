/**
 * A Platform for the composition root under Node: a real database over
 * fake-indexeddb, real BroadcastChannels (Node's, named per fake browser), and
 * stand-ins for the page, the workers and the service worker that record what
 * was done to them. A second platform made `sameBrowserAs` the first plays
 * another tab: the same IndexedDB factory, database name, locks and channels.
 */
import { vi } from 'vitest';
import Dexie from 'dexie';
import type { Platform } from '@/lib/services/platform';
import type { ServiceWorkerHost } from '@/lib/pwa/update-controller';
import { createDatabase } from '@/lib/db/db';
import { freshDatabase, IDBFactory, IDBKeyRange } from '../support/db';
import { createTestLocks } from '../support/locks';

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

/** What tabs of one fake browser share. */
interface FakeBrowser {
  factory: IDBFactory;
  dbName: string;
  locks: LockManager;
  /** Prefixes channel names, so tabs of other fake browsers (other tests) never hear them. */
  channelPrefix: string;
}

/** A platform with fakes, and handles on them for the test. */
export function fakePlatform(
  options: { conversation?: string | null; serviceWorker?: boolean; sameBrowserAs?: { browser: FakeBrowser } } = {},
) {
  const page = fakePage();
  const shared = options.sameBrowserAs?.browser;
  const factory = shared?.factory ?? new IDBFactory();
  const db = shared ? createDatabase({ name: shared.dbName, indexedDB: factory, IDBKeyRange }) : freshDatabase(factory);
  const browser: FakeBrowser = shared ?? {
    factory,
    dbName: db.name,
    locks: createTestLocks(),
    channelPrefix: crypto.randomUUID(),
  };
  const workers: FakeWorker[] = [];
  const serviceWorker = options.serviceWorker === false ? null : fakeServiceWorker();
  const storage = { persisted: vi.fn(async () => false), persist: vi.fn(async () => true) };
  const clock = { now: 1_000_000 };
  const platform: Platform = {
    origin: 'http://app.test',
    page,
    locks: browser.locks,
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
    openChannel: (name) => new BroadcastChannel(`${browser.channelPrefix}:${name}`),
    reload: vi.fn(),
    now: () => clock.now,
  };
  return { platform, page, db, factory, workers, serviceWorker, storage, clock, browser };
}
