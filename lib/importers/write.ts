/**
 * Writes an export that was read (parse.ts) into the database, in one
 * transaction: either every conversation of the file is in, or nothing is.
 * A conversation imported before is found by its id and only gets the
 * messages it did not have (a later export of a conversation that went on),
 * so importing the same file twice adds nothing. When the source's copy is the
 * newer one (it went on there after the last import), the conversation also
 * takes its shown branch, its time and (unless the user renamed it here) its
 * title; when the user carried it on here since, their branch, time and title
 * stay, and the source's new messages are a branch beside it. When the user asked for it,
 * each question the history holds is recorded as a `message_sent` event, the
 * same event a question typed in Codelumi makes, so the learning engine reads
 * the history exactly as it reads the user's own chats; without it, no event
 * is written and nothing is learned.
 */
import type { CodelumiDB } from '../db/db';
import type { Conversation, Message, NewAppEvent } from '../core/records';
import { guardWrite } from '../db/guard';
import { PAST_QUESTIONS_INDEX } from '../db/indexes';
import { toRows } from './rows';
import type { ParsedExport, SkipReport, SourceApp } from './types';

/** Rows written per bulk call (progress is reported between them). */
const CHUNK = 500;

export interface WriteOptions {
  /** Record the history's questions as events for the learning engine. Off unless the user chose it. */
  learn: boolean;
  /** Called after each chunk with the messages written so far and the total to write. */
  onProgress?: (written: number, total: number) => void;
}

/** What an import did. */
export interface ImportResult {
  app: SourceApp;
  /** Conversations that were not there before. */
  conversations: number;
  /** Messages added (to new and to earlier imported conversations). */
  messages: number;
  /** Earlier imported conversations that got new messages. */
  extended: number;
  /** Conversations already there with every message: nothing to add. */
  unchanged: number;
  skipped: SkipReport;
  /** Ids of the conversations added or extended, newest first (the first one is the link to open). */
  conversationIds: string[];
  /** The learning events recorded (their sequence numbers, first and last), when learning was asked for. */
  events?: { count: number; firstSeq: number; lastSeq: number };
}

/** Writes `parsed` into `db` in one transaction; returns what was added. Nothing is written when it throws. */
export async function writeImport(db: CodelumiDB, parsed: ParsedExport, options: WriteOptions): Promise<ImportResult> {
  const all = parsed.conversations.map((c) => toRows(parsed.app, c));
  // The same source conversation twice in one file (a copy-pasted list): the first one counts.
  const unique = [...new Map(all.map((r) => [r.conversation.id, r])).values()];
  const result: ImportResult = {
    app: parsed.app,
    conversations: 0,
    messages: 0,
    extended: 0,
    unchanged: 0,
    skipped: parsed.skipped,
    conversationIds: [],
  };
  return guardWrite(() =>
    db.transaction('rw', [db.conversations, db.messages, db.events, db.indexes], async () => {
      const existing = await db.conversations.bulkGet(unique.map((r) => r.conversation.id));
      const newConversations: Conversation[] = [];
      const newMessages: Message[] = [];
      const countChanges: { id: string; count: number }[] = [];
      const changes: { id: string; patch: Partial<Conversation> }[] = [];
      for (let i = 0; i < unique.length; i++) {
        const { conversation, messages } = unique[i];
        const before = existing[i];
        if (!before) {
          newConversations.push(conversation);
          newMessages.push(...messages);
          continue;
        }
        const have = await db.messages.bulkGet(messages.map((m) => m.id));
        const missing = messages.filter((_, j) => !have[j]);
        const patch = sourceUpdate(before, conversation, missing);
        if (patch) changes.push({ id: conversation.id, patch });
        if (missing.length === 0) {
          result.unchanged++;
          continue;
        }
        newMessages.push(...missing);
        countChanges.push({ id: conversation.id, count: (before.messageCount ?? 0) + missing.length });
        result.extended++;
      }
      await db.conversations.bulkAdd(newConversations);
      for (const { id, count } of countChanges) await db.conversations.update(id, { messageCount: count });
      // Questions with old times in a conversation the saved past-questions index already read: it would not read
      // them again after a restart that comes before the worker's reread, so the copy goes (it is rebuilt).
      if (countChanges.length) await db.indexes.delete(PAST_QUESTIONS_INDEX);
      for (const { id, patch } of changes) await db.conversations.update(id, patch);
      for (let i = 0; i < newMessages.length; i += CHUNK) {
        await db.messages.bulkAdd(newMessages.slice(i, i + CHUNK));
        options.onProgress?.(Math.min(i + CHUNK, newMessages.length), newMessages.length);
      }
      result.conversations = newConversations.length;
      result.messages = newMessages.length;
      const touched = new Set([...newConversations.map((c) => c.id), ...countChanges.map((c) => c.id)]);
      result.conversationIds = unique
        .map((r) => r.conversation)
        .filter((c) => touched.has(c.id))
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .map((c) => c.id);
      if (options.learn) result.events = await recordQuestions(db, newMessages);
      return result;
    }),
  );
}

/**
 * What an earlier imported conversation takes from the source's copy, or
 * undefined for nothing: only when the source's copy is newer than the row
 * here (its last change, or its newest message not here yet, is later than
 * the row's `updatedAt`: the user has not carried it on here since) does it
 * take the source's shown branch, time and, unless the user renamed it, title.
 */
function sourceUpdate(
  here: Conversation,
  source: Conversation,
  missing: readonly Message[],
): Partial<Conversation> | undefined {
  const sourceTime = Math.max(source.updatedAt, ...missing.map((m) => m.createdAt));
  if (sourceTime <= here.updatedAt) return undefined;
  const patch: Partial<Conversation> = { updatedAt: sourceTime, leafId: source.leafId };
  if (here.titleSource !== 'user' && source.title) patch.title = source.title;
  return patch;
}

/** One `message_sent` event per question, oldest first, so learning follows the history in the order it happened. */
async function recordQuestions(db: CodelumiDB, messages: readonly Message[]): Promise<ImportResult['events']> {
  const events: NewAppEvent[] = messages
    .filter((m) => m.role === 'user')
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((m) => ({ kind: 'message_sent', conversationId: m.conversationId, messageId: m.id, at: m.createdAt }));
  if (events.length === 0) return undefined;
  const lastSeq = (await db.events.bulkAdd(events as never[], { allKeys: true })) as number[];
  return { count: events.length, firstSeq: lastSeq[0], lastSeq: lastSeq[lastSeq.length - 1] };
}
