/** The Memory page's repository (lib/memory/memories.ts) on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUserMemory, deleteMemory, editMemory, restoreMemory, setMemoryEnabled } from '@/lib/memory/memories';
import { rememberCorrection, upsertMemory } from '@/lib/memory/learned';
import { selectLearnedContext } from '@/lib/memory/learned-context';
import type { CodelumiDB } from '@/lib/db/db';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

/** Conversations with these ids (memories and pairs learned from them name them). */
async function chats(...ids: string[]) {
  for (const id of ids)
    await db.conversations.put({
      id,
      title: id,
      titleSource: 'user',
      pinned: 0,
      createdAt: 1,
      updatedAt: 1,
      messageCount: 0,
    });
}

describe('addUserMemory', () => {
  it("stores the user's own memory, enabled, fully trusted, with tidy text", async () => {
    const m = await addUserMemory(db, 'preference', '  Prefer   short\n answers ', 1234);
    expect(await db.memories.get(m.id)).toEqual({
      id: m.id,
      kind: 'preference',
      text: 'Prefer short answers',
      source: 'user',
      confidence: 1,
      enabled: 1,
      hits: 1,
      createdAt: 1234,
      updatedAt: 1234,
    });
  });

  it('refuses an empty memory', async () => {
    await expect(addUserMemory(db, 'fact', '   ')).rejects.toThrow('A memory needs some text.');
    expect(await db.memories.count()).toBe(0);
  });
});

describe('editMemory', () => {
  it("makes an engine's memory the user's own", async () => {
    const m = await upsertMemory(
      db,
      { kind: 'preference', text: 'Prefers short answers', source: 'explicit', confidence: 0.9 },
      1,
    );
    await editMemory(db, m.id, 'Prefers answers under 100 words', 50);
    expect(await db.memories.get(m.id)).toMatchObject({
      text: 'Prefers answers under 100 words',
      source: 'user',
      updatedAt: 50,
      enabled: 1,
    });
  });

  it('ignores an edit to nothing', async () => {
    const m = await addUserMemory(db, 'fact', 'Works on macOS', 1);
    await editMemory(db, m.id, '  ', 50);
    expect(await db.memories.get(m.id)).toMatchObject({ text: 'Works on macOS', updatedAt: 1 });
  });
});

describe('setMemoryEnabled', () => {
  it('switches a memory off and on; off keeps it but leaves it out of prompts', async () => {
    const m = await addUserMemory(db, 'preference', 'Prefers short answers', 1);
    await setMemoryEnabled(db, m.id, false, 2);
    expect(await db.memories.get(m.id)).toMatchObject({ enabled: 0, updatedAt: 2 });
    expect(selectLearnedContext('hello', '', await db.memories.toArray(), []).preferences).toEqual([]);
    await setMemoryEnabled(db, m.id, true, 3);
    expect(selectLearnedContext('hello', '', await db.memories.toArray(), []).preferences).toEqual([
      { id: m.id, text: 'Prefers short answers' },
    ]);
  });
});

describe('deleteMemory and restoreMemory', () => {
  it('deletes a memory and puts it back exactly as it was', async () => {
    const m = await upsertMemory(
      db,
      {
        kind: 'correction',
        text: 'When asked about “x”: y',
        source: 'explicit',
        confidence: 0.95,
        topic: 'node',
        evidence: 'You corrected it',
      },
      1,
    );
    const before = await db.memories.get(m.id);
    const deleted = await deleteMemory(db, m.id);
    expect(deleted).toEqual({ memory: before, pairs: [] });
    expect(await db.memories.get(m.id)).toBeUndefined();
    await restoreMemory(db, deleted!);
    expect(await db.memories.get(m.id)).toEqual(before);
  });

  it("removes a correction memory's training pair with it, leaves other pairs, and undo brings both back", async () => {
    const answer = (id: string, conversationId: string) =>
      ({
        id,
        conversationId,
        parentId: 'q',
        role: 'assistant',
        content: 'Use npm.',
        status: 'complete',
        createdAt: 1,
        updatedAt: 1,
      }) as const;
    const input = (question: string, correction: string, id: string) => ({
      question,
      rejected: 'Use npm.',
      correction,
      answer: answer(id, `c-${id}`),
    });
    await chats('c-a1', 'c-a2');
    const mine = await rememberCorrection(db, input('How do I install deps?', 'No, we use pnpm here', 'a1'), 1);
    await rememberCorrection(db, input('How do I run the tests?', 'Actually run vitest', 'a2'), 2);
    const [kept] = (await db.trainingPairs.toArray()).filter((p) => p.messageId === 'a2');

    const deleted = await deleteMemory(db, mine.id);
    expect(deleted!.pairs.map((p) => p.messageId)).toEqual(['a1']);
    expect(await db.trainingPairs.toArray()).toEqual([kept]);

    await restoreMemory(db, deleted!);
    expect((await db.trainingPairs.toArray()).map((p) => p.messageId).sort()).toEqual(['a1', 'a2']);
    expect(await db.memories.get(mine.id)).toEqual(deleted!.memory);
  });

  it('an undo after its conversation was forgotten brings back nothing of that conversation', async () => {
    await chats('c1', 'c2');
    const said = (conversationId: string, messageId: string, text: string, at: number) =>
      upsertMemory(
        db,
        {
          kind: 'preference',
          text,
          source: 'explicit',
          confidence: 0.9,
          evidence: `You said: “${text}”`,
          conversationId,
          messageId,
        },
        at,
      );
    await said('c1', 'm1', 'Prefers short answers', 1);
    const both = await said('c2', 'm2', 'Prefers the short answers', 2);
    const deleted = await deleteMemory(db, both.id);
    // The second conversation is forgotten while the undo is still offered.
    await db.conversations.delete('c2');
    expect(await restoreMemory(db, deleted!, 3)).toBe(true);
    const back = await db.memories.get(both.id);
    expect(back?.sources?.map((source) => source.conversationId)).toEqual(['c1']);
    expect(JSON.stringify(back)).not.toContain('the short answers');
    expect(back).toMatchObject({ text: 'Prefers short answers', conversationId: 'c1' });

    const only = await said('c3', 'm3', 'Likes tabs', 4);
    const gone = await deleteMemory(db, only.id);
    expect(await restoreMemory(db, gone!, 5)).toBe(false);
    expect(await db.memories.get(only.id)).toBeUndefined();
  });

  it('returns nothing for a memory that is not there', async () => {
    expect(await deleteMemory(db, 'missing')).toBeUndefined();
  });
});

describe('upsertMemory (the engine side of the same table)', () => {
  it('merges the same memory told in other words and casing, counting hits and keeping the higher confidence', async () => {
    const a = await upsertMemory(
      db,
      { kind: 'preference', text: 'Prefers short answers', source: 'explicit', confidence: 0.8 },
      1,
    );
    const b = await upsertMemory(
      db,
      { kind: 'preference', text: 'prefers short answers.', source: 'explicit', confidence: 0.9 },
      2,
    );
    expect(b.id).toBe(a.id);
    expect(await db.memories.toArray()).toMatchObject([
      { hits: 2, confidence: 0.9, text: 'prefers short answers.', updatedAt: 2 },
    ]);
    // A different kind is a different memory.
    await upsertMemory(db, { kind: 'fact', text: 'Prefers short answers', source: 'explicit', confidence: 0.9 }, 3);
    expect(await db.memories.count()).toBe(2);
  });
});
