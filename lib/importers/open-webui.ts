/**
 * An Open WebUI chat export (Settings → Chats → Export, or one chat's
 * "Export chat (.json)"): a list of chats, each `{ id, title, chat, created_at,
 * updated_at }` where `chat.history` holds every message by id (parentId,
 * childrenIds) and `currentId` the last message shown. The whole tree comes
 * in, branches included (regenerated answers, several models side by side),
 * with the shown branch on screen. Older exports have only `chat.messages`,
 * a plain list: it comes in as one branch.
 */
import * as z from '../core/zod';
import { linkChain, titleFrom, type ChainItem } from './chain';
import { toMillis } from './time';
import { skipPart, type ImportedConversation, type ImportedMessage, type SkipReport } from './types';

const messageSchema = z.looseObject({
  id: z.optional(z.string()),
  parentId: z.nullish(z.string()),
  role: z.string(),
  content: z.unknown(),
  model: z.nullish(z.string()),
  timestamp: z.nullish(z.number()),
  files: z.nullish(z.array(z.unknown())),
});
type WebUiMessage = z.output<typeof messageSchema>;

const chatSchema = z.looseObject({
  title: z.nullish(z.string()),
  history: z.nullish(z.looseObject({ messages: z.record(z.string(), z.unknown()), currentId: z.nullish(z.string()) })),
  messages: z.nullish(z.array(z.unknown())),
  timestamp: z.nullish(z.number()),
});

const itemSchema = z.looseObject({
  id: z.nullish(z.string()),
  title: z.nullish(z.string()),
  chat: chatSchema,
  created_at: z.nullish(z.number()),
  updated_at: z.nullish(z.number()),
});

/** The stored chat, whether the export wrapped it (`{ id, chat: {…} }`) or not. */
function unwrap(value: unknown): unknown {
  if (value && typeof value === 'object' && 'chat' in value) return value;
  return { chat: value };
}

/** True when `value` looks like one Open WebUI chat (a `chat` with a history or messages). */
export function isOpenWebUiChat(value: unknown): boolean {
  const chat = (unwrap(value) as { chat?: unknown }).chat;
  return !!chat && typeof chat === 'object' && ('history' in chat || 'messages' in chat);
}

/** Why a message is left out, or undefined when it is kept. */
function leftOutBecause(m: WebUiMessage): string | undefined {
  if (m.role === 'system') return 'system messages';
  if (m.role !== 'user' && m.role !== 'assistant') return `“${m.role}” messages`;
  if (typeof m.content !== 'string') return 'messages without text';
  return undefined;
}

/** A kept message, counting its attachments as left out. */
function keep(m: WebUiMessage, id: string, at: number, skipped: SkipReport): ChainItem {
  if (m.files?.length) skipPart(skipped, 'attached files and images', m.files.length);
  return {
    sourceId: id,
    role: m.role as 'user' | 'assistant',
    content: (m.content as string).trim(),
    model: m.role === 'assistant' ? (m.model ?? undefined) : undefined,
    createdAt: at,
  };
}

/** The history tree, parents before children; a left-out message's children hang from its nearest kept ancestor. */
function readTree(
  history: Record<string, unknown>,
  currentId: string | null | undefined,
  start: number,
  skipped: SkipReport,
): { messages: ImportedMessage[]; leaf?: string } {
  const read = new Map<string, WebUiMessage>();
  for (const [id, raw] of Object.entries(history)) {
    const m = messageSchema.safeParse(raw);
    if (m.success) read.set(id, m.data);
    else skipPart(skipped, 'unreadable messages');
  }
  const children = new Map<string | null, string[]>();
  for (const [id, m] of read) {
    const parent = m.parentId && read.has(m.parentId) ? m.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  const messages: ImportedMessage[] = [];
  const keptAs = new Map<string, string | null>();
  // Breadth first from the roots: a parent is always placed before its children.
  const queue: { id: string; keptParent: string | null; at: number }[] = (children.get(null) ?? []).map((id) => ({
    id,
    keptParent: null,
    at: start,
  }));
  for (let i = 0; i < queue.length; i++) {
    const { id, keptParent, at } = queue[i];
    const m = read.get(id)!;
    const time = toMillis(m.timestamp) ?? at;
    const reason = leftOutBecause(m);
    const text = reason ? '' : (m.content as string).trim();
    let here = keptParent;
    if (reason) skipPart(skipped, reason);
    else if (text) {
      messages.push({ ...keep(m, id, time, skipped), parentSourceId: keptParent });
      here = id;
    }
    keptAs.set(id, here);
    for (const child of children.get(id) ?? []) queue.push({ id: child, keptParent: here, at: time });
  }
  const leaf = currentId && keptAs.has(currentId) ? keptAs.get(currentId) : undefined;
  return { messages, leaf: leaf ?? undefined };
}

/** The older plain list of messages, as one branch. */
function readList(list: readonly unknown[], start: number, skipped: SkipReport): ImportedMessage[] {
  const items: ChainItem[] = [];
  let at = start;
  list.forEach((raw, i) => {
    const m = messageSchema.safeParse(raw);
    if (!m.success) return skipPart(skipped, 'unreadable messages');
    at = toMillis(m.data.timestamp) ?? at;
    const reason = leftOutBecause(m.data);
    if (reason) return skipPart(skipped, reason);
    if ((m.data.content as string).trim()) items.push(keep(m.data, m.data.id ?? `#${i}`, at, skipped));
  });
  return linkChain(items);
}

/** One Open WebUI chat as Codelumi's import shape, or the reason it is left out whole. */
export function readOpenWebUiChat(
  value: unknown,
  index: number,
  skipped: SkipReport,
): ImportedConversation | { leftOut: string; title: string } {
  const parsed = itemSchema.safeParse(unwrap(value));
  const rawTitle = (value as { title?: unknown })?.title;
  if (!parsed.success)
    return {
      leftOut: 'not a readable Open WebUI chat',
      title: typeof rawTitle === 'string' ? rawTitle : `#${index + 1}`,
    };
  const item = parsed.data;
  const createdAt = toMillis(item.created_at) ?? toMillis(item.chat.timestamp) ?? 0;
  const { messages, leaf } = item.chat.history
    ? readTree(item.chat.history.messages, item.chat.history.currentId, createdAt, skipped)
    : { messages: readList(item.chat.messages ?? [], createdAt, skipped), leaf: undefined };
  const title = (item.title ?? item.chat.title ?? '').trim() || titleFrom(messages, 'Open WebUI chat');
  if (messages.length === 0) return { leftOut: 'no text messages', title };
  const newest = messages.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  return {
    sourceId: item.id ?? (item.chat as { id?: string }).id ?? `${createdAt}:${title}`,
    title,
    createdAt: createdAt || messages[0].createdAt,
    updatedAt: Math.max(toMillis(item.updated_at) ?? 0, newest.createdAt),
    messages,
    leafSourceId: leaf ?? newest.sourceId,
  };
}
