/**
 * Every shape the database has had, as numbered Dexie versions. Old versions
 * are never edited: a change of shape is a new version with an upgrade.
 */
import type Dexie from 'dexie';
import type { Transaction } from 'dexie';

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
 * Version 4: the learning engine. Signals are queried by kind over time (the
 * dashboard); each answer gets a record of its question kind, style and
 * outcome; corrections are kept as training pairs; memories get a key for
 * merging repeats; `meta` holds the engine's bookkeeping. (Version 3 belongs
 * to the code runner.)
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

/** Declares every version on a Dexie instance, oldest first. */
export function declareSchema(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  db.version(4).stores(SCHEMA_V4);
  db.version(5).stores(SCHEMA_V5);
}

export const CURRENT_VERSION = 5;
