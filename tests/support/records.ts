/** Builders for plain records in pure tests (thread, search, groups). */
import type { Conversation, Message } from '@/lib/core/records';

/** A complete message with sensible defaults; `createdAt` also sets `updatedAt`. */
export function message(fields: Partial<Message> & Pick<Message, 'id'>): Message {
  const createdAt = fields.createdAt ?? 1_000;
  return {
    conversationId: 'c1',
    parentId: null,
    role: 'user',
    content: `text of ${fields.id}`,
    status: 'complete',
    updatedAt: createdAt,
    ...fields,
    createdAt,
  };
}

/** A conversation with sensible defaults. */
export function conversation(fields: Partial<Conversation> & Pick<Conversation, 'id'>): Conversation {
  return {
    title: `Chat ${fields.id}`,
    titleSource: 'fallback',
    pinned: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
    messageCount: 0,
    ...fields,
  };
}
