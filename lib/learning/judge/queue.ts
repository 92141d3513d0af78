/**
 * The judge's queue: follow-ups the detector read without conviction, waiting
 * for the local model's second opinion. It holds ids only (never words), is
 * kept small (the newest win), and lives in db.meta so the analysis worker
 * can fill it and the tab's judge can drain it.
 */
import type { CodelumiDB } from '../../db/db';
import type { UnclearReading } from '../engine/handlers';

/** Where the queue is kept (db.meta). */
export const JUDGE_QUEUE_KEY = 'signals.judgeQueue';
/** At most this many follow-ups wait; older ones are dropped (a verdict on an old message matters least). */
export const JUDGE_QUEUE_LIMIT = 20;

/** One follow-up waiting for a verdict. */
export interface QueuedReading extends UnclearReading {
  queuedAt: number;
}

function isQueued(v: unknown): v is QueuedReading {
  const r = v as QueuedReading;
  return !!r && typeof r.answerId === 'string' && typeof r.messageId === 'string' && typeof r.queuedAt === 'number';
}

/** The waiting follow-ups, oldest first (a malformed row reads as empty). */
export async function queuedReadings(db: CodelumiDB): Promise<QueuedReading[]> {
  const value = (await db.meta.get(JUDGE_QUEUE_KEY))?.value;
  return Array.isArray(value) ? value.filter(isQueued) : [];
}

/** Adds `readings` (a message already waiting is not added twice), keeping the newest JUDGE_QUEUE_LIMIT. */
export async function enqueueUnclear(db: CodelumiDB, readings: readonly UnclearReading[], at: number): Promise<void> {
  if (readings.length === 0) return;
  await db.transaction('rw', db.meta, async () => {
    const queue = await queuedReadings(db);
    const waiting = new Set(queue.map((q) => q.messageId));
    for (const r of readings) if (!waiting.has(r.messageId)) queue.push({ ...r, queuedAt: at });
    await db.meta.put({ key: JUDGE_QUEUE_KEY, value: queue.slice(-JUDGE_QUEUE_LIMIT) });
  });
}

/** Keeps only the waiting follow-ups `keep` picks (written only when that takes some off). */
async function keepQueued(db: CodelumiDB, keep: (q: QueuedReading) => boolean): Promise<void> {
  const queue = await queuedReadings(db);
  const rest = queue.filter(keep);
  if (rest.length !== queue.length) await db.meta.put({ key: JUDGE_QUEUE_KEY, value: rest });
}

/** Takes the follow-up about `messageId` off the queue (judged, or no longer judgeable). */
export async function dequeueReading(db: CodelumiDB, messageId: string): Promise<void> {
  await db.transaction('rw', db.meta, () => keepQueued(db, (q) => q.messageId !== messageId));
}

/** Takes every follow-up of conversations `ids` off the queue (they are being forgotten: not even their ids stay). */
export async function dropQueuedFor(db: CodelumiDB, ids: Iterable<string>): Promise<void> {
  const gone = new Set(ids);
  await keepQueued(db, (q) => !gone.has(q.conversationId));
}

/** Empties the queue (the judge was switched off: nothing waits for a rule that is off). */
export async function clearJudgeQueue(db: CodelumiDB): Promise<void> {
  await db.meta.delete(JUDGE_QUEUE_KEY);
}
