/**
 * A learning pass that read a conversation, then waited (on Ollama's
 * embeddings, on a question's retrieval), writes nothing about it when the
 * conversation was deleted, forgotten or kept out of learning meanwhile: each
 * write checks the conversation inside its own transaction
 * (`learnableNow`, lib/db/conversations.ts). Real engine, real database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { addUserMessage } from '@/lib/db/messages';
import { createLearningEngine, type EngineOptions } from '@/lib/learning/engine/engine';
import { forgetConversations } from '@/lib/learning/forget';
import { rememberStatedNow } from '@/lib/memory/learned';
import { freshDatabase } from '../../support/db';
import { dumpDatabase } from '../../support/dump';
import { deferred } from '../../support/deferred';
import { ANSWER, exchange, QUESTION, SEC, userSays } from './seed';

/** A follow-up the engine learns much from: a correction (memory, training pair, signals) and a stated preference. */
const FOLLOW_UP = 'No, that is wrong: use reversed(nums) instead. I prefer short answers with okapi names.';

let db: CodelumiDB;
let T: number;
beforeEach(() => {
  db = freshDatabase();
  T = Date.now();
});
afterEach(() => db.close());

/** What learning wrote, table by table. */
async function learned() {
  return {
    signals: await db.signals.count(),
    answers: await db.answers.count(),
    memories: await db.memories.count(),
    trainingPairs: await db.trainingPairs.count(),
    patterns: (await db.patterns.toArray()).filter((p) => p.successes + p.failures > 0).length,
  };
}
const NOTHING = { signals: 0, answers: 0, memories: 0, trainingPairs: 0, patterns: 0 };

/**
 * A conversation the engine would learn from, and a pass over it held where
 * `hold` says until the test's `meanwhile` ran. Returns the pass's report.
 */
async function passInterruptedBy(
  hold: 'embedding' | 'retrieval',
  meanwhile: (conversationId: string) => Promise<void>,
) {
  const { conversation, answer } = await exchange(db, QUESTION, ANSWER, T);
  await userSays(db, conversation, answer.id, FOLLOW_UP, T + 20 * SEC);
  const waiting = deferred();
  const release = deferred();
  const options: EngineOptions = { now: () => T + 30 * SEC };
  if (hold === 'embedding')
    // Ollama's embedding of the follow-up, asked before the write.
    options.similarity = async () => {
      waiting.resolve();
      await release.promise;
      return 0.1;
    };
  else {
    // A question's retrieval in flight when the batch is about to write (the second wait of the batch).
    let calls = 0;
    options.yieldTo = async () => {
      if (++calls !== 2) return;
      waiting.resolve();
      await release.promise;
    };
  }
  const pass = createLearningEngine(db, options).processPending();
  await waiting.promise;
  await meanwhile(conversation.id);
  release.resolve();
  return pass;
}

describe('a learning pass that waited', () => {
  it('learns from the conversation when nothing happened meanwhile (the baseline)', async () => {
    await passInterruptedBy('embedding', async () => undefined);
    const rows = await learned();
    expect(rows.signals).toBeGreaterThan(0);
    expect(rows.answers).toBeGreaterThan(0);
    expect(rows.memories).toBeGreaterThan(0);
    expect(rows.trainingPairs).toBeGreaterThan(0);
  });

  it('writes nothing for a conversation forgotten while it waited', async () => {
    const report = await passInterruptedBy('retrieval', async (id) => {
      await deleteConversation(db, id, T + 21 * SEC);
      expect((await forgetConversations(db, [id], T + 60 * SEC)).conversations).toEqual([id]);
    });
    expect(report.events).toBeGreaterThan(0);
    expect(await learned()).toEqual(NOTHING);
    const dump = await dumpDatabase(db);
    expect(dump).not.toContain('okapi');
    expect(dump).not.toContain('reversed(nums)');
  });

  it('writes nothing for a conversation deleted (in the bin) while it waited on Ollama', async () => {
    await passInterruptedBy('embedding', (id) => deleteConversation(db, id, T + 21 * SEC));
    expect(await learned()).toEqual(NOTHING);
  });

  it('writes nothing for a conversation switched to "Don’t learn from this" while it waited on Ollama', async () => {
    await passInterruptedBy('embedding', (id) => setConversationLearning(db, id, false));
    expect(await learned()).toEqual(NOTHING);
  });
});

describe('rememberStatedNow', () => {
  it('stores nothing for a conversation deleted or kept out of learning before it writes', async () => {
    const binned = await exchange(db, QUESTION, ANSWER, T);
    const message = await addUserMessage(db, binned.conversation.id, binned.answer.id, FOLLOW_UP, T + 5 * SEC);
    await deleteConversation(db, binned.conversation.id, T + 6 * SEC);
    await rememberStatedNow(db, message);

    const kept = await exchange(db, QUESTION, ANSWER, T + 60 * SEC);
    const other = await addUserMessage(db, kept.conversation.id, kept.answer.id, FOLLOW_UP, T + 65 * SEC);
    await setConversationLearning(db, kept.conversation.id, false);
    await rememberStatedNow(db, other);
    expect(await db.memories.count()).toBe(0);

    // The same message in a conversation learning may use is remembered.
    await setConversationLearning(db, kept.conversation.id, true);
    await rememberStatedNow(db, other);
    expect(await db.memories.count()).toBe(1);
  });
});
