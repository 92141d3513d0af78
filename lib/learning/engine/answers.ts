/**
 * The engine's record of each answer, and how its signals roll up into an
 * outcome and into the pattern of (question kind → answer style).
 */
import type { CodelumiDB } from '../../db/db';
import type { AnswerRecord, Memory, Message, Pattern, Signal } from '../../core/records';
import { newId } from '../../core/ids';
import type { MessageSnapshot } from './snapshot';
import { findViolations } from '../../response/response';

/** How much an ignored preference counts against the answer's style (a failure of this weight). */
export const VIOLATION_PENALTY = 0.5;
import { classifyQuestion, describeAnswer, kindKey, styleKey } from '../../patterns/classify';
import type { DetectedSignal } from '../../signals/kinds';
import { combineSignals } from '../../signals/answer-outcome';
import { recordOutcome, removeOutcome } from '../../patterns/patterns';

/** The pattern row id for a (kind, style) pair. */
export function patternId(questionKind: string, answerStyle: string): string {
  return `${questionKind}→${answerStyle}`;
}

/** The question an answer answers (its parent), when there is one. */
export async function questionOf(db: CodelumiDB, answer: Message): Promise<Message | undefined> {
  if (!answer.parentId) return undefined;
  const parent = await db.messages.get(answer.parentId);
  return parent?.role === 'user' ? parent : undefined;
}

/**
 * Creates the answer's record (question kind, answer style) if it has none
 * yet. Messages come from `snap` when given (inside a learning transaction,
 * which does not cover the messages table), else from the database.
 */
export async function ensureAnswerRecord(
  db: CodelumiDB,
  answerId: string,
  now: number,
  snap?: MessageSnapshot,
): Promise<AnswerRecord | undefined> {
  const existing = await db.answers.get(answerId);
  if (existing) return existing;
  const answer = snap ? snap.message(answerId) : await db.messages.get(answerId);
  if (!answer || answer.role !== 'assistant') return undefined;
  const question = snap ? snap.questionOf(answer) : await questionOf(db, answer);
  const earlierMessage = question?.parentId
    ? snap
      ? snap.message(question.parentId)
      : await db.messages.get(question.parentId)
    : undefined;
  const kind = classifyQuestion(question?.content ?? '', earlierMessage?.content ?? '');
  const style = describeAnswer(answer.content);
  // Context item ids are "memory:<id>", "style:<key>", "file:<path>" … (lib/prompt/context-sections.ts).
  const itemIds = (answer.trace?.sections ?? []).flatMap((s) => s.items.map((i) => i.id));
  const usedMemoryIds = itemIds.filter((id) => id.startsWith('memory:')).map((id) => id.slice('memory:'.length));
  const requestedStyle = itemIds.find((id) => id.startsWith('style:'))?.slice('style:'.length);
  // Preferences the answer was given and ignored count against its style (lib/response/response.ts).
  const given = usedMemoryIds.length ? await db.memories.bulkGet(usedMemoryIds) : [];
  const preferences = given.filter(
    (m): m is Memory => !!m && m.enabled === 1 && m.confidence > 0 && m.kind !== 'correction',
  );
  const violations = findViolations(answer.content, preferences);
  const record: AnswerRecord = {
    messageId: answer.id,
    conversationId: answer.conversationId,
    questionKind: kindKey(kind),
    topic: kind.topic,
    intent: kind.intent,
    answerStyle: styleKey(style),
    language: style.language,
    outcome: 'unknown',
    score: 0,
    signalCount: 0,
    usedMemoryIds,
    requestedStyle,
    violations: violations.length ? violations : undefined,
    createdAt: answer.updatedAt ?? now,
    updatedAt: now,
  };
  await db.answers.put(record);
  return record;
}

/**
 * Stores new signals for an answer, skipping any already stored from the
 * same source (so one message or event never counts twice). Returns how many were added.
 */
export async function addSignals(
  db: CodelumiDB,
  answer: Pick<Message, 'id' | 'conversationId'>,
  signals: DetectedSignal[],
  source: { kind: NonNullable<Signal['source']>; id: string },
  at: number,
): Promise<number> {
  if (signals.length === 0) return 0;
  const existing = await db.signals.where('messageId').equals(answer.id).toArray();
  const rows: Signal[] = [];
  for (const s of signals) {
    const dup = existing.some(
      (e) => e.kind === s.kind && (e.sourceId === source.id || (s.kind === 'code_copied' && e.kind === 'code_copied')),
    );
    if (dup || rows.some((r) => r.kind === s.kind)) continue;
    rows.push({
      id: newId(),
      messageId: answer.id,
      conversationId: answer.conversationId,
      kind: s.kind,
      polarity: s.polarity,
      confidence: s.confidence,
      evidence: s.evidence,
      createdAt: at,
      source: source.kind,
      sourceId: source.id,
    });
  }
  if (rows.length) await db.signals.bulkAdd(rows);
  return rows.length;
}

/** The pattern without what an answer last added to it (its outcome and its penalty); unchanged without one. */
export function withoutContribution(pattern: Pattern, contribution: AnswerRecord['contribution']): Pattern {
  if (!contribution) return pattern;
  const next = removeOutcome(pattern, {
    outcome: contribution.outcome as never,
    positive: contribution.positive,
    negative: contribution.negative,
    score: 0,
  });
  return { ...next, failures: Math.max(0, next.failures - (contribution.penalty ?? 0)) };
}

/**
 * Recomputes an answer's outcome from all its signals and moves its
 * contribution in the (kind → style) pattern from the old outcome to the new.
 */
export async function recomputeOutcome(
  db: CodelumiDB,
  answerId: string,
  now: number,
  snap?: MessageSnapshot,
): Promise<AnswerRecord | undefined> {
  const record = await ensureAnswerRecord(db, answerId, now, snap);
  if (!record) return undefined;
  const signals = await db.signals.where('messageId').equals(answerId).toArray();
  const result = combineSignals(signals);
  const id = patternId(record.questionKind, record.answerStyle);
  const current: Pattern = (await db.patterns.get(id)) ?? {
    id,
    questionKind: record.questionKind,
    answerStyle: record.answerStyle,
    successes: 0,
    failures: 0,
    updatedAt: now,
  };
  let next = withoutContribution(current, record.contribution);
  next = recordOutcome(next, result);
  const penalty = VIOLATION_PENALTY * (record.violations?.length ?? 0);
  next = { ...next, failures: Math.round((next.failures + penalty) * 1000) / 1000 };
  await db.patterns.put({ ...next, updatedAt: now });
  const updated: AnswerRecord = {
    ...record,
    outcome: result.outcome,
    score: result.score,
    signalCount: signals.length,
    contribution: { outcome: result.outcome, positive: result.positive, negative: result.negative, penalty },
    updatedAt: now,
  };
  await db.answers.put(updated);
  return updated;
}
