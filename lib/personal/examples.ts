/**
 * The answers that went best, with their questions: the few-shot examples of
 * a personal model. A stand-in with the same rule as the training export's
 * `selectSftExamples` (lib/training): answers whose outcome is positive,
 * highest score first, never from a conversation in the bin or kept out of
 * learning. Kept behind this one function so the export's selection can
 * replace it without touching the rest of lib/personal.
 */
import type { CodelumiDB } from '../db/db';
import { learnableNow } from '../db/conversations';

/** One question and the answer that served it well. */
export interface PersonalExample {
  /** The answer's message id (`pair:<id>` for a correction's training pair). */
  id: string;
  conversationId: string;
  question: string;
  answer: string;
  /** 'answer': a well-received answer; 'correction': what the user said the answer should have been. */
  from: 'answer' | 'correction';
}

/** Longest question and answer taken as an example: a few-shot history must leave room for the user's own chat. */
export const MAX_EXAMPLE_QUESTION_CHARS = 800;
export const MAX_EXAMPLE_ANSWER_CHARS = 1800;

/** True when a question and answer are short enough to be an example (cut code would teach broken code, so long ones are skipped, not cut). */
export function fitsAsExample(question: string, answer: string): boolean {
  const q = question.trim();
  const a = answer.trim();
  return q.length > 0 && a.length > 0 && q.length <= MAX_EXAMPLE_QUESTION_CHARS && a.length <= MAX_EXAMPLE_ANSWER_CHARS;
}

/**
 * Up to `n` well-received answers, best first: outcome positive, highest
 * score first, complete, from conversations still there, out of the bin and
 * not kept out of learning, short enough to be examples, one per question.
 */
export async function pickExamples(db: CodelumiDB, n: number): Promise<PersonalExample[]> {
  if (n <= 0) return [];
  const records = (await db.answers.where('outcome').equals('positive').toArray()).sort(
    (a, b) => b.score - a.score || b.createdAt - a.createdAt,
  );
  const learnable = await learnableNow(
    db,
    records.map((r) => r.conversationId),
  );
  const out: PersonalExample[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (out.length >= n) break;
    if (!learnable.has(record.conversationId)) continue;
    const answer = await db.messages.get(record.messageId);
    if (!answer || answer.role !== 'assistant' || answer.status !== 'complete' || !answer.parentId) continue;
    const question = await db.messages.get(answer.parentId);
    if (!question || question.role !== 'user') continue;
    const key = question.content.trim().toLowerCase();
    if (seen.has(key) || !fitsAsExample(question.content, answer.content)) continue;
    seen.add(key);
    out.push({
      id: answer.id,
      conversationId: answer.conversationId,
      question: question.content.trim(),
      answer: answer.content.trim(),
      from: 'answer',
    });
  }
  return out;
}
