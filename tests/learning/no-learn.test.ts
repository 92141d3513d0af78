/**
 * "Don't learn from this" against the fake Ollama over HTTP and a real
 * database: a conversation with the switch on gives no signals, memories,
 * patterns, answer records, training pairs or retrieval logs, and is never
 * context for a related question in another chat; the same conversation with
 * the switch off is. Switching it on later can forget what was learned.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendMessage } from '@/lib/chat/actions';
import type { ChatDeps, ModelFacts } from '@/lib/chat/turn';
import { createRetriever } from '@/lib/retrieval/retriever';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { PAST_SECTION_HEADING } from '@/lib/retrieval/past';
import type { CodelumiDB } from '@/lib/db/db';
import type { NewAppEvent } from '@/lib/core/records';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { recordEvent } from '@/lib/db/events';
import { createConversation, setConversationLearning } from '@/lib/db/conversations';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { forgetLearnedFrom, learnedFrom } from '@/lib/learning/forget';
import { selectPreferencePairs } from '@/lib/training/pairs';
import { selectSftExamples } from '@/lib/training/sft';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { chatContext, modelFactsFrom } from '../support/chat';
import { dumpDatabase } from '../support/dump';

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
    { match: { lastUser: 'eslint' }, reply: { content: 'Run this:\n\n```bash\nnpm install eslint --save\n```' } },
  ]);
  db = freshDatabase();
});
afterEach(() => db.close());

/** A context that records events and retrieves as the app does through the worker (lexical only). */
function learningCtx(): { ctx: ChatDeps; settled: () => Promise<unknown> } {
  const writes: Promise<unknown>[] = [];
  const retriever = createRetriever(db, {
    store: new EmbeddingStore(db, { model: async () => undefined, embed: async () => [] }),
  });
  const ctx = chatContext(
    db,
    fake.url,
    facts,
    {},
    {
      report: (e: NewAppEvent) => void writes.push(recordEvent(db, e)),
      retrieve: (input) => retriever.retrieve(input),
    },
  );
  return { ctx, settled: () => Promise.all(writes) };
}

/**
 * One conversation the engine has every reason to learn from: a stated
 * preference, a correction of the first answer, a thank-you for the second.
 */
async function teachingConversation(ctx: ChatDeps, learn: boolean): Promise<string> {
  const conversation = await createConversation(db, {}, Date.now());
  if (!learn) await setConversationLearning(db, conversation.id, false);
  const first = await sendMessage(ctx, {
    conversationId: conversation.id,
    parentId: null,
    text: 'I prefer short answers. How do I install eslint as a dev dependency with npm?',
    draftKey: conversation.id,
  });
  await first.done;
  const fix = await sendMessage(ctx, {
    conversationId: conversation.id,
    parentId: first.answerId,
    text: 'use `npm i -D eslint` instead, --save adds it to dependencies',
    draftKey: conversation.id,
  });
  await fix.done;
  await (
    await sendMessage(ctx, {
      conversationId: conversation.id,
      parentId: fix.answerId,
      text: 'thanks, that worked perfectly',
      draftKey: conversation.id,
    })
  ).done;
  return conversation.id;
}

/** Asks a related question in a new chat; returns the system message the model received. */
async function relatedQuestion(ctx: ChatDeps): Promise<string> {
  await (
    await sendMessage(ctx, {
      parentId: null,
      text: 'How do I install eslint as a dev dependency with npm in a new repo?',
      draftKey: NEW_CHAT_DRAFT,
    })
  ).done;
  return fake.chatRequests().at(-1)!.messages[0].content;
}

async function learnedCounts(id: string) {
  return {
    ...(await learnedFrom(db, id)),
    patterns: (await db.patterns.toArray()).filter((p) => p.successes + p.failures > 0).length,
    allMemories: await db.memories.count(),
  };
}

describe("a conversation with Don't learn from this on", () => {
  it('leaves no signals, memories, patterns, answer records or training pairs, and is no one’s context', async () => {
    const { ctx, settled } = learningCtx();
    const id = await teachingConversation(ctx, false);
    await settled();
    const report = await createLearningEngine(db).processPending();
    // Its events were read past (the cursor moved), not learned from.
    expect(report.events).toBeGreaterThan(0);
    expect(await learnedCounts(id)).toEqual({
      signals: 0,
      answers: 0,
      memories: 0,
      trainingPairs: 0,
      patterns: 0,
      allMemories: 0,
    });
    // Its questions were not logged for the reranker either.
    const questions = await db.messages
      .where('conversationId')
      .equals(id)
      .filter((m) => m.role === 'user')
      .primaryKeys();
    expect(await db.retrievals.where('questionId').anyOf(questions).count()).toBe(0);

    const system = await relatedQuestion(ctx);
    expect(system).not.toContain(PAST_SECTION_HEADING);
    expect(system).not.toContain('npm i -D eslint');
    expect(system).not.toContain('Prefers short answers');
  });

  it('is learned from and offered as context when the switch is off (the same conversation)', async () => {
    const { ctx, settled } = learningCtx();
    const id = await teachingConversation(ctx, true);
    await settled();
    await createLearningEngine(db).processPending();
    const counts = await learnedCounts(id);
    expect(counts.signals).toBeGreaterThan(0);
    expect(counts.answers).toBeGreaterThan(0);
    expect(counts.memories).toBeGreaterThan(0);
    expect(counts.trainingPairs).toBeGreaterThan(0);

    const system = await relatedQuestion(ctx);
    expect(system).toContain(PAST_SECTION_HEADING);
    expect(system).toContain('npm i -D eslint');
  });

  it('switched on later, forgets what was learned on request while the conversation stays whole', async () => {
    const { ctx, settled } = learningCtx();
    const id = await teachingConversation(ctx, true);
    await settled();
    await createLearningEngine(db).processPending();
    const messagesBefore = await db.messages.where('conversationId').equals(id).toArray();
    const everything = { minConfidence: 0, anonymize: false, systemPrompt: 'used' } as const;
    expect((await selectPreferencePairs(db, everything)).map((p) => p.source)).toContain('correction');

    await setConversationLearning(db, id, false);
    // Kept rows (the user chose to keep them) stay out of the training export.
    expect(await selectPreferencePairs(db, everything)).toEqual([]);
    expect(await selectSftExamples(db, everything)).toEqual([]);
    expect(await forgetLearnedFrom(db, id)).toBe(0);

    expect(await learnedCounts(id)).toEqual({
      signals: 0,
      answers: 0,
      memories: 0,
      trainingPairs: 0,
      patterns: 0,
      allMemories: 0,
    });
    expect(await db.events.where('conversationId').equals(id).count()).toBe(0);
    expect(await db.conversations.get(id)).toMatchObject({ id, noLearn: true });
    expect(await db.messages.where('conversationId').equals(id).toArray()).toEqual(messagesBefore);
    expect(await dumpDatabase(db)).not.toContain('Use `npm i -D eslint`');
  });

  it('is learned from again, from the next message on, when switched back off', async () => {
    const { ctx, settled } = learningCtx();
    const id = await teachingConversation(ctx, false);
    await settled();
    await createLearningEngine(db).processPending();
    await setConversationLearning(db, id, true);
    const leaf = (await db.conversations.get(id))!.leafId!;
    await (
      await sendMessage(ctx, { conversationId: id, parentId: leaf, text: 'I prefer tabs over spaces.', draftKey: id })
    ).done;
    await settled();
    await createLearningEngine(db).processPending();
    expect((await db.memories.toArray()).map((m) => m.text)).toEqual(['Prefers tabs over spaces']);
  });
});
