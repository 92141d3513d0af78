/** Pruning what only grows (lib/learning/prune.ts) on a real database: the caps hold, and nothing learning still needs goes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { AppEvent } from '@/lib/core/records';
import { CURSOR_KEY } from '@/lib/learning/engine/engine';
import { EVENT_KEEP_DAYS, MAX_RETRIEVALS, pruneGrowth } from '@/lib/learning/prune';
import { freshDatabase } from '../support/db';
import { message } from '../support/records';

const DAY = 86_400_000;
const NOW = 1_000 * DAY;

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const event = (at: number): Omit<AppEvent, 'seq'> =>
  ({ kind: 'copy', conversationId: 'c1', messageId: 'a1', at }) as Omit<AppEvent, 'seq'>;

describe('pruneGrowth', () => {
  it('removes read events older than the dwell window, and never an unread one, however old', async () => {
    const old = NOW - (EVENT_KEEP_DAYS + 1) * DAY;
    const recent = NOW - DAY;
    // seq 1-3 old and read, 4 recent and read, 5-6 old but unread.
    for (const at of [old, old, old, recent, old, old]) await db.events.add(event(at) as AppEvent);
    await db.meta.put({ key: CURSOR_KEY, value: 4 });

    const pruned = await pruneGrowth(db, NOW);

    expect(pruned.events).toBe(3);
    expect(await db.events.toCollection().primaryKeys()).toEqual([4, 5, 6]);
  });

  it('keeps the newest retrieval logs up to the cap, and none whose question is gone', async () => {
    await db.messages.bulkPut([message({ id: 'q-live', role: 'user' })]);
    const logs = Array.from({ length: MAX_RETRIEVALS + 30 }, (_, i) => ({
      id: `r${i}`,
      questionId: 'q-live',
      createdAt: i,
      candidates: [],
    }));
    await db.retrievals.bulkPut([...logs, { id: 'r-gone', questionId: 'q-gone', createdAt: 1e9, candidates: [] }]);

    const pruned = await pruneGrowth(db, NOW);

    expect(pruned.retrievals).toBe(31);
    expect(await db.retrievals.count()).toBe(MAX_RETRIEVALS);
    expect(await db.retrievals.get('r-gone')).toBeUndefined();
    expect(await db.retrievals.get('r29')).toBeUndefined();
    expect(await db.retrievals.get('r30')).toBeDefined();
  });

  it('removes the embeddings of questions that no longer exist', async () => {
    await db.messages.put(message({ id: 'q-live', role: 'user' }));
    const row = (key: string) => ({
      id: `m|${key}`,
      model: 'm',
      itemKey: key,
      textHash: 'h',
      vector: new Float32Array([1]),
      updatedAt: 1,
    });
    await db.embeddings.bulkPut([row('q:q-live'), row('q:q-gone')]);

    expect((await pruneGrowth(db, NOW)).embeddings).toBe(1);
    expect((await db.embeddings.toArray()).map((e) => e.itemKey)).toEqual(['q:q-live']);
  });
});
