/**
 * The user corrects a signal ("not right" on its badge): the signal is removed
 * or turned into what it should have been, the answer's outcome and pattern
 * are recomputed, a correction memory and training pair that came from a
 * misread "correction" are withdrawn, the correction is kept as a labelled
 * example, and the detector's per-user adaptation learns from it.
 */
import type { CodelumiDB } from '../../db/db';
import type { MemorySource, Message, Signal, SignalCorrection } from '../../core/records';
import { newId } from '../../core/ids';
import { SIGNAL_SPECS, TEXT_TARGETS, type CorrectionTarget } from '../../signals/kinds';
import { emptyAdaptation, learnCorrection, type Adaptation } from '../../signals/learned/adapt';
import { loadShippedModel } from '../../signals/learned/load-shipped';
import { MODEL_CLASSES, type ModelClass, type SignalModel } from '../../signals/learned/model';
import { recomputeOutcome } from './answers';
import { inferStylePreference, rememberCorrection } from '../../memory/learned';
import { learnedFromAny } from '../../memory/sources';
import { withdrawSources } from '../../memory/quoted';
import { learnableNow } from '../../db/conversations';

/** Where the detector's adaptation to this user is kept (db.meta). */
export const ADAPTATION_KEY = 'signals.adaptation';

/** The user's adaptation of the detector, when there is one for `model` (the shipped model). */
export async function loadAdaptation(db: CodelumiDB, model: SignalModel): Promise<Adaptation | undefined> {
  const row = await db.meta.get(ADAPTATION_KEY);
  const value = row?.value as Adaptation | undefined;
  return value && value.model === model.key ? value : undefined;
}

/**
 * Withdraws what a misread "correction" signal made: the correction memory
 * learned from its message and the training pair that holds its words (the
 * signal's evidence, or `messageText` when the signal was flipped to a
 * correction), and the memory's words from the prompt traces that listed it.
 * Inside the caller's transaction over memories, training pairs and messages.
 */
export async function withdrawCorrection(
  db: CodelumiDB,
  signal: Pick<Signal, 'messageId' | 'sourceId' | 'evidence'>,
  messageText: string | undefined,
  now: number,
): Promise<void> {
  if (!signal.sourceId) return;
  // Only that message's share: a correction another message also made stays, in that message's words.
  const misread = (source: MemorySource) => source.messageId === signal.sourceId;
  const memories = await db.memories
    .where('kind')
    .equals('correction')
    .filter((m) => learnedFromAny(m, misread))
    .toArray();
  // A trace keeps a memory's words only while the memory holds them (lib/memory/quoted.ts).
  await withdrawSources(db, memories, misread, now);
  // The pair holds the correction's words: the signal's evidence, or the whole message when a user flipped it to a correction.
  const said = new Set([signal.evidence, messageText ?? ''].map((t) => t.trim().slice(0, 300)).filter(Boolean));
  await db.trainingPairs
    .where('messageId')
    .equals(signal.messageId)
    .filter((p) => said.has(p.chosen.trim().slice(0, 300)))
    .delete();
}

/** Every table changing a signal touches: the signal, its outcome and pattern, what a correction made, the messages. */
export function signalTables(db: CodelumiDB) {
  return [
    db.signals,
    db.signalCorrections,
    db.answers,
    db.patterns,
    db.memories,
    db.trainingPairs,
    db.meta,
    db.messages,
    db.conversations,
  ];
}

/**
 * Remembers the user's follow-up `message` as a correction of `answer` (a
 * correction memory and a training pair), when the answer's question is the
 * user's. Inside the caller's transaction over signalTables.
 */
export async function rememberMessageCorrection(
  db: CodelumiDB,
  { question, answer, message }: { question: Message | undefined; answer: Message; message: Message },
  now: number,
): Promise<void> {
  if (question?.role !== 'user') return;
  await rememberCorrection(
    db,
    {
      question: question.content,
      rejected: answer.content,
      correction: message.content,
      answer,
      sourceMessageId: message.id,
    },
    now,
  );
}

/** The model class a correction teaches: what the message really did. */
export function classOf(to: CorrectionTarget): ModelClass | undefined {
  if (to === 'none' || to === 'no_followup') return 'new_question';
  return (MODEL_CLASSES as readonly string[]).includes(to) ? (to as ModelClass) : undefined;
}

/**
 * Corrects signal `signalId` to `to`. Throws when the signal no longer
 * exists or `to` does not fit it (a copy cannot become a thanks).
 */
export async function correctSignal(
  db: CodelumiDB,
  signalId: string,
  to: CorrectionTarget,
  now: number = Date.now(),
): Promise<SignalCorrection> {
  const model = await loadShippedModel();
  return db.transaction('rw', signalTables(db), async () => {
    const signal = await db.signals.get(signalId);
    if (!signal) throw new Error('That signal is no longer there; it may have been corrected in another tab.');
    if (to === signal.kind) throw new Error('The signal already says that.');
    if (to !== 'none' && (signal.source !== 'text' || !TEXT_TARGETS.includes(to)))
      throw new Error('Only a signal read from your message can become another kind; this one can only be removed.');
    const answer = await db.messages.get(signal.messageId);
    const message = signal.source === 'text' && signal.sourceId ? await db.messages.get(signal.sourceId) : undefined;
    const question = answer?.parentId ? await db.messages.get(answer.parentId) : undefined;
    const example = message
      ? {
          prevUser: question?.role === 'user' ? question.content : undefined,
          prevAssistant: answer?.content,
          message: message.content,
        }
      : undefined;

    if (to === 'none') await db.signals.delete(signal.id);
    else {
      const twin = await db.signals
        .where('messageId')
        .equals(signal.messageId)
        .filter((s) => s.kind === to && s.sourceId === signal.sourceId)
        .first();
      if (twin) await db.signals.delete(signal.id);
      else {
        const spec = SIGNAL_SPECS[to];
        // The user said so: that is as sure as a signal gets.
        const changed: Partial<Signal> = {
          kind: to,
          polarity: spec.polarity,
          confidence: 1,
          correctedFrom: signal.correctedFrom ?? signal.kind,
        };
        await db.signals.update(signal.id, changed);
      }
    }
    const correction: SignalCorrection = {
      id: newId(),
      signalId: signal.id,
      answerId: signal.messageId,
      conversationId: signal.conversationId,
      from: signal.kind,
      to,
      evidence: signal.evidence,
      example,
      createdAt: now,
    };
    await db.signalCorrections.add(correction);

    // What came from a misread correction goes; a correction the detector missed is remembered.
    if (signal.kind === 'user_corrected') await withdrawCorrection(db, signal, message?.content, now);
    // "Don't learn from this": the signal is put right, but no correction is remembered from the chat.
    const learnable = (await learnableNow(db, [signal.conversationId])).size > 0;
    if (to === 'user_corrected' && answer && message && learnable)
      await rememberMessageCorrection(db, { question, answer, message }, now);

    const record = await recomputeOutcome(db, signal.messageId, now);
    if (record) await inferStylePreference(db, record.topic, now);

    const target = classOf(to);
    if (example && target) {
      const current = (await loadAdaptation(db, model)) ?? emptyAdaptation(model);
      await db.meta.put({ key: ADAPTATION_KEY, value: learnCorrection(model, current, example, target) });
    }
    return correction;
  });
}
