/**
 * An imported conversation as Codelumi's rows: an ordinary conversation
 * (its title kept and never renamed by the automatic titler, its times kept,
 * the branch the source showed on screen) with its messages as a tree, and
 * the source noted in `importedFrom`.
 */
import type { Conversation, Message } from '../core/records';
import { conversationIdFor, messageIdFor } from './ids';
import type { ImportedConversation, SourceApp } from './types';

/** One conversation's rows. */
export interface ConversationRows {
  conversation: Conversation;
  /** Parents before children. */
  messages: Message[];
}

/** The rows for `source`; the same source gives the same ids every time. */
export function toRows(app: SourceApp, source: ImportedConversation): ConversationRows {
  const conversationId = conversationIdFor(app, source.sourceId);
  const idOf = (sourceMessageId: string) => messageIdFor(app, source.sourceId, sourceMessageId);
  const messages: Message[] = source.messages.map((m) => ({
    id: idOf(m.sourceId),
    conversationId,
    parentId: m.parentSourceId === null ? null : idOf(m.parentSourceId),
    role: m.role,
    content: m.content,
    status: 'complete',
    model: m.model,
    createdAt: m.createdAt,
    updatedAt: m.createdAt,
  }));
  const conversation: Conversation = {
    id: conversationId,
    title: source.title.replace(/\s+/g, ' ').trim().slice(0, 120),
    // The source named it (its model or its user): Codelumi's titler leaves such a title alone.
    titleSource: 'auto',
    pinned: 0,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    leafId: idOf(source.leafSourceId),
    messageCount: messages.length,
    importedFrom: { app, id: source.sourceId },
  };
  return { conversation, messages };
}
