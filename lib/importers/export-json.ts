/**
 * One conversation as JSON, for programs: every message of every branch,
 * with the tree (parentId), the branch on screen and the metadata. The shape
 * is `ConversationExport` below and README.md ("JSON export"); `version`
 * changes when a field changes meaning. Prompt traces are left out: they
 * quote memories and other conversations, which this file is not about.
 */
import type { Conversation, Message } from '../core/records';
import { buildThread } from '../db/thread';

/** The format's name and version, the first fields of the file. */
export const CONVERSATION_EXPORT_FORMAT = 'codelumi.conversation';
export const CONVERSATION_EXPORT_VERSION = 1;

/** One message in the file. Times are ISO 8601 strings in UTC. */
export interface ExportedMessage {
  id: string;
  /** The message it follows; null for a first message. Siblings (same parent) are branches. */
  parentId: string | null;
  role: Message['role'];
  content: string;
  /** A thinking model's reasoning. */
  thinking?: string;
  status: Message['status'];
  stopReason?: Message['stopReason'];
  model?: string;
  createdAt: string;
  updatedAt: string;
  /** Ollama's figures for an answer (tokens, durations in ns). */
  metrics?: Message['metrics'];
  /** Why an answer failed. */
  error?: { code: string; message: string };
}

/** The whole file. */
export interface ConversationExport {
  format: typeof CONVERSATION_EXPORT_FORMAT;
  version: typeof CONVERSATION_EXPORT_VERSION;
  exportedAt: string;
  conversation: {
    id: string;
    title: string;
    createdAt: string;
    updatedAt: string;
    /** The conversation's own model; absent: the default model of the settings. */
    model?: string;
    systemPrompt?: string;
    /** For an imported conversation: the assistant it came from and that assistant's id for it. */
    importedFrom?: Conversation['importedFrom'];
  };
  /** Message ids of the branch on screen, first to last. */
  shownBranch: string[];
  /** Every message, all branches, oldest first; parents always before their children. */
  messages: ExportedMessage[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The export of `conversation` with all of `messages` (every branch), stamped `now`. */
export function conversationToJson(
  conversation: Conversation,
  messages: readonly Message[],
  now = Date.now(),
): ConversationExport {
  const byTime = [...messages].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  // Parents first even when a clock went backwards: a message waits until its parent is out.
  const ids = new Set(byTime.map((m) => m.id));
  const placed = new Set<string>();
  const ordered: Message[] = [];
  let pending = byTime;
  while (pending.length) {
    const next: Message[] = [];
    for (const m of pending) {
      if (!m.parentId || !ids.has(m.parentId) || placed.has(m.parentId)) {
        ordered.push(m);
        placed.add(m.id);
      } else next.push(m);
    }
    if (next.length === pending.length) {
      ordered.push(...next);
      break;
    }
    pending = next;
  }
  return {
    format: CONVERSATION_EXPORT_FORMAT,
    version: CONVERSATION_EXPORT_VERSION,
    exportedAt: iso(now),
    conversation: {
      id: conversation.id,
      title: conversation.title,
      createdAt: iso(conversation.createdAt),
      updatedAt: iso(conversation.updatedAt),
      model: conversation.model,
      systemPrompt: conversation.systemPrompt,
      importedFrom: conversation.importedFrom,
    },
    shownBranch: buildThread(messages, conversation.leafId).map((e) => e.message.id),
    messages: ordered.map((m) => ({
      id: m.id,
      parentId: m.parentId,
      role: m.role,
      content: m.content,
      thinking: m.thinking,
      status: m.status,
      stopReason: m.stopReason,
      model: m.model,
      createdAt: iso(m.createdAt),
      updatedAt: iso(m.updatedAt),
      metrics: m.metrics,
      error: m.error ? { code: m.error.code, message: m.error.message } : undefined,
    })),
  };
}
