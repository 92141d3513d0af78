/**
 * Messages: the named changes a message goes through. A question is added
 * with the conversation's leaf moved to it; an answer starts `streaming`, is
 * saved while it streams, and ends `complete`, `interrupted` or `error`.
 */
import type { CodelumiDB } from './db';
import type { AnswerMetrics, Message, PromptTrace, StopReason } from '../core/records';
import type { StoredError } from '../core/errors';
import { guardWrite } from './guard';
import { newId } from '../core/ids';
import { buildThread, leafForBranch, type ThreadEntry } from './thread';

async function appendMessage(db: CodelumiDB, message: Message): Promise<Message> {
  await guardWrite(() =>
    db.transaction('rw', db.conversations, db.messages, async () => {
      await db.messages.add(message);
      await db.conversations
        .where('id')
        .equals(message.conversationId)
        .modify((c) => {
          c.leafId = message.id;
          c.updatedAt = message.createdAt;
          c.messageCount = (c.messageCount ?? 0) + 1;
        });
    }),
  );
  return message;
}

/** Adds the user's question after `parentId` (null at the start) and makes it the leaf. */
export function addUserMessage(
  db: CodelumiDB,
  conversationId: string,
  parentId: string | null,
  content: string,
  at = Date.now(),
  id = newId(),
): Promise<Message> {
  return appendMessage(db, {
    id,
    conversationId,
    parentId,
    role: 'user',
    content,
    status: 'complete',
    createdAt: at,
    updatedAt: at,
  });
}

/**
 * Adds an empty answer in `streaming` state below `parentId` and makes it the
 * leaf. `id` lets the caller take the answer's lock before it is written.
 */
export function startAnswer(
  db: CodelumiDB,
  conversationId: string,
  parentId: string,
  model: string,
  at = Date.now(),
  id = newId(),
): Promise<Message> {
  return appendMessage(db, {
    id,
    conversationId,
    parentId,
    role: 'assistant',
    content: '',
    status: 'streaming',
    model,
    createdAt: at,
    updatedAt: at,
  });
}

/** Saves what an answer holds so far; a no-op when it is no longer streaming. */
export async function saveAnswerProgress(
  db: CodelumiDB,
  id: string,
  progress: { content: string; thinking?: string },
): Promise<void> {
  await guardWrite(() =>
    db.messages
      .where('id')
      .equals(id)
      .modify((m) => {
        if (m.status !== 'streaming') return;
        m.content = progress.content;
        if (progress.thinking !== undefined) m.thinking = progress.thinking;
        m.updatedAt = Date.now();
      }),
  );
}

/** Marks an answer complete with its final text, metrics and prompt trace. */
export async function completeAnswer(
  db: CodelumiDB,
  id: string,
  final: { content: string; thinking?: string; metrics?: AnswerMetrics; trace?: PromptTrace },
): Promise<void> {
  await guardWrite(() =>
    db.messages.update(id, {
      content: final.content,
      thinking: final.thinking || undefined,
      metrics: final.metrics,
      trace: final.trace,
      status: 'complete',
      stopReason: undefined,
      error: undefined,
      updatedAt: Date.now(),
    }),
  );
}

/** Keeps a partial answer, marked interrupted (Stop, reload, or a broken stream); only a streaming answer changes. */
export async function interruptAnswer(
  db: CodelumiDB,
  id: string,
  reason: StopReason,
  partial?: { content: string; thinking?: string; trace?: PromptTrace; error?: StoredError },
): Promise<void> {
  await guardWrite(() =>
    db.messages
      .where('id')
      .equals(id)
      .modify((m) => {
        if (m.status !== 'streaming') return;
        if (partial) {
          m.content = partial.content;
          if (partial.thinking) m.thinking = partial.thinking;
          if (partial.trace) m.trace = partial.trace;
        }
        m.status = 'interrupted';
        m.stopReason = reason;
        m.error = partial?.error;
        m.updatedAt = Date.now();
      }),
  );
}

/** Marks a streaming answer failed with the error, keeping whatever text had arrived. */
export async function failAnswer(
  db: CodelumiDB,
  id: string,
  error: StoredError,
  partial?: { content: string; thinking?: string; trace?: PromptTrace },
): Promise<void> {
  await guardWrite(() =>
    db.messages
      .where('id')
      .equals(id)
      .modify((m) => {
        if (m.status !== 'streaming') return;
        if (partial) {
          m.content = partial.content;
          if (partial.thinking) m.thinking = partial.thinking;
          if (partial.trace) m.trace = partial.trace;
        }
        m.status = 'error';
        m.stopReason = 'error';
        m.error = error;
        m.updatedAt = Date.now();
      }),
  );
}

/**
 * Puts an unfinished answer (interrupted, failed, or `streaming` orphaned by
 * a dead tab) back into `streaming` so Continue can append to it. The caller
 * must hold the answer's lock. Resolves false, changing nothing, when the
 * answer is gone or complete.
 */
export async function resumeAnswer(db: CodelumiDB, id: string): Promise<boolean> {
  return guardWrite(() =>
    db.transaction('rw', db.messages, async () => {
      const m = await db.messages.get(id);
      if (!m || m.status === 'complete') return false;
      await db.messages.update(id, {
        status: 'streaming',
        stopReason: undefined,
        error: undefined,
        updatedAt: Date.now(),
      });
      return true;
    }),
  );
}

/**
 * The replies to each of `parentIds`, in one read transaction. One index
 * lookup per parent: Dexie's anyOf() walks a cursor a step per key, with a
 * round trip each, which costs hundreds of milliseconds on a busy database.
 */
export function childrenOf(db: CodelumiDB, parentIds: readonly string[]): Promise<Message[]> {
  if (parentIds.length === 0) return Promise.resolve([]);
  return db.transaction('r', db.messages, async () =>
    (await Promise.all([...new Set(parentIds)].map((id) => db.messages.where('parentId').equals(id).toArray()))).flat(),
  );
}

/** Every message of a conversation, all branches. */
export function conversationMessages(db: CodelumiDB, conversationId: string): Promise<Message[]> {
  return db.messages.where('conversationId').equals(conversationId).toArray();
}

/** The thread on screen for a conversation. */
export async function loadThread(db: CodelumiDB, conversationId: string): Promise<ThreadEntry[]> {
  const [conversation, messages] = await Promise.all([
    db.conversations.get(conversationId),
    conversationMessages(db, conversationId),
  ]);
  return buildThread(messages, conversation?.leafId);
}

/** Shows branch `messageId`: the conversation's leaf moves to the newest message below it. */
export async function selectBranch(db: CodelumiDB, conversationId: string, messageId: string): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', db.conversations, db.messages, async () => {
      const messages = await conversationMessages(db, conversationId);
      await db.conversations.update(conversationId, { leafId: leafForBranch(messages, messageId) });
    }),
  );
}

/**
 * Answers left `streaming` by a tab that is gone (reload, crash, closed tab)
 * become `interrupted`. `isOwned` tells whether a live tab still streams it.
 */
export async function settleOrphanedAnswers(
  db: CodelumiDB,
  isOwned: (messageId: string) => Promise<boolean> | boolean,
): Promise<string[]> {
  const streaming = await db.messages.where('status').equals('streaming').toArray();
  const orphans: string[] = [];
  for (const m of streaming) if (!(await isOwned(m.id))) orphans.push(m.id);
  for (const id of orphans) await interruptAnswer(db, id, 'reload');
  return orphans;
}
