/**
 * Every shape the database has had, as numbered Dexie versions. Old versions
 * are never edited: a change of shape is a new version with an upgrade.
 */
import type Dexie from 'dexie';
import type { Transaction } from 'dexie';
import type { Message } from '../core/records';
import { traceQuotes } from './quotes';

/** Version 1: the tables of DESIGN.md's memory schema. */
export const SCHEMA_V1: Record<string, string> = {
  conversations: 'id, updatedAt, pinned, deletedAt, projectId',
  messages: 'id, conversationId, [conversationId+createdAt], parentId, status, createdAt',
  runs: 'id, messageId, conversationId, createdAt',
  signals: 'id, messageId, conversationId, kind, createdAt',
  patterns: 'id, questionKind, [questionKind+answerStyle], updatedAt',
  memories: 'id, kind, enabled, source, createdAt, updatedAt',
  projects: 'id, name, updatedAt',
  projectFiles: 'id, projectId, [projectId+path]',
  contributions: 'id, status, createdAt',
  settings: 'key',
  events: '++seq, kind, messageId, conversationId, at',
  drafts: 'key',
};

/**
 * Version 2: conversations keep a message count (shown in the sidebar),
 * filled in for existing data; messages are indexed by `updatedAt` so the
 * search index can catch up on just what changed since it last looked.
 */
export const SCHEMA_V2: Record<string, string> = {
  conversations: 'id, updatedAt, pinned, deletedAt, projectId, messageCount',
  messages: 'id, conversationId, [conversationId+createdAt], parentId, status, createdAt, updatedAt',
};

/** Counts each conversation's messages; the v1 → v2 upgrade. */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  const counts = new Map<string, number>();
  await tx
    .table('messages')
    .each((m: { conversationId: string }) => counts.set(m.conversationId, (counts.get(m.conversationId) ?? 0) + 1));
  await tx
    .table('conversations')
    .toCollection()
    .modify((c: { id: string; messageCount?: number }) => {
      c.messageCount = counts.get(c.id) ?? 0;
    });
}

/**
 * Version 3: runs are found by the code block they ran (`[messageId+blockIndex]`),
 * so a block shows its last result after a reload and a new run can compare
 * itself with the previous one; every run says whether it ran edited code
 * (existing runs ran the answer's code as written).
 */
export const SCHEMA_V3: Record<string, string> = {
  runs: 'id, messageId, conversationId, createdAt, [messageId+blockIndex]',
};

/** Marks existing runs as runs of the unedited code; the v2 → v3 upgrade. */
export async function upgradeToV3(tx: Transaction): Promise<void> {
  await tx
    .table('runs')
    .toCollection()
    .modify((r: { edited?: boolean }) => {
      if (r.edited === undefined) r.edited = false;
    });
}

/**
 * Version 4: the learning engine. Signals are queried by kind over time (the
 * dashboard); each answer gets a record of its question kind, style and
 * outcome; corrections are kept as training pairs; memories get a key for
 * merging repeats; `meta` holds the engine's bookkeeping.
 */
export const SCHEMA_V4: Record<string, string> = {
  signals: 'id, messageId, conversationId, kind, createdAt, [kind+createdAt]',
  answers: 'messageId, conversationId, createdAt, topic, outcome, questionKind',
  trainingPairs: 'id, createdAt, messageId',
  memories: 'id, kind, enabled, source, createdAt, updatedAt, key',
  meta: 'key',
};

/**
 * Version 5: the last model list seen for each Ollama host, so the Models
 * page and the model picker still show it (marked as last known) while
 * Ollama or the network is down. A new table: nothing to upgrade.
 */
export const SCHEMA_V5: Record<string, string> = {
  knownModels: 'host',
};

/**
 * Version 6: the Brain. Embeddings are cached per model and item; each
 * retrieval is logged (by question) so the on-device reranker can learn
 * which items came before good answers. (Version 5 belongs to the PWA.)
 */
export const SCHEMA_V6: Record<string, string> = {
  embeddings: 'id, model, itemKey, updatedAt',
  retrievals: 'id, questionId, createdAt',
};

