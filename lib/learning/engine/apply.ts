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

/** The tables a learning pass writes (messages and events are read before it, from a snapshot). */
export function learningTables(db: CodelumiDB) {
  return [db.signals, db.answers, db.patterns, db.memories, db.trainingPairs, db.meta];
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
 * so the messages table is never locked by a learning pass.
 */
export async function applyWrites(
  db: CodelumiDB,
  writes: LearningWrites,
  at: number,
  snap: MessageSnapshot,
): Promise<Applied> {
  return db.transaction('rw', learningTables(db), async () => {
    const applied: Applied = { signals: 0, memories: 0, answers: [] };
    for (const { memories, message } of writes.stated)
      applied.memories += (await rememberStated(db, memories, message, at)).length;
    for (const id of writes.answerRecords) await ensureAnswerRecord(db, id, at, snap);
    for (const id of writes.dwellChecked) await db.answers.update(id, { dwellChecked: true });
    for (const s of writes.signals) applied.signals += await addSignals(db, s.answer, s.signals, s.source, at);
    for (const c of writes.corrections) {
      await rememberCorrection(db, c, at);
      applied.memories++;
    }
    await enqueueUnclear(db, writes.unclear, at);
    applied.answers.push(...writes.touched);
    return applied;
  });
}
