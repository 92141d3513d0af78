/**
 * Performs the writes the engine's handlers (handlers.ts) describe, in one
 * transaction over the learning tables. The repositories it calls keep their
 * merging rules: a signal already stored from the same source, or a memory
 * already stored under the same key, is not stored twice.
 */
import type { CodelumiDB } from '../../db/db';
import { addSignals, ensureAnswerRecord } from './answers';
import type { LearningWrites } from './handlers';
import { rememberCorrection, rememberStated } from '../../memory/learned';
import type { MessageSnapshot } from './snapshot';
import { enqueueUnclear } from '../judge/queue';
import { learnableNow } from '../../db/conversations';

/**
 * The tables a learning pass writes (messages and events are read before it,
 * from a snapshot), and the conversations it checks inside the same
 * transaction: a chat deleted, forgotten or kept out of learning while the
 * pass read or waited on Ollama gets nothing written (`learnableNow`).
 */
export function learningTables(db: CodelumiDB) {
  return [db.signals, db.answers, db.patterns, db.memories, db.trainingPairs, db.meta, db.conversations];
}

/** What applying some writes did: signals added, memories stored or confirmed, answers to settle. */
export interface Applied {
  signals: number;
  memories: number;
  answers: string[];
}

/**
 * Performs `writes` at time `at`, inside the caller's transaction when there
 * is one over these tables (else in its own). Answer records come from `snap`,
 * so the messages table is never locked by a learning pass. Nothing is written
 * about a conversation that, by then, is gone, in the bin or kept out of learning.
 */
export async function applyWrites(
  db: CodelumiDB,
  writes: LearningWrites,
  at: number,
  snap: MessageSnapshot,
): Promise<Applied> {
  return db.transaction('rw', learningTables(db), async () => {
    const applied: Applied = { signals: 0, memories: 0, answers: [] };
    const allowed = await stillLearnable(db, writes, snap);
    for (const { memories, message } of allowed.stated)
      applied.memories += (await rememberStated(db, memories, message, at)).length;
    for (const id of allowed.answerRecords) await ensureAnswerRecord(db, id, at, snap);
    for (const id of allowed.dwellChecked) await db.answers.update(id, { dwellChecked: true });
    for (const s of allowed.signals) applied.signals += await addSignals(db, s.answer, s.signals, s.source, at);
    for (const c of allowed.corrections) {
      await rememberCorrection(db, c, at);
      applied.memories++;
    }
    await enqueueUnclear(db, allowed.unclear, at);
    applied.answers.push(...allowed.touched);
    return applied;
  });
}

/**
 * `writes` without those about conversations learning may no longer write
 * about (read inside the caller's transaction). An answer not in `snap` has
 * no conversation to check, and nothing is written for it; marking an answer
 * dwell-checked writes no words and is kept, so it is not checked again.
 */
async function stillLearnable(db: CodelumiDB, writes: LearningWrites, snap: MessageSnapshot): Promise<LearningWrites> {
  const answerIn = (id: string) => snap.message(id)?.conversationId;
  const mentioned = [
    ...writes.stated.map((s) => s.message.conversationId),
    ...writes.signals.map((s) => s.answer.conversationId),
    ...writes.corrections.map((c) => c.answer.conversationId),
    ...writes.unclear.map((u) => u.conversationId),
    ...[...writes.answerRecords, ...writes.touched].map(answerIn),
  ].filter((id): id is string => !!id);
  if (mentioned.length === 0) return writes;
  const learnable = await learnableNow(db, mentioned);
  const ok = (id: string | undefined) => !!id && learnable.has(id);
  return {
    stated: writes.stated.filter((s) => ok(s.message.conversationId)),
    answerRecords: writes.answerRecords.filter((id) => ok(answerIn(id))),
    signals: writes.signals.filter((s) => ok(s.answer.conversationId)),
    corrections: writes.corrections.filter((c) => ok(c.answer.conversationId)),
    dwellChecked: writes.dwellChecked,
    touched: writes.touched.filter((id) => ok(answerIn(id))),
    unclear: writes.unclear.filter((u) => ok(u.conversationId)),
  };
}
