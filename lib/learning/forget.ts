/**
 * Forgetting a deleted conversation for good: the conversation and every row
 * derived from it (messages, runs, draft, signals, signal corrections, answer
 * records, events, embeddings, retrieval logs, memories and training pairs
 * learned from it, verdicts of the model check asked on its questions, plans started from it with their step runs and
 * workspace files), its share of the learned patterns and of the detector's
 * adaptation, and its text inside other answers' prompt traces (its quoted
 * exchanges, and the memories learned from it). One
 * transaction: either all of it goes or none. It sits in lib/learning because
 * it undoes what learning made (patterns, adaptation, inferred styles).
 */
import type { CodelumiDB } from '../db/db';
import type { MemorySource, Message } from '../core/records';
import { guardWrite } from '../db/guard';
import { PAST_QUESTIONS_INDEX } from '../db/indexes';
import { questionKey } from '../retrieval/past';
import { scrubTrace } from '../retrieval/forget-trace';
import { inferStylePreference } from '../memory/learned';
import { fromChats, learnedFromAny } from '../memory/sources';
import { withdrawSources } from '../memory/quoted';
import { dropQueuedFor } from './judge/queue';
import { emptyAdaptation, learnCorrection } from '../signals/learned/adapt';
import { loadShippedModel } from '../signals/learned/load-shipped';
import type { SignalModel } from '../signals/learned/model';
import { patternId, withoutContribution } from './engine/answers';
import { ADAPTATION_KEY, classOf } from './engine/corrections';

/** How long a deleted conversation can be restored; after that it is forgotten. */
export const UNDO_WINDOW_MS = 30_000;

/** What forgetting did. */
export interface Forgotten {
  /** The conversations forgotten (deleted ones only; a restored one is left alone). */
  conversations: string[];
  /** Memories learned from them that the user had edited: kept (unlinked, without evidence, when no other chat taught them). */
  keptMemories: number;
}

/** Every table a forgetting touches (one transaction over all of them). */
function forgetTables(db: CodelumiDB) {
  return [
    db.conversations,
    db.messages,
    db.runs,
    db.drafts,
    db.signals,
    db.signalCorrections,
    db.answers,
    db.events,
    db.embeddings,
    db.retrievals,
    db.memories,
    db.trainingPairs,
    db.patterns,
    db.meta,
    db.modelComparisons,
    db.indexes,
    db.plans,
    db.planSteps,
    db.workspaceFiles,
  ];
}

/**
 * Forgets the conversations among `ids` that are still deleted (a conversation
 * restored meanwhile, or one never deleted, is untouched). Nothing derived
 * from them stays: see the module's comment. A memory loses their sources:
 * one another conversation also stated stays, in that conversation's words;
 * one with no source left goes, unless the user edited it (`source: 'user'`):
 * theirs, it stays, unlinked, without evidence, keyed by its own text.
 */
export async function forgetConversations(
  db: CodelumiDB,
  ids: readonly string[],
  now = Date.now(),
  /** When given, only deletions at least this old by `now` (checked again inside the transaction). */
  windowMs?: number,
): Promise<Forgotten> {
  if (ids.length === 0) return { conversations: [], keptMemories: 0 };
  const due = (deletedAt: number | undefined) => !!deletedAt && (windowMs === undefined || deletedAt + windowMs <= now);
  const forgottenPlans: string[] = [];
  // Loaded before the transaction: an import inside it would end it.
  const model = await loadShippedModel();
  const forgotten = await guardWrite(() =>
    db.transaction('rw', forgetTables(db), async () => {
      // Restored and deleted again since the ids were read: its new window has only begun.
      const doomed = (await db.conversations.bulkGet([...ids])).filter((c) => due(c?.deletedAt)).map((c) => c!.id);
      if (doomed.length === 0) return { conversations: [], keptMemories: 0 };
      const messages = await db.messages.where('conversationId').anyOf(doomed).toArray();
      const keptMemories = await forgetLearning(db, doomed, messages, now, model);

      // The conversation's own rows, and the plans started from it with their step runs and workspace files.
      await db.runs.where('conversationId').anyOf(doomed).delete();
      const plans = await db.plans.where('conversationId').anyOf(doomed).primaryKeys();
      forgottenPlans.push(...plans);
      await db.planSteps.where('planId').anyOf(plans).delete();
      await db.workspaceFiles.where('planId').anyOf(plans).delete();
      await db.plans.bulkDelete(plans);
      await db.drafts.bulkDelete(doomed);
      await db.messages.bulkDelete(messages.map((m) => m.id));
      await db.conversations.bulkDelete(doomed);
      // The saved index of past questions holds their words: dropped here, saved again without them by the
      // analysis worker once its index in memory forgot them (a save never writes back a conversation that is gone).
      await db.indexes.delete(PAST_QUESTIONS_INDEX);
      return { conversations: doomed, keptMemories };
    }),
  );
  announcePlansDeleted(forgottenPlans);
  return forgotten;
}

