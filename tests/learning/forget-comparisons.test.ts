/** Forgetting a conversation takes the model check's verdicts on its questions with it (lib/learning/forget.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { forgetConversations, forgetLearnedFrom } from '@/lib/learning/forget';
import { recordVerdict } from '@/lib/personal/compare/verdicts';
import { freshDatabase } from '../support/db';
import { converse } from '../personal/compare/history';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

/** Two conversations, each with a verdict of the check on its question. */
async function judgedTwice() {
  const [gone] = await converse(db, ['How do I undo the last git commit?'], 1_000);
  const [kept] = await converse(db, ['Explain Python decorators to me'], 2_000);
  for (const a of [gone!, kept!]) {
    await recordVerdict(db, {
      sessionId: 's',
      question: { id: a.questionId, conversationId: a.conversationId },
      baseline: 'qwen2.5-coder:7b',
      candidate: 'codelumi-ada:v1',
      shownFirst: 'candidate',
      choice: 'A',
    });
  }
  return { gone: gone!, kept: kept! };
}

const rowsOf = async () => (await db.modelComparisons.toArray()).map((r) => r.conversationId);

describe('forgetting and the model check', () => {
  it('a conversation forgotten for good takes its verdicts with it, and only its own', async () => {
    const { gone, kept } = await judgedTwice();
    await deleteConversation(db, gone.conversationId, 5_000);
    const forgotten = await forgetConversations(db, [gone.conversationId], 6_000);
    expect(forgotten.conversations).toEqual([gone.conversationId]);
    expect(await rowsOf()).toEqual([kept.conversationId]);
  });

  it('"Don’t learn from this" takes the conversation’s verdicts while the conversation stays', async () => {
    const { gone, kept } = await judgedTwice();
    await setConversationLearning(db, gone.conversationId, false, 5_000);
    await forgetLearnedFrom(db, gone.conversationId, 6_000);
    expect(await rowsOf()).toEqual([kept.conversationId]);
    expect(await db.conversations.get(gone.conversationId)).toBeDefined();
  });
});
