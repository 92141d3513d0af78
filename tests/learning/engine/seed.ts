/**
 * Seeding conversations for engine tests through the real repositories:
 * questions and answers via lib/db/messages, events via lib/db/events, the
 * way the chat actions and the page write them.
 */
import type { CodelumiDB } from '@/lib/db/db';
import type {
  AppEventKind,
  Conversation,
  CopyEventData,
  Message,
  NewAppEvent,
  RunEventData,
  Signal,
} from '@/lib/core/records';
import { createConversation } from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, startAnswer } from '@/lib/db/messages';
import { recordEvent } from '@/lib/db/events';

export const MODEL = 'qwen2.5-coder:7b';

export const QUESTION = 'How do I reverse a list in Python?';
export const ANSWER = 'Use slicing:\n\n```python\nrev = nums[::-1]\n```\n\nOr `nums.reverse()` to do it in place.';
export const SEC = 1000;

/** The signals stored on an answer, oldest first. */
export async function signalsOf(db: CodelumiDB, messageId: string): Promise<Signal[]> {
  return (await db.signals.where('messageId').equals(messageId).toArray()).sort(
    (a, b) => a.createdAt - b.createdAt || a.kind.localeCompare(b.kind),
  );
}

/** The kinds of some signals, sorted. */
export const kinds = (signals: readonly Signal[]) => signals.map((s) => s.kind).sort();

/**
 * Records an event of `kind` about `message` (or just the conversation) at `at`.
 * The engine reads it against its kind's schema, as it reads what the app wrote.
 */
export function event(
  db: CodelumiDB,
  kind: AppEventKind,
  at: number,
  where: { conversationId: string; messageId?: string },
  data?: CopyEventData | RunEventData,
): Promise<number> {
  return recordEvent(db, {
    kind,
    at,
    conversationId: where.conversationId,
    messageId: where.messageId,
    data,
  } as NewAppEvent);
}

/** A run event's data as lib/runner/record.ts writes it: `over` on an unedited user run of block 0 with no tests. */
export function runData(over: Partial<RunEventData> & Pick<RunEventData, 'runId' | 'status'>): RunEventData {
  return {
    blockIndex: 0,
    language: 'python',
    passed: 0,
    failed: 0,
    edited: false,
    trigger: 'user',
    durationMs: 20,
    ...over,
  };
}

/** The user sends `text` after `parentId` at `at` (the question row and its message_sent event). */
export async function userSays(
  db: CodelumiDB,
  conversation: Conversation,
  parentId: string | null,
  text: string,
  at: number,
): Promise<Message> {
  const question = await addUserMessage(db, conversation.id, parentId, text, at);
  await event(db, 'message_sent', at, { conversationId: conversation.id, messageId: question.id });
  return question;
}

/** Codelumi answers `question` with `text`, finishing at `at` (the answer row and its answer_done event). */
export async function assistantSays(
  db: CodelumiDB,
  conversation: Conversation,
  question: Message,
  text: string,
  at: number,
): Promise<Message> {
  const answer = await startAnswer(db, conversation.id, question.id, MODEL, at);
  await completeAnswer(db, answer.id, { content: text });
  await event(db, 'answer_done', at, { conversationId: conversation.id, messageId: answer.id });
  return (await db.messages.get(answer.id))!;
}

/** A new conversation with one question and its answer, the answer finishing at `at`. */
export async function exchange(db: CodelumiDB, question: string, answer: string, at: number) {
  const conversation = await createConversation(db, {}, at - 1000);
  const q = await userSays(db, conversation, null, question, at - 1000);
  const a = await assistantSays(db, conversation, q, answer, at);
  return { conversation, question: q, answer: a };
}

/**
 * Makes the engine forget how far it got (as after a lost or reset cursor), so
 * it reads every event again. The cursor is bookkeeping whose table may move;
 * this clears it wherever it is kept.
 */
export async function forgetCursor(db: CodelumiDB): Promise<void> {
  for (const table of db.tables)
    if (table.name === 'settings' || table.name === 'meta') await table.delete('learning.cursor');
}