/**
 * Tells every tab the forgotten plans are gone, so an executor running one
 * stops at once (lib/planner/plan-channel.ts serves `codelumi:plan:<id>`;
 * its late writes fail anyway, since each checks the plan still exists).
 */
function announcePlansDeleted(planIds: readonly string[]): void {
  if (typeof BroadcastChannel !== 'function') return;
  for (const id of planIds) {
    const channel = new BroadcastChannel(`codelumi:plan:${id}`);
    channel.postMessage({ type: 'deleted' });
    channel.close();
  }
}

/**
 * Forgets every conversation deleted at least `windowMs` before `now` (the
 * undo window is over); returns what it forgot.
 */
export async function forgetExpired(db: CodelumiDB, now: number, windowMs = UNDO_WINDOW_MS): Promise<Forgotten> {
  return forgetConversations(db, await expiredDeletions(db, now, windowMs), now, windowMs);
}

/** The conversations deleted at least `windowMs` before `now` (one read of the `deletedAt` index). */
export function expiredDeletions(db: CodelumiDB, now: number, windowMs = UNDO_WINDOW_MS): Promise<string[]> {
  return db.conversations
    .where('deletedAt')
    .belowOrEqual(now - windowMs)
    .primaryKeys();
}

/** What was learned from one conversation: the rows `forgetLearnedFrom` would remove. */
export interface LearnedRows {
  signals: number;
  answers: number;
  /** Memories it stated or confirmed (one another chat also supports stays, without this one's words). */
  memories: number;
  trainingPairs: number;
}

/** Counts what learning kept from conversation `id` (zero everywhere: nothing to forget). */
export async function learnedFrom(db: CodelumiDB, id: string): Promise<LearnedRows> {
  const messages = await db.messages.where('conversationId').equals(id).toArray();
  const messageSet = new Set(messages.map((m) => m.id));
  const from = fromChats({ conversations: new Set([id]), messages: messageSet, said: saidIn(messages) });
  const [signals, answers, memories, trainingPairs] = await Promise.all([
    db.signals.where('conversationId').equals(id).count(),
    db.answers.where('conversationId').equals(id).count(),
    db.memories.filter((m) => learnedFromAny(m, from)).count(),
    db.trainingPairs.filter((p) => p.conversationId === id || messageSet.has(p.messageId)).count(),
  ]);
  return { signals, answers, memories, trainingPairs };
}

/**
 * Forgets what learning drew from conversation `id` while the conversation
 * itself stays (the user switched "Don't learn from this" on): the same rows
 * and traces forgetting a deleted conversation removes, but not its
 * conversation, messages, runs or draft. Returns how many memories the user
 * had edited (kept, unlinked).
 */
export async function forgetLearnedFrom(db: CodelumiDB, id: string, now = Date.now()): Promise<number> {
  const model = await loadShippedModel();
  return guardWrite(() =>
    db.transaction('rw', forgetTables(db), async () => {
      const messages = await db.messages.where('conversationId').equals(id).toArray();
      return forgetLearning(db, [id], messages, now, model);
    }),
  );
}

/**
 * Inside a transaction over forgetTables: removes everything learning drew
 * from `ids` (whose messages are `messages`), and their text wherever other
 * rows quote them. Returns how many edited memories were kept.
 */
