/**
 * Reads the user's past questions that the check may ask, from the database:
 * user messages that got a complete answer, in conversations that are neither
 * in the bin nor kept out of learning ("Don't learn from this").
 */
import Dexie from 'dexie';
import type { CodelumiDB } from '../../db/db';
import type { Message } from '../../core/records';
import { learnableNow } from '../../db/conversations';
import { classifyQuestion, kindKey } from '../../patterns/classify';
import { askable, choosePastQuestions, type PastQuestion } from './pick';
import { judgedQuestionIds } from './verdicts';

/** The newest user messages read; older ones are not worth the read (the check asks a handful). */
const SCAN_LIMIT = 600;

/**
 * Every past question the check could ask, newest first (at most the newest
 * 600 user messages are looked at). A question counts when its conversation
 * is kept (not deleted, `noLearn` off) and one of its answers is complete and
 * not empty. Its kind is the answers table's `questionKind` when the learning
 * engine recorded one, else the question classifier's.
 */
export async function answeredQuestions(db: CodelumiDB): Promise<PastQuestion[]> {
  const users = await db.messages
    .where('[role+updatedAt]')
    .between(['user', Dexie.minKey], ['user', Dexie.maxKey])
    .reverse()
    .limit(SCAN_LIMIT)
    .toArray();
  const kept = await learnableNow(
    db,
    users.map((m) => m.conversationId),
  );
  const asked = users.filter((m) => kept.has(m.conversationId) && m.content.trim());
  if (asked.length === 0) return [];

  const answerOf = new Map<string, Message>();
  const replies = await db.messages
    .where('parentId')
    .anyOf(asked.map((m) => m.id))
    .toArray();
  for (const a of replies) {
    if (a.role !== 'assistant' || a.status !== 'complete' || !a.content.trim() || !a.parentId) continue;
    if (!answerOf.has(a.parentId)) answerOf.set(a.parentId, a);
  }
  const answered = asked.filter((m) => answerOf.has(m.id));
  const records = await db.answers.bulkGet(answered.map((m) => answerOf.get(m.id)!.id));
  return answered.map((m, i) => ({
    id: m.id,
    conversationId: m.conversationId,
    text: m.content,
    kind: records[i]?.questionKind || kindKey(classifyQuestion(m.content)),
    opensConversation: m.parentId === null,
    createdAt: m.createdAt,
  }));
}

/**
 * The questions for one check of `candidate` against `baseline`: up to
 * `count` varied past questions (pick.ts), none already judged for these two
 * models (in either role); the same database and seed give the same questions.
 */
export async function pickQuestions(
  db: CodelumiDB,
  pair: { baseline: string; candidate: string },
  options: { count?: number; seed: string | number },
): Promise<PastQuestion[]> {
  const [all, judged] = await Promise.all([
    answeredQuestions(db),
    judgedQuestionIds(db, pair.baseline, pair.candidate),
  ]);
  return choosePastQuestions(all, { ...options, judged });
}

/**
 * How many past questions the check could ask at all (`all`), and how many
 * of them are still unjudged for these two models (`left`): what the Models
 * page needs to say whether a check can start, without picking any.
 */
export async function countQuestions(
  db: CodelumiDB,
  pair: { baseline: string; candidate: string },
): Promise<{ all: number; left: number }> {
  const [all, judged] = await Promise.all([
    answeredQuestions(db),
    pair.baseline && pair.candidate ? judgedQuestionIds(db, pair.baseline, pair.candidate) : undefined,
  ]);
  const left = judged ? all.filter((q) => askable(q, judged)).length : 0;
  return { all: all.length, left };
}
