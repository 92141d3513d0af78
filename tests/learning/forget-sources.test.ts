/**
 * Forgetting a conversation takes its share out of a memory that other
 * conversations also stated (lib/memory/sources.ts through
 * lib/learning/forget.ts): none of its words stay in the row, and the memory
 * goes only with its last source. Memories learned by the real engine from
 * events, on a real database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Memory } from '@/lib/core/records';
import { deleteConversation } from '@/lib/db/conversations';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { forgetConversations, forgetLearnedFrom, learnedFrom } from '@/lib/learning/forget';
import { editMemory } from '@/lib/memory/memories';
import { memoryKey } from '@/lib/memory/learned';
import { freshDatabase } from '../support/db';
import { dumpDatabase } from '../support/dump';
import { exchange, SEC, userSays } from './engine/seed';

/** The second chat's own words: none may stay once it is forgotten. */
const SECOND = 'Pangolin aside, I prefer the short answers.';
const SECOND_TEXT = 'Prefers the short answers';
const FIRST = 'I prefer short answers.';
const FIRST_TEXT = 'Prefers short answers';

let db: CodelumiDB;
let T: number;
beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
});
afterEach(() => db.close());

/** Two chats that state the same preference in their own words, learned by the engine; the second is newer. */
async function twoChats() {
  const first = await exchange(db, 'How do I reverse a list in Python?', 'Use `nums[::-1]`.', T);
  const firstSaid = await userSays(db, first.conversation, first.answer.id, FIRST, T + 5 * SEC);
  const second = await exchange(db, 'How do I sort a dict by value?', 'Use `sorted(d.items(), key=…)`.', T + 60 * SEC);
  const secondSaid = await userSays(db, second.conversation, second.answer.id, SECOND, T + 65 * SEC);
  await createLearningEngine(db, { now: () => T + 70 * SEC }).processPending();
  const memories = await db.memories.toArray();
  expect(memories).toHaveLength(1);
  // The newer chat's words, with both chats among its sources.
  expect(memories[0]).toMatchObject({ text: SECOND_TEXT, hits: 2, conversationId: second.conversation.id });
  return { first, firstSaid, second, secondSaid, memory: memories[0] };
}

/** Every stored row as text, and the memories. */
async function stored(): Promise<{ dump: string; memories: Memory[] }> {
  return { dump: await dumpDatabase(db), memories: await db.memories.toArray() };
}

