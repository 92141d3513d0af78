/**
 * A LobeChat export (Settings → Data → Export, "all" or "sessions"):
 * `{ exportType, state: { sessions, topics, messages }, version }`. Each
 * topic is a conversation; the messages of a session that belong to no topic
 * (LobeChat's default topic) make one more conversation per session. LobeChat
 * shows a topic's messages in time order, so they come in as one branch.
 * System, tool and plugin messages, side threads and failed answers are left
 * out and counted.
 */
import * as z from '../core/zod';
import { invalidImport } from './errors';
import { linkChain, titleFrom, type ChainItem } from './chain';
import { toMillis } from './time';
import { skipPart, type ImportedConversation, type ParsedExport, type SkipReport } from './types';

const messageSchema = z.looseObject({
  id: z.string(),
  role: z.string(),
  content: z.nullish(z.unknown()),
  sessionId: z.nullish(z.string()),
  topicId: z.nullish(z.string()),
  threadId: z.nullish(z.string()),
  createdAt: z.unknown(),
  model: z.nullish(z.string()),
  fromModel: z.nullish(z.string()),
  error: z.nullish(z.unknown()),
  files: z.nullish(z.array(z.unknown())),
  imageList: z.nullish(z.array(z.unknown())),
});
type LobeMessage = z.output<typeof messageSchema>;

const topicSchema = z.looseObject({
  id: z.string(),
  title: z.nullish(z.string()),
  sessionId: z.nullish(z.string()),
  createdAt: z.unknown(),
  updatedAt: z.unknown(),
});
const sessionSchema = z.looseObject({
  id: z.string(),
  meta: z.nullish(z.looseObject({ title: z.nullish(z.string()) })),
});

const fileSchema = z.looseObject({
  exportType: z.optional(z.string()),
  version: z.optional(z.number()),
  state: z.looseObject({
    messages: z.array(z.unknown()),
    topics: z.nullish(z.array(z.unknown())),
    sessions: z.nullish(z.array(z.unknown())),
  }),
});

/** True when `value` looks like a LobeChat export (a `state` with a list of messages). */
export function isLobeChatExport(value: unknown): boolean {
  if (!value || typeof value !== 'object' || !('state' in value)) return false;
  const state = (value as { state?: unknown }).state;
  return !!state && typeof state === 'object' && Array.isArray((state as { messages?: unknown }).messages);
}

/** LobeChat's own name for the chat that belongs to no assistant. */
const INBOX = 'inbox';

/** Why a message is left out, or undefined when it is kept. */
function leftOutBecause(m: LobeMessage): string | undefined {
  if (m.threadId) return 'side-thread messages';
  if (m.role === 'system') return 'system messages';
  if (m.role === 'tool' || m.role === 'function') return 'tool and plugin messages';
  if (m.role !== 'user' && m.role !== 'assistant') return `“${m.role}” messages`;
  if (typeof m.content !== 'string') return 'messages without text';
  // A failed answer keeps LobeChat's loading placeholder as its text.
  if (m.error && (m.content.trim() === '...' || !m.content.trim())) return 'failed answers';
  return undefined;
}

/** Every list item that reads as `schema`, the others counted as unreadable. */
function readAll<T>(
  list: readonly unknown[],
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  skipped: SkipReport,
  what: string,
): T[] {
  const out: T[] = [];
  for (const raw of list) {
    const r = schema.safeParse(raw);
    if (r.success) out.push(r.data);
    else skipPart(skipped, what);
  }
  return out;
}

/** A LobeChat export as Codelumi's import shape; throws `invalid:import` when it has no `state.messages`. */
export function readLobeChatExport(value: unknown): ParsedExport {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) throw invalidImport('This LobeChat file has no list of messages to import.');
  const skipped: SkipReport = { parts: {}, conversations: [] };
  const { state } = parsed.data;
  const topics = new Map(readAll(state.topics ?? [], topicSchema, skipped, 'unreadable topics').map((t) => [t.id, t]));
  const sessions = new Map(
    readAll(state.sessions ?? [], sessionSchema, skipped, 'unreadable assistants').map((s) => [s.id, s]),
  );
  const groups = new Map<string, { sessionId: string; topicId?: string; items: (ChainItem & { order: number })[] }>();
  readAll(state.messages, messageSchema, skipped, 'unreadable messages').forEach((m, order) => {
    const reason = leftOutBecause(m);
    if (reason) return skipPart(skipped, reason);
    const text = (m.content as string).trim();
    if (!text) return;
    if (m.files?.length || m.imageList?.length)
      skipPart(skipped, 'attached files and images', (m.files?.length ?? 0) + (m.imageList?.length ?? 0));
    const sessionId = m.sessionId ?? INBOX;
    const key = m.topicId ? `topic:${m.topicId}` : `session:${sessionId}`;
    const group = groups.get(key) ?? { sessionId, topicId: m.topicId ?? undefined, items: [] };
    groups.set(key, group);
    group.items.push({
      sourceId: m.id,
      role: m.role as 'user' | 'assistant',
      content: text,
      model: m.role === 'assistant' ? (m.model ?? m.fromModel ?? undefined) : undefined,
      createdAt: toMillis(m.createdAt) ?? 0,
      order,
    });
  });

  const conversations: ImportedConversation[] = [];
  for (const [key, group] of groups) {
    // Time order, as LobeChat shows a topic; the file's order breaks ties.
    const items = group.items.sort((a, b) => a.createdAt - b.createdAt || a.order - b.order);
    const messages = linkChain(items.map(({ order: _order, ...item }) => item));
    const topic = group.topicId ? topics.get(group.topicId) : undefined;
    const sessionTitle =
      group.sessionId === INBOX ? 'LobeChat inbox' : (sessions.get(group.sessionId)?.meta?.title ?? undefined);
    const title =
      topic?.title?.trim() ||
      titleFrom(messages, '') ||
      (sessionTitle ? `${sessionTitle} (no topic)` : 'LobeChat chat');
    const first = messages[0].createdAt;
    const last = messages[messages.length - 1].createdAt;
    conversations.push({
      sourceId: key,
      title,
      createdAt: toMillis(topic?.createdAt) ?? first,
      updatedAt: Math.max(toMillis(topic?.updatedAt) ?? 0, last),
      messages,
      leafSourceId: messages[messages.length - 1].sourceId,
    });
  }
  return { app: 'lobechat', conversations, skipped };
}
