/**
 * The retrieval corpus (tests/fixtures/brain/retrieval-corpus.json) and
 * seeding past exchanges through the real repositories, the way the chat
 * actions write them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodelumiDB } from '@/lib/db/db';
import type { Conversation, Message } from '@/lib/core/records';
import { createConversation } from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, startAnswer } from '@/lib/db/messages';

export const MODEL = 'qwen2.5-coder:7b';
export const DAY = 86_400_000;
/** The tests' "now": local noon, well away from any day boundary. */
export const NOW = new Date(2026, 2, 15, 12, 0, 0).getTime();

export interface CorpusConversation {
  id: string;
  daysAgo: number;
  question: string;
  answer: string;
}

export interface CorpusQuery {
  question: string;
  /** Ids of the past conversations a good retriever finds for this question. */
  relevant: string[];
  kind: 'lexical' | 'partial' | 'paraphrase';
}

export interface Corpus {
  conversations: CorpusConversation[];
  queries: CorpusQuery[];
}

export function loadCorpus(): Corpus {
  const path = fileURLToPath(new URL('../fixtures/brain/retrieval-corpus.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Corpus;
}

export interface Seeded {
  conversation: Conversation;
  question: Message;
  answer: Message;
}

/** One conversation with one question and its completed answer, the answer given at `at`. */
export async function seedExchange(
  db: CodelumiDB,
  question: string,
  answer: string,
  at: number,
  init: { title?: string; projectId?: string } = {},
): Promise<Seeded> {
  const conversation = await createConversation(db, init, at - 60_000);
  const q = await addUserMessage(db, conversation.id, null, question, at - 60_000);
  const a = await startAnswer(db, conversation.id, q.id, MODEL, at);
  await completeAnswer(db, a.id, { content: answer });
  return { conversation, question: q, answer: (await db.messages.get(a.id))! };
}

/** Seeds every corpus conversation; returns corpus id by conversation id. */
export async function seedCorpus(db: CodelumiDB, corpus: Corpus, now = NOW): Promise<Map<string, string>> {
  const byConversation = new Map<string, string>();
  for (const c of corpus.conversations) {
    const { conversation } = await seedExchange(db, c.question, c.answer, now - c.daysAgo * DAY, {
      title: c.question.slice(0, 40),
    });
    byConversation.set(conversation.id, c.id);
  }
  return byConversation;
}

/** Recall@k of one ranked list: the share of the relevant ids found among its first k. */
export function recallAt(k: number, ranked: readonly string[], relevant: readonly string[]): number {
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((r) => top.has(r)).length / relevant.length;
}
