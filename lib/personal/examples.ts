/**
 * The answers that went best, with their questions: the few-shot examples of
 * a personal model. The training export's rule (lib/training `sftCandidates`):
 * a positive outcome whose positive strength (the calibrated signals combined)
 * reaches the export's default threshold, strongest first, never from a
 * conversation in the bin or kept out of learning. It reads that strength from
 * the answer records (`contribution.positive`, the same `combineSignals`
 * figure) through the outcome index, instead of the export's read of the whole
 * history: the Models page asks for five examples, not an export.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerRecord } from '../core/records';
import { learnableNow } from '../db/conversations';
import { DEFAULT_FILTERS } from '../training/export';

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

/** Longest question taken as an example: a few-shot history must leave room for the user's own chat. */
export const MAX_EXAMPLE_QUESTION_CHARS = 800;
/** Longest answer taken as an example; a longer one is skipped, never cut (cut code teaches broken code). */
export const MAX_EXAMPLE_ANSWER_CHARS = 1800;

/** True when a question and answer are short enough to be an example (cut code would teach broken code, so long ones are skipped, not cut). */
export function fitsAsExample(question: string, answer: string): boolean {
  const q = question.trim();
  const a = answer.trim();
  return q.length > 0 && a.length > 0 && q.length <= MAX_EXAMPLE_QUESTION_CHARS && a.length <= MAX_EXAMPLE_ANSWER_CHARS;
}

/** How sure the signals are that an answer went well (the positive side of its outcome; older records: its score). */
const strength = (r: AnswerRecord) => r.contribution?.positive ?? r.score;

/**
 * Up to `n` well-received answers, best first: outcome positive with a
 * positive strength of at least the export's default minimum, complete, from
 * conversations still there, out of the bin and not kept out of learning,
 * short enough to be examples, one per question.
 */
export async function pickExamples(db: CodelumiDB, n: number): Promise<PersonalExample[]> {
  if (n <= 0) return [];
  const records = (await db.answers.where('outcome').equals('positive').toArray())
    .filter((r) => strength(r) >= DEFAULT_FILTERS.minConfidence)
    .sort((a, b) => strength(b) - strength(a) || b.createdAt - a.createdAt);
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