async function forgetLearning(
  db: CodelumiDB,
  ids: string[],
  messages: Message[],
  now: number,
  model: SignalModel,
): Promise<number> {
  const conversations = new Set(ids);
  const messageIds = messages.map((m) => m.id);
  const messageSet = new Set(messageIds);
  const quotedAs = new Set(messages.filter((m) => m.role === 'assistant').map((m) => `qa:${m.id}`));

  // The answers' share of their patterns, then the rows themselves.
  const records = await db.answers.where('conversationId').anyOf(ids).toArray();
  const topics = new Set<string>();
  for (const r of records) {
    topics.add(r.topic);
    const pattern = await db.patterns.get(patternId(r.questionKind, r.answerStyle));
    if (pattern && r.contribution)
      await db.patterns.put({ ...withoutContribution(pattern, r.contribution), updatedAt: now });
  }
  await db.answers.where('conversationId').anyOf(ids).delete();
  await db.signals.where('conversationId').anyOf(ids).delete();
  const corrections = await db.signalCorrections.where('answerId').anyOf(messageIds).toArray();
  await db.signalCorrections.bulkDelete(corrections.map((c) => c.id));
  if (corrections.some((c) => c.example)) await relearnAdaptation(db, model);
  await db.trainingPairs.where('messageId').anyOf(messageIds).delete();
  await db.trainingPairs.filter((p) => conversations.has(p.conversationId)).delete();
  // The model check's verdicts on its questions (lib/personal/compare): they quote no text, but they are its judgement.
  await db.modelComparisons.where('conversationId').anyOf(ids).delete();
  // The memories that went, or now read in another chat's words, leave the traces that listed them too
  // (lib/memory/quoted.ts); the conversations' own answers are left as they are, like their quoted exchanges below
  // (deleted with them, or kept whole on request).
  const keptMemories = await forgetMemories(
    db,
    fromChats({ conversations, messages: messageSet, said: saidIn(messages) }),
    now,
    messageSet,
  );
  // What learning and retrieval read from it: the judge's queue, its events, its questions' embeddings, its retrieval logs.
  await db.events.where('conversationId').anyOf(ids).delete();
  await dropQueuedFor(db, ids);
  await db.embeddings.where('itemKey').anyOf(messageIds.map(questionKey)).delete();
  await db.retrievals.where('questionId').anyOf(messageIds).delete();

  // Where other rows quote it: other questions' retrieval logs, other answers' prompt traces.
  await db.retrievals
    .filter((r) => r.candidates.some((c) => quotedAs.has(c.itemId)))
    .modify((r) => {
      r.candidates = r.candidates.filter((c) => !quotedAs.has(c.itemId));
    });
  // Only the answers whose traces list one of its answers (the `*quotes` index), not every answer.
  await db.messages
    .where('quotes')
    .anyOf([...quotedAs])
    .distinct()
    .filter((m) => !!m.trace?.sections && !messageSet.has(m.id))
    .modify((m) => {
      const scrubbed = scrubTrace(m.trace!, quotedAs);
      if (scrubbed) m.trace = scrubbed;
      else return false;
    });

  // An inferred style preference follows its topic's patterns, now without these answers.
  for (const topic of topics) await inferStylePreference(db, topic, now);
  return keptMemories;
}

/**
 * Takes the sources `from` picks out of every memory: a memory left without
 * one goes, one still supported elsewhere keeps only those sources' words, and
 * one the user edited stays (unlinked when no source is left); traces lose the
 * words that went (except the answers in `leave`). Returns how many the user had edited.
 */
async function forgetMemories(
  db: CodelumiDB,
  from: (s: MemorySource) => boolean,
  now: number,
  leave: ReadonlySet<string>,
): Promise<number> {
  const memories = await db.memories.filter((m) => learnedFromAny(m, from)).toArray();
  await withdrawSources(db, memories, from, now, leave);
  return memories.filter((m) => m.source === 'user').length;
}

/** What the user said in `messages` (a memory's evidence quotes it). */
function saidIn(messages: readonly Message[]): string[] {
  return messages.filter((m) => m.role === 'user').map((m) => m.content);
}

/**
 * Learns the detector's adaptation again from the corrections that remain,
 * oldest first (learning is deterministic, so this is what it would hold had
 * the forgotten ones never been made).
 */
async function relearnAdaptation(db: CodelumiDB, model: SignalModel): Promise<void> {
  let adaptation = emptyAdaptation(model);
  for (const c of await db.signalCorrections.orderBy('createdAt').toArray()) {
    const target = classOf(c.to);
    if (c.example && target) adaptation = learnCorrection(model, adaptation, c.example, target);
  }
  if (adaptation.examples === 0) await db.meta.delete(ADAPTATION_KEY);
  else await db.meta.put({ key: ADAPTATION_KEY, value: adaptation });
}
