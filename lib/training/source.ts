/**
 * What the training export reads, in one pass over the database: the
 * conversations it may learn from and their messages, answer records,
 * signals, runs and kept corrections. Everything else in lib/training is a
 * pure function over this snapshot, so the selection is testable without a
 * browser and runs in the analysis worker without holding a transaction.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerRecord, Conversation, Message, Run, Signal, TrainingPair } from '../core/records';

/** The rows the export may use; nothing in it comes from a binned, forgotten or "don't learn" conversation. */
export interface TrainingSource {
  /** Conversations it may learn from, by id. */
  conversations: Map<string, Conversation>;
  /** Every message of those conversations, by id. */
  messages: Map<string, Message>;
  /** Children of each message (branches), oldest first. */
  children: Map<string, Message[]>;
  answers: Map<string, AnswerRecord>;
  /** Signals by the answer they are about. */
  signals: Map<string, Signal[]>;
  /** Runs by the answer whose code ran, oldest first. */
  runs: Map<string, Run[]>;
  corrections: TrainingPair[];
}

/** True when the conversation may appear in an export: present, not in the bin, learning not switched off. */
export function exportable(conversation: Conversation | undefined): conversation is Conversation {
  return !!conversation && !conversation.deletedAt && !conversation.noLearn;
}

function group<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * Reads the snapshot. Conversations in the bin (`deletedAt`), with "Don't
 * learn from this" on (`noLearn`) or already forgotten (no row) are left out
 * with every row of theirs, so no later step can let one through.
 */
export async function readTrainingSource(db: CodelumiDB): Promise<TrainingSource> {
  const conversations = new Map(
    (await db.conversations.toArray()).filter((c) => exportable(c)).map((c) => [c.id, c] as const),
  );
  // Whole tables, filtered here: the kept conversations are nearly all of them, and one read of a table is
  // linear where `anyOf(ids)` over thousands of ids is not (30 s for 400 conversations in fake-indexeddb).
  const ours = <T extends { conversationId: string }>(rows: T[]) =>
    rows.filter((r) => conversations.has(r.conversationId));
  const [messages, answers, signals, runs, corrections] = await Promise.all([
    db.messages.toArray().then(ours),
    db.answers.toArray().then(ours),
    db.signals.toArray().then(ours),
    db.runs.toArray().then(ours),
    db.trainingPairs.toArray().then(ours),
  ]);
  const byCreation = <T extends { createdAt: number }>(a: T, b: T) => a.createdAt - b.createdAt;
  return {
    conversations,
    messages: new Map(messages.map((m) => [m.id, m])),
    children: group(
      [...messages].sort((a, b) => byCreation(a, b) || a.id.localeCompare(b.id)).filter((m) => m.parentId),
      (m) => m.parentId!,
    ),
    answers: new Map(answers.map((a) => [a.messageId, a])),
    signals: group(signals, (s) => s.messageId),
    runs: group([...runs].sort(byCreation), (r) => r.messageId),
    corrections,
  };
}
