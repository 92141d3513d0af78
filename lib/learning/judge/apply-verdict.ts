/**
 * Acting on the judge's verdict: the signals read from one follow-up become
 * what the local model says the message did, and the answer's outcome, its
 * pattern and the memories that came from a correction follow. The user's own
 * word beats the model's (a signal the user corrected is never touched), and a
 * verdict the model is not sure of changes nothing. Unlike a user's correction
 * it teaches the detector nothing: the model is a second opinion, not a label.
 */
import type { CodelumiDB } from '../../db/db';
import type { JudgedBy, Signal } from '../../core/records';
import { newId } from '../../core/ids';
import { evidenceOf, SIGNAL_SPECS, TEXT_TARGETS, type SignalKind } from '../../signals/kinds';
import { inferStylePreference } from '../../memory/learned';
import { recomputeOutcome } from '../engine/answers';
import { rememberMessageCorrection, signalTables, withdrawCorrection } from '../engine/corrections';
import { learnableNow } from '../../db/conversations';
import type { Verdict } from './verdict';

/** Below this, the model's verdict is noted as asked but changes nothing. */
export const JUDGE_MIN_CONFIDENCE = 0.6;

/** The follow-up a verdict is about. */
export interface JudgedReading {
  answerId: string;
  messageId: string;
  /** What the detector had said. */
  decided: string;
}

/** What a verdict did: `changed` when a signal was added, removed or turned into another kind. */
export type VerdictResult = 'changed' | 'agreed' | 'unsure' | 'skipped';

/** Kinds a follow-up's words can carry (no_followup: it moved on). */
const MESSAGE_KINDS = new Set<SignalKind>([...TEXT_TARGETS, 'no_followup']);

/**
 * Applies `verdict` (from `model`) to the signals read from `reading`'s
 * follow-up, in one transaction. `skipped` when the exchange is gone, its
 * conversation was deleted or is not learned from, or the user already
 * corrected what was read from this message.
 */
export async function applyVerdict(
  db: CodelumiDB,
  reading: JudgedReading,
  verdict: Verdict,
  model: string,
  now: number,
): Promise<VerdictResult> {
  return db.transaction('rw', signalTables(db), async () => {
    const [answer, message] = await db.messages.bulkGet([reading.answerId, reading.messageId]);
    if (!answer || !message) return 'skipped';
    if (!(await learnableNow(db, [answer.conversationId])).has(answer.conversationId)) return 'skipped';
    const fromMessage = (await db.signals.where('messageId').equals(answer.id).toArray()).filter(
      (s) => s.source === 'text' && s.sourceId === message.id,
    );
    const userSaid =
      fromMessage.some((s) => s.correctedFrom) ||
      (await db.signalCorrections
        .where('answerId')
        .equals(answer.id)
        .filter((c) => c.example?.message === message.content)
        .count()) > 0;
    if (userSaid) return 'skipped';

    const judged: JudgedBy = {
      model,
      label: verdict.label,
      confidence: verdict.confidence,
      detector: reading.decided,
      at: now,
    };
    if (verdict.confidence < JUDGE_MIN_CONFIDENCE) return 'unsure';

    const target: SignalKind | undefined = verdict.label === 'new_question' ? undefined : verdict.label;
    // Moving on (no_followup) agrees with a new question; anything else the message was read as goes.
    const keep = (s: Signal) => s.kind === target || (!target && s.kind === 'no_followup');
    const wrong = fromMessage.filter((s) => MESSAGE_KINDS.has(s.kind) && !keep(s));
    for (const s of wrong) {
      await db.signals.delete(s.id);
      if (s.kind === 'user_corrected') await withdrawCorrection(db, s, message.content, now);
    }
    const kept = fromMessage.filter(keep);
    for (const s of kept)
      await db.signals.update(s.id, { judged, confidence: Math.max(s.confidence, verdict.confidence) });
    let added = false;
    if (target && kept.length === 0) {
      const spec = SIGNAL_SPECS[target];
      await db.signals.add({
        id: newId(),
        messageId: answer.id,
        conversationId: answer.conversationId,
        kind: target,
        polarity: spec.polarity,
        confidence: verdict.confidence,
        evidence: evidenceOf(message.content),
        createdAt: now,
        source: 'text',
        sourceId: message.id,
        judged,
      });
      added = true;
      const question = answer.parentId ? await db.messages.get(answer.parentId) : undefined;
      if (target === 'user_corrected') await rememberMessageCorrection(db, { question, answer, message }, now);
    }
    if (wrong.length === 0 && !added) return 'agreed';
    const record = await recomputeOutcome(db, answer.id, now);
    if (record) await inferStylePreference(db, record.topic, now);
    return 'changed';
  });
}
