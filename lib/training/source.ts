/**
 * What the training export reads, in one pass over the database: the
 * conversations it may learn from and their messages, answer records,
 * signals, runs and kept corrections. Everything else in lib/training is a
 * pure function over this snapshot, so the selection is testable without a
 * browser and runs in the analysis worker without holding a transaction.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerRecord, Conversation, Memory, Message, Run, Signal, TrainingPair } from '../core/records';
import { fromChats, learnedFromAny, withoutSources } from '../memory/sources';
import { wordsChange } from '../memory/quoted';

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
  /**
   * Every memory as it is now, by id, after what the bin taught is taken out
   * as a backup does (a memory left with no source is absent): the system
   * prompts and correction pairs are checked against it (./system.ts, ./pairs.ts).
   */
  memories: Map<string, Memory>;
  /**
   * What other answers' traces may quote that the export must not: `qa:<id>`
   * of the answers in conversations it leaves out (bin, "Don't learn from
   * this"), and the memories whose words the bin changed (`edited`).
   */
  withheld: { answers: ReadonlySet<string>; editedMemories: ReadonlySet<string> };
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
  const rows = await db.conversations.toArray();
  const conversations = new Map(rows.filter((c) => exportable(c)).map((c) => [c.id, c] as const));
  // Whole tables, filtered here: the kept conversations are nearly all of them, and one read of a table is
  // linear where `anyOf(ids)` over thousands of ids is not (30 s for 400 conversations in fake-indexeddb).
  const ours = <T extends { conversationId: string }>(rows: T[]) =>
    rows.filter((r) => conversations.has(r.conversationId));
  const [all, answers, signals, runs, corrections, memoryRows] = await Promise.all([
    db.messages.toArray(),
    db.answers.toArray().then(ours),
    db.signals.toArray().then(ours),
    db.runs.toArray().then(ours),
    db.trainingPairs.toArray().then(ours),
    db.memories.toArray(),
  ]);
  const messages = ours(all);
  const others = all.filter((m) => !conversations.has(m.conversationId));
  const binned = new Set(rows.filter((c) => c.deletedAt !== undefined).map((c) => c.id));
  const inBin = others.filter((m) => binned.has(m.conversationId));
  // The backup's rule (lib/archive/export.ts): a memory loses what the bin taught it, and goes with its last source.
  const from = fromChats({
    conversations: binned,
    messages: new Set(inBin.map((m) => m.id)),
    said: inBin.filter((m) => m.role === 'user').map((m) => m.content),
  });
  const memories = new Map<string, Memory>();
  const editedMemories = new Set<string>();
  for (const m of memoryRows) {
    const left = binned.size && learnedFromAny(m, from) ? withoutSources(m, from, m.updatedAt) : m;
    if (left) memories.set(m.id, left);
    if (left && wordsChange(m, left) === 'edited') editedMemories.add(m.id);
  }
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
    memories,
    withheld: {
      answers: new Set(others.filter((m) => m.role === 'assistant').map((m) => `qa:${m.id}`)),
      editedMemories,
    },
  };
}