describe('a memory two conversations stated', () => {
  it('keeps the first one’s words when the second is forgotten, and goes when the first is too', async () => {
    const { first, firstSaid, second, secondSaid, memory } = await twoChats();

    await deleteConversation(db, second.conversation.id, T + 80 * SEC);
    expect((await forgetConversations(db, [second.conversation.id], T + 200 * SEC)).conversations).toEqual([
      second.conversation.id,
    ]);
    const after = await stored();
    for (const word of ['Pangolin', SECOND_TEXT, second.conversation.id, secondSaid.id])
      expect(after.dump).not.toContain(word);
    expect(after.memories).toHaveLength(1);
    expect(after.memories[0]).toMatchObject({
      id: memory.id,
      text: FIRST_TEXT,
      evidence: `You said: “${FIRST}”`,
      conversationId: first.conversation.id,
      messageId: firstSaid.id,
      hits: 1,
    });

    await deleteConversation(db, first.conversation.id, T + 300 * SEC);
    await forgetConversations(db, [first.conversation.id], T + 400 * SEC);
    expect(await db.memories.count()).toBe(0);
  });

  it('keeps the second one’s words when the first is forgotten', async () => {
    const { first, firstSaid, second } = await twoChats();
    await deleteConversation(db, first.conversation.id, T + 80 * SEC);
    await forgetConversations(db, [first.conversation.id], T + 200 * SEC);
    const after = await stored();
    for (const word of [first.conversation.id, firstSaid.id, FIRST]) expect(after.dump).not.toContain(word);
    expect(after.memories.map((m) => [m.text, m.evidence, m.conversationId])).toEqual([
      [SECOND_TEXT, `You said: “${SECOND}”`, second.conversation.id],
    ]);
  });

  it('is counted for both and loses only the right share with "Don’t learn from this" (forgetLearnedFrom)', async () => {
    const { first, second, memory } = await twoChats();
    expect((await learnedFrom(db, first.conversation.id)).memories).toBe(1);
    expect((await learnedFrom(db, second.conversation.id)).memories).toBe(1);

    await forgetLearnedFrom(db, second.conversation.id, T + 200 * SEC);
    expect((await learnedFrom(db, second.conversation.id)).memories).toBe(0);
    expect((await learnedFrom(db, first.conversation.id)).memories).toBe(1);
    // The conversation stays, so its message still holds the words; no memory does.
    const memories = await db.memories.toArray();
    expect(JSON.stringify(memories)).not.toContain('Pangolin');
    expect(JSON.stringify(memories)).not.toContain(SECOND_TEXT);
    expect(JSON.stringify(memories)).not.toContain(second.conversation.id);
    expect(memories).toMatchObject([{ id: memory.id, text: FIRST_TEXT, evidence: `You said: “${FIRST}”` }]);

    await forgetLearnedFrom(db, first.conversation.id, T + 300 * SEC);
    expect(await db.memories.count()).toBe(0);
  });

  it('edited by the user, stays linked to the chat still supporting it, and unlinked when none is left', async () => {
    const { first, second, memory } = await twoChats();
    await editMemory(db, memory.id, 'Keep answers short', T + 75 * SEC);

    await deleteConversation(db, second.conversation.id, T + 80 * SEC);
    expect((await forgetConversations(db, [second.conversation.id], T + 200 * SEC)).keptMemories).toBe(1);
    expect(JSON.stringify(await db.memories.toArray())).not.toContain('Pangolin');
    expect(await db.memories.get(memory.id)).toMatchObject({
      text: 'Keep answers short',
      source: 'user',
      conversationId: first.conversation.id,
      evidence: `You said: “${FIRST}”`,
    });

    await deleteConversation(db, first.conversation.id, T + 300 * SEC);
    await forgetConversations(db, [first.conversation.id], T + 400 * SEC);
    const kept = (await db.memories.get(memory.id))!;
    expect(kept).toMatchObject({ text: 'Keep answers short', key: memoryKey('preference', 'Keep answers short') });
    expect([kept.conversationId, kept.messageId, kept.evidence, kept.sources]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('a memory stored before memories kept their sources', () => {
  /** A row as the app wrote it then: the first message's link, the latest message's words. */
  async function oldRow(over: Partial<Memory>): Promise<Memory> {
    const row: Memory = {
      id: 'old',
      kind: 'preference',
      text: FIRST_TEXT,
      source: 'explicit',
      confidence: 0.9,
      enabled: 1,
      evidence: `You said: “${FIRST}”`,
      key: memoryKey('preference', FIRST_TEXT),
      hits: 1,
      createdAt: T,
      updatedAt: T,
      ...over,
    };
    await db.memories.put(row);
    return row;
  }

  it('reads as one source: it goes with the conversation it is linked to, and stays for another', async () => {
    const first = await exchange(db, 'How do I reverse a list?', 'Use `nums[::-1]`.', T);
    const said = await userSays(db, first.conversation, first.answer.id, FIRST, T + 5 * SEC);
    const other = await exchange(db, 'How do I sort?', 'Use `sorted`.', T + 60 * SEC);
    await oldRow({ conversationId: first.conversation.id, messageId: said.id });

    expect((await learnedFrom(db, first.conversation.id)).memories).toBe(1);
    expect((await learnedFrom(db, other.conversation.id)).memories).toBe(0);
    await deleteConversation(db, other.conversation.id, T + 80 * SEC);
    await forgetConversations(db, [other.conversation.id], T + 200 * SEC);
    expect(await db.memories.count()).toBe(1);
    await deleteConversation(db, first.conversation.id, T + 300 * SEC);
    await forgetConversations(db, [first.conversation.id], T + 400 * SEC);
    expect(await db.memories.count()).toBe(0);
  });

  it('confirmed more than once, goes with the conversation whose words it holds, though linked to another', async () => {
    const first = await exchange(db, 'How do I reverse a list?', 'Use `nums[::-1]`.', T);
    const firstSaid = await userSays(db, first.conversation, first.answer.id, FIRST, T + 5 * SEC);
    const second = await exchange(db, 'How do I sort?', 'Use `sorted`.', T + 60 * SEC);
    await userSays(db, second.conversation, second.answer.id, SECOND, T + 65 * SEC);
    await oldRow({
      conversationId: first.conversation.id,
      messageId: firstSaid.id,
      text: SECOND_TEXT,
      evidence: `You said: “${SECOND}”`,
      hits: 2,
    });

    expect((await learnedFrom(db, second.conversation.id)).memories).toBe(1);
    await deleteConversation(db, second.conversation.id, T + 80 * SEC);
    await forgetConversations(db, [second.conversation.id], T + 200 * SEC);
    expect(await dumpDatabase(db)).not.toContain('Pangolin');
    expect(await db.memories.count()).toBe(0);
  });

  it('confirmed again by a new message, keeps both as sources', async () => {
    const first = await exchange(db, 'How do I reverse a list?', 'Use `nums[::-1]`.', T);
    const firstSaid = await userSays(db, first.conversation, first.answer.id, FIRST, T + 5 * SEC);
    await oldRow({ conversationId: first.conversation.id, messageId: firstSaid.id });
    // The engine's cursor starts at 0: it reads the first chat's events too, but its message is already a source.
    const second = await exchange(db, 'How do I sort?', 'Use `sorted`.', T + 60 * SEC);
    await userSays(db, second.conversation, second.answer.id, SECOND, T + 65 * SEC);
    await createLearningEngine(db, { now: () => T + 70 * SEC }).processPending();
    expect(await db.memories.get('old')).toMatchObject({ text: SECOND_TEXT, hits: 2 });

    await deleteConversation(db, second.conversation.id, T + 80 * SEC);
    await forgetConversations(db, [second.conversation.id], T + 200 * SEC);
    expect(await db.memories.get('old')).toMatchObject({
      text: FIRST_TEXT,
      evidence: `You said: “${FIRST}”`,
      hits: 1,
    });
  });
});
