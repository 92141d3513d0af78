import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { recordEvent } from '@/lib/db/events';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('recordEvent', () => {
  it('appends copy events with the message they came from, in order, for the learning engine', async () => {
    const first = await recordEvent(db, {
      kind: 'copy',
      conversationId: 'c1',
      messageId: 'm1',
      at: 1_000,
      data: { what: 'code', blockIndex: 0 },
    });
    const second = await recordEvent(db, {
      kind: 'copy',
      conversationId: 'c1',
      messageId: 'm2',
      at: 2_000,
      data: { what: 'selection', chars: 42 },
    });
    expect(second).toBeGreaterThan(first);
    expect(await db.events.where('messageId').equals('m1').toArray()).toEqual([
      {
        seq: first,
        kind: 'copy',
        conversationId: 'c1',
        messageId: 'm1',
        at: 1_000,
        data: { what: 'code', blockIndex: 0 },
      },
    ]);
    expect(await db.events.where('kind').equals('copy').count()).toBe(2);
  });
});
