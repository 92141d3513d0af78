/**
 * What the learning engine learned from a real chat (the fake Ollama over
 * HTTP, a real database) reaches the export, and leaves every later export
 * when the user deletes the correction's memory or forgets the conversation.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendMessage } from '@/lib/chat/actions';
import type { ChatDeps, ModelFacts } from '@/lib/chat/turn';
import type { CodelumiDB } from '@/lib/db/db';
import type { NewAppEvent } from '@/lib/core/records';
import { recordEvent } from '@/lib/db/events';
import { createConversation, deleteConversation } from '@/lib/db/conversations';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { forgetConversations, UNDO_WINDOW_MS } from '@/lib/learning/forget';
import { deleteMemory } from '@/lib/memory/memories';
import { selectSftExamples } from '@/lib/training/sft';
import { selectPreferencePairs } from '@/lib/training/pairs';
import { buildTrainingExport } from '@/lib/training/export';
import { strFromU8, unzipSync } from 'fflate';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { chatContext, modelFactsFrom } from '../support/chat';
import { OPEN } from './seed';

let fake: FakeOllama;
let facts: Map<string, ModelFacts>;
let db: CodelumiDB;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
  facts = await modelFactsFrom(fake.url);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.script([
    {
      match: { lastUser: 'eslint as a dev' },
      reply: { content: 'Run this:\n\n```bash\nnpm install eslint --save\n```' },
    },
    { match: { lastUser: 'instead' }, reply: { content: 'Right:\n\n```bash\nnpm i -D eslint\n```' } },
  ]);
  db = freshDatabase();
});
afterEach(() => db.close());

/** A chat with a correction of the first answer and a thank-you for the second; returns its id once learned from. */
async function learnedChat(): Promise<string> {
  const writes: Promise<unknown>[] = [];
  const ctx: ChatDeps = chatContext(
    db,
    fake.url,
    facts,
    {},
    {
      report: (e: NewAppEvent) => void writes.push(recordEvent(db, e)),
    },
  );
  const conversation = await createConversation(db, {}, Date.now());
  const send = async (parentId: string | null, text: string) => {
    const turn = await sendMessage(ctx, { conversationId: conversation.id, parentId, text, draftKey: conversation.id });
    await turn.done;
    return turn.answerId;
  };
  const first = await send(null, 'How do I install eslint as a dev dependency with npm?');
  const fix = await send(first, 'use `npm i -D eslint` instead, --save adds it to dependencies');
  await send(fix, 'thanks, that worked perfectly');
  await Promise.all(writes);
  await createLearningEngine(db).processPending();
  return conversation.id;
}

async function exported(): Promise<{ sft: string; preferences: string }> {
  const files = unzipSync((await buildTrainingExport(db, { filters: OPEN, format: 'openai' })).bytes);
  return { sft: strFromU8(files['sft.jsonl']), preferences: strFromU8(files['preferences.jsonl']) };
}

describe('the training export after deletion', () => {
  it('loses a correction pair when its memory is deleted', async () => {
    const id = await learnedChat();
    const examples = await selectSftExamples(db, OPEN);
    expect(examples.map((e) => e.answer)).toEqual([expect.stringContaining('npm i -D eslint')]);
    expect(examples[0].evidence).toContain('thanks');
    const pairs = await selectPreferencePairs(db, OPEN);
    expect(pairs.map((p) => [p.source, p.conversationId])).toEqual([['correction', id]]);

    const memory = (await db.memories.where('kind').equals('correction').toArray())[0];
    expect(memory).toBeDefined();
    await deleteMemory(db, memory.id);

    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
    expect((await exported()).preferences).toBe('');
    // The answer that went well is not the memory's: it stays.
    expect(await selectSftExamples(db, OPEN)).toHaveLength(1);
  });

  it('loses everything of a conversation once it is deleted, and after it is forgotten', async () => {
    const id = await learnedChat();
    expect((await exported()).sft).toContain('npm i -D eslint');

    const at = Date.now();
    await deleteConversation(db, id, at);
    expect(await exported()).toEqual({ sft: '', preferences: '' });
    expect((await forgetConversations(db, [id], at + UNDO_WINDOW_MS, UNDO_WINDOW_MS)).conversations).toEqual([id]);
    expect(await selectSftExamples(db, OPEN)).toEqual([]);
    expect(await selectPreferencePairs(db, OPEN)).toEqual([]);
    expect(await exported()).toEqual({ sft: '', preferences: '' });
  });
});
