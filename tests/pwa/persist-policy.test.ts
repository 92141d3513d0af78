/** Asking for persistent storage once there is something worth keeping (lib/pwa/persist-policy.ts), on a real database. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie, { liveQuery } from 'dexie';
import type { CodelumiDB } from '@/lib/db/db';
import {
  PERSIST_AFTER_CONVERSATIONS,
  PERSIST_ASKED_KEY,
  persistOnceWorthKeeping,
  worthKeeping,
} from '@/lib/pwa/persist-policy';
import { IDBFactory, freshDatabase } from '../support/db';
import { conversation } from '../support/records';

// liveQuery runs only where Dexie sees a global indexedDB (each test database keeps its own factory).
Dexie.dependencies.indexedDB ??= new IDBFactory();

let db: CodelumiDB;
const stops: (() => void)[] = [];
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  db.close();
});

function storage(persisted = false) {
  return { persisted: vi.fn(async () => persisted), persist: vi.fn(async () => true) };
}

/**
 * Resolves once a watch of the same query, subscribed after the policy's, has seen the data as it is now: the
 * policy's own watch (notified first, by the same change) has decided by then.
 */
function policySawIt(): Promise<boolean> {
  return new Promise((resolve) => {
    const sub = liveQuery(() => worthKeeping(db)).subscribe((worth) => {
      resolve(worth);
      queueMicrotask(() => sub.unsubscribe());
    });
  });
}

async function conversations(from: number, to: number) {
  for (let i = from; i < to; i++) await db.conversations.put(conversation({ id: `c${i}` }));
}

describe('persistOnceWorthKeeping', () => {
  it('asks after the tenth conversation, not before, and only once', async () => {
    const s = storage();
    const asked = vi.fn();
    stops.push(persistOnceWorthKeeping(db, s, asked));
    await conversations(0, PERSIST_AFTER_CONVERSATIONS - 1);
    // The watch has seen the ninth: still nothing asked.
    expect(await policySawIt()).toBe(false);
    expect(s.persist).not.toHaveBeenCalled();

    await conversations(PERSIST_AFTER_CONVERSATIONS - 1, PERSIST_AFTER_CONVERSATIONS + 2);
    await vi.waitFor(() => expect(asked).toHaveBeenCalledWith('granted'));
    expect(s.persist).toHaveBeenCalledOnce();
    expect(await db.meta.get(PERSIST_ASKED_KEY)).toBeDefined();

    // A later session (a new watch) does not ask again, even though the browser still says no.
    const later = storage();
    const askedLater = vi.fn();
    stops.push(persistOnceWorthKeeping(db, later, askedLater));
    await vi.waitFor(() => expect(later.persisted).toHaveBeenCalled());
    // It read the asked-for mark (in the same step as the browser's answer) and stopped.
    await vi.waitFor(async () => expect(await policySawIt()).toBe(true));
    expect(later.persist).not.toHaveBeenCalled();
  });

  it('asks at the first memory', async () => {
    const s = storage();
    stops.push(persistOnceWorthKeeping(db, s));
    await db.memories.put({
      id: 'm1',
      kind: 'preference',
      text: 'Prefers short answers',
      source: 'explicit',
      confidence: 1,
      enabled: 1,
      createdAt: 1,
      updatedAt: 1,
    });
    await vi.waitFor(() => expect(s.persist).toHaveBeenCalledOnce());
  });

  it('does not ask when the browser already keeps the data', async () => {
    const s = storage(true);
    await conversations(0, PERSIST_AFTER_CONVERSATIONS);
    stops.push(persistOnceWorthKeeping(db, s));
    await vi.waitFor(() => expect(s.persisted).toHaveBeenCalled());
    expect(await policySawIt()).toBe(true);
    expect(s.persist).not.toHaveBeenCalled();
    expect(await db.meta.get(PERSIST_ASKED_KEY)).toBeUndefined();
  });
});