/**
 * Version 7: projects. The browser's handle on each attached folder is kept
 * in its own table, so project rows stay plain data and a re-scan can read
 * the folder again. (Versions 3, 5 and 6 belong to the code runner, the PWA
 * and the Brain.)
 */
export const SCHEMA_V7: Record<string, string> = {
  projectHandles: 'projectId',
};

/**
 * Version 8: messages are also indexed by role and update time, so the
 * Brain's index of past questions reads only the user's questions (one
 * index read) instead of walking every message with a filter.
 */
export const SCHEMA_V8: Record<string, string> = {
  messages: 'id, conversationId, [conversationId+createdAt], parentId, status, createdAt, updatedAt, [role+updatedAt]',
};

/**
 * Version 9: the signals the user corrected ("not right" on a badge), kept as
 * labelled examples: the detector adapts to the user from them, and the
 * Learning page lists them. A new table: nothing to upgrade.
 */
export const SCHEMA_V9: Record<string, string> = {
  signalCorrections: 'id, signalId, answerId, createdAt',
};

/**
 * Version 10: each message lists the context items its prompt trace quotes
 * (`quotes`: `qa:<answerId>`, `memory:<id>`, `file:<path>` …), in a
 * multiEntry index, so forgetting a conversation, a memory or a project reads
 * only the answers that quoted it rather than every answer. Filled in for
 * existing messages; every later write keeps it (lib/db/quotes.ts).
 */
export const SCHEMA_V10: Record<string, string> = {
  messages:
    'id, conversationId, [conversationId+createdAt], parentId, status, createdAt, updatedAt, [role+updatedAt], *quotes',
};

/** Lists what each existing answer's trace quotes; the v9 → v10 upgrade. */
export async function upgradeToV10(tx: Transaction): Promise<void> {
  await tx
    .table('messages')
    .filter((m: Message) => !!m.trace)
    .modify((m: Message) => {
      const quotes = traceQuotes(m.trace);
      if (quotes.length) m.quotes = quotes;
    });
}

/**
 * Version 11: the personal model. Each version created in Ollama is kept
 * (`personalModels`), and the verdicts of the blind side-by-side check
 * (`modelComparisons`), found by the model checked and by the conversation
 * of the question (forgetting it deletes them). New tables: nothing to upgrade.
 */
export const SCHEMA_V11: Record<string, string> = {
  personalModels: 'id, family, name, createdAt',
  modelComparisons: 'id, sessionId, candidate, conversationId, createdAt',
};

/**
 * Version 12: the analysis worker's search indexes (past questions, each
 * project's chunks) are saved, so opening the app loads them instead of
 * rebuilding them from every message and file. Derived data: rebuilt when
 * missing or old, cleaned by forgetting, left out of archives. A new table:
 * nothing to upgrade.
 */
export const SCHEMA_V12: Record<string, string> = {
  indexes: 'key',
};

/**
 * Version 13: the Planner (lib/planner). A plan (`plans`, listed newest
 * first, found by the chat it came from so forgetting that chat takes it,
 * and by status so plans a closed tab left running are found), its steps'
 * runs (`planSteps`, one row per plan and step) and the versions of its
 * workspace's files (`workspaceFiles`: a file's versions by path, a step's
 * versions for its retry). New tables: nothing to upgrade.
 */
export const SCHEMA_V13: Record<string, string> = {
  plans: 'id, createdAt, updatedAt, status, conversationId, projectId',
  planSteps: 'id, planId',
  workspaceFiles: 'id, planId, [planId+path], [planId+stepId]',
};

/** Declares every version on a Dexie instance, oldest first. */
export function declareSchema(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  db.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
  db.version(4).stores(SCHEMA_V4);
  db.version(5).stores(SCHEMA_V5);
  db.version(6).stores(SCHEMA_V6);
  db.version(7).stores(SCHEMA_V7);
  db.version(8).stores(SCHEMA_V8);
  db.version(9).stores(SCHEMA_V9);
  db.version(10).stores(SCHEMA_V10).upgrade(upgradeToV10);
  db.version(11).stores(SCHEMA_V11);
  db.version(12).stores(SCHEMA_V12);
  db.version(13).stores(SCHEMA_V13);
}

export const CURRENT_VERSION = 13;
