/**
 * A ChatGPT data export (`conversations.json`): a list of conversations,
 * each a `mapping` of nodes (message, parent, children) with `current_node`
 * the last message of the branch the user saw. That branch is what comes in:
 * the path from `current_node` up to the root. System and tool messages,
 * hidden context, tool calls, reasoning summaries and non-text parts (images,
 * files) are left out and counted.
 */
import * as z from '../core/zod';
import { linkChain, titleFrom, type ChainItem } from './chain';
import { toMillis } from './time';
import { skipPart, type ImportedConversation, type SkipReport } from './types';

const nodeSchema = z.looseObject({
  message: z.nullish(
    z.looseObject({
      id: z.optional(z.string()),
      author: z.looseObject({ role: z.string() }),
      create_time: z.nullish(z.number()),
      content: z.looseObject({
        content_type: z.string(),
        parts: z.nullish(z.array(z.unknown())),
        text: z.nullish(z.string()),
      }),
      metadata: z.nullish(z.record(z.string(), z.unknown())),
      recipient: z.nullish(z.string()),
    }),
  ),
  parent: z.nullish(z.string()),
  children: z.nullish(z.array(z.string())),
});
type Node = z.output<typeof nodeSchema>;
type NodeMessage = NonNullable<Node['message']>;

const conversationSchema = z.looseObject({
  id: z.nullish(z.string()),
  conversation_id: z.nullish(z.string()),
  title: z.nullish(z.string()),
  create_time: z.nullish(z.number()),
  update_time: z.nullish(z.number()),
  mapping: z.record(z.string(), z.unknown()),
  current_node: z.nullish(z.string()),
});

/** True when `value` looks like one ChatGPT conversation (has a `mapping`). */
export function isChatGptConversation(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'mapping' in value;
}

/** The text of a message's parts; non-text parts are counted in `skipped`. */
function textOf(message: NodeMessage, skipped: SkipReport): string {
  const { content } = message;
  if (typeof content.text === 'string' && !content.parts) return content.text;
  const texts: string[] = [];
  for (const part of content.parts ?? []) {
    if (typeof part === 'string') texts.push(part);
    else if (part && typeof part === 'object') {
      const p = part as { content_type?: unknown; text?: unknown };
      // A voice message's transcription is what the user said.
      if (p.content_type === 'audio_transcription' && typeof p.text === 'string') texts.push(p.text);
      else skipPart(skipped, p.content_type === 'image_asset_pointer' ? 'images' : 'files and other attachments');
    }
  }
  return texts.join('\n\n');
}

/** The reason a message is left out, or undefined when it is kept (user or assistant text shown in the chat). */
function leftOutBecause(message: NodeMessage): string | undefined {
  const role = message.author.role;
  const type = message.content.content_type;
  if (message.metadata?.is_visually_hidden_from_conversation === true) return 'hidden context messages';
  if (role === 'system') return 'system messages';
  if (role === 'tool') return 'tool results';
  if (role !== 'user' && role !== 'assistant') return `“${role}” messages`;
  if (role === 'assistant' && message.recipient && message.recipient !== 'all') return 'tool calls';
  if (type === 'thoughts' || type === 'reasoning_recap') return 'reasoning summaries';
  if (type === 'user_editable_context' || type === 'model_editable_context') return 'custom instructions';
  if (type !== 'text' && type !== 'multimodal_text') return `“${type}” messages`;
  return undefined;
}

/** The node ids from the root to `leaf`, following parents (a cycle or a dangling parent ends the walk). */
function pathTo(mapping: Record<string, unknown>, leaf: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null | undefined = leaf; id && !seen.has(id) && id in mapping;) {
    seen.add(id);
    path.push(id);
    const node = nodeSchema.safeParse(mapping[id]);
    id = node.success ? node.data.parent : undefined;
  }
  return path.reverse();
}

/** The leaf shown when `current_node` is missing: from a root, the newest child at each step. */
function fallbackLeaf(mapping: Record<string, unknown>): string | undefined {
  const nodes = Object.entries(mapping);
  let at = nodes.find(([, n]) => nodeSchema.safeParse(n).data?.parent == null)?.[0];
  const seen = new Set<string>();
  while (at && !seen.has(at)) {
    seen.add(at);
    const children = nodeSchema.safeParse(mapping[at]).data?.children ?? [];
    const next = children.filter((c) => c in mapping).at(-1);
    if (!next) break;
    at = next;
  }
  return at;
}

/**
 * One ChatGPT conversation as Codelumi's import shape, or the reason it is
 * left out whole. What is left out of a kept conversation is counted in `skipped`.
 */
export function readChatGptConversation(
  value: unknown,
  index: number,
  skipped: SkipReport,
): ImportedConversation | { leftOut: string; title: string } {
  const parsed = conversationSchema.safeParse(value);
  const title = typeof (value as { title?: unknown })?.title === 'string' ? (value as { title: string }).title : '';
  if (!parsed.success) return { leftOut: 'not a readable ChatGPT conversation', title: title || `#${index + 1}` };
  const c = parsed.data;
  const createdAt = toMillis(c.create_time) ?? 0;
  const leaf = c.current_node && c.current_node in c.mapping ? c.current_node : fallbackLeaf(c.mapping);
  const items: ChainItem[] = [];
  let lastTime = createdAt;
  for (const id of leaf ? pathTo(c.mapping, leaf) : []) {
    const node = nodeSchema.safeParse(c.mapping[id]);
    if (!node.success) {
      skipPart(skipped, 'unreadable messages');
      continue;
    }
    const message = node.data.message;
    if (!message) continue;
    const reason = leftOutBecause(message);
    const text = reason ? '' : textOf(message, skipped).trim();
    if (reason || !text) {
      // The empty system message at the top of every conversation is no loss worth reporting.
      const quiet =
        (reason === 'system messages' || reason === 'hidden context messages' || !reason) &&
        !textOf(message, { parts: {}, conversations: [] }).trim();
      if (!quiet) skipPart(skipped, reason ?? 'empty messages');
      continue;
    }
    lastTime = toMillis(message.create_time) ?? lastTime;
    const slug = message.metadata?.model_slug;
    items.push({
      sourceId: message.id ?? id,
      role: message.author.role as 'user' | 'assistant',
      content: text,
      model: message.author.role === 'assistant' && typeof slug === 'string' ? slug : undefined,
      createdAt: lastTime,
    });
  }
  const messages = linkChain(items);
  const shownTitle = title.trim() || titleFrom(messages, 'ChatGPT conversation');
  if (messages.length === 0) return { leftOut: 'no text messages', title: shownTitle };
  const sourceId = c.conversation_id ?? c.id ?? `${createdAt}:${shownTitle}`;
  return {
    sourceId,
    title: shownTitle,
    createdAt: createdAt || messages[0].createdAt,
    updatedAt: Math.max(toMillis(c.update_time) ?? 0, messages[messages.length - 1].createdAt),
    messages,
    leafSourceId: messages[messages.length - 1].sourceId,
  };
}
