/**
 * The past-questions index reads every question since its last pass in
 * bounded requests, so other reads run in between; paging must neither skip
 * nor repeat a question, even when many share one `updatedAt`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { questionsSince } from '@/lib/retrieval/question-pages';
import type { Message } from '@/lib/core/records';
import type { CodelumiDB } from '@/lib/db/db';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
afterEach(() => db?.close());

function message(id: string, role: 'user' | 'assistant', updatedAt: number): Message {
  return {
    id,
    conversationId: 'c1',
    parentId: null,
    role,
    content: `text of ${id}`,
    status: 'complete',
    createdAt: updatedAt,
    updatedAt,
  } as Message;
}

describe('questionsSince', () => {
  it('reads every question once across pages, ties on one time included, and no answers', async () => {
    db = freshDatabase();
    // Times with many ties, so page boundaries fall inside a run of equal times.
    const times = [1, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 5, 6, 6, 6, 7];
    await db.messages.bulkAdd([
      ...times.map((t, i) => message(`q${String(i).padStart(2, '0')}`, 'user', t)),
      message('a1', 'assistant', 3),
    ]);
    let pauses = 0;
    const read = await questionsSince(db, -Infinity, async () => void pauses++, 3);
    expect(read.map((m) => m.id).sort()).toEqual(times.map((_, i) => `q${String(i).padStart(2, '0')}`));
    expect(pauses).toBeGreaterThanOrEqual(5);

    const later = await questionsSince(db, 5, async () => undefined, 2);
    expect(later.map((m) => m.id).sort()).toEqual(['q12', 'q13', 'q14', 'q15']);
  });

  it('lets another read run between its requests', async () => {
    db = freshDatabase();
    await db.messages.bulkAdd(Array.from({ length: 10 }, (_, i) => message(`q${i}`, 'user', i + 1)));
    const order: string[] = [];
    await questionsSince(
      db,
      -Infinity,
      async () => {
        order.push('pause');
        // A question's read, started between two pages, finishes before the next page is asked for.
        await db.messages.get('q0');
        order.push('other read');
      },
      4,
    );
    expect(order.slice(0, 2)).toEqual(['pause', 'other read']);
  });
});
