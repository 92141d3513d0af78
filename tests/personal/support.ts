/** Rows for the personal model's tests: conversations, a question with its answer and outcome, memories. */
import type { CodelumiDB } from '@/lib/db/db';
import type { Memory } from '@/lib/core/records';
import { conversation, message } from '../support/records';

/** A conversation `id` (in the bin with `deletedAt`, kept out of learning with `noLearn`). */
export async function chat(db: CodelumiDB, id: string, fields: { deletedAt?: number; noLearn?: boolean } = {}) {
  await db.conversations.put(conversation({ id, ...fields }));
}

/** A question and its answer in conversation `c`, the answer with outcome `outcome` and `score` (also its signals' positive strength). */
export async function answered(
  db: CodelumiDB,
  c: string,
  id: string,
  question: string,
  answer: string,
  outcome: 'positive' | 'negative' = 'positive',
  score = 1,
) {
  await db.messages.bulkPut([
    message({ id: `${id}-q`, conversationId: c, role: 'user', content: question }),
    message({ id, conversationId: c, role: 'assistant', parentId: `${id}-q`, content: answer }),
  ]);
  await db.answers.put({
    messageId: id,
    conversationId: c,
    questionKind: 'python/write',
    topic: 'python',
    intent: 'write',
    answerStyle: 'short|code-first',
    language: 'python',
    outcome,
    score,
    contribution: {
      outcome,
      positive: outcome === 'positive' ? score : 0,
      negative: outcome === 'positive' ? 0 : score,
    },
    signalCount: 1,
    usedMemoryIds: [],
    createdAt: 1_000,
    updatedAt: 1_000,
  });
}

/** A memory; learned from conversation `from` when given. */
export function memory(id: string, text: string, fields: Partial<Memory> = {}): Memory {
  return {
    id,
    kind: 'preference',
    text,
    source: 'explicit',
    confidence: 0.9,
    enabled: 1,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...fields,
  };
}
