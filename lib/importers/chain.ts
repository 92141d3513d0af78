/**
 * A conversation's shown branch as the importers build it: kept messages in
 * order, each following the one before. Turns of one role in a row (an
 * answer split around a tool call that was left out) become one message, so
 * every answer follows the question it answers, as Codelumi's own threads do.
 */
import type { ImportedMessage } from './types';

/** A kept message before it is linked into the chain. */
export type ChainItem = Omit<ImportedMessage, 'parentSourceId'>;

/** Links `items` (in order) into a chain, merging neighbours of the same role; the first message's id and time stand for a merged one. */
export function linkChain(items: readonly ChainItem[]): ImportedMessage[] {
  const out: ImportedMessage[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.role === item.role) {
      last.content = `${last.content}\n\n${item.content}`;
      last.model ??= item.model;
      continue;
    }
    out.push({ ...item, parentSourceId: last ? last.sourceId : null });
  }
  return out;
}

/** A title for a conversation the source left untitled: its first question, cut short. */
export function titleFrom(messages: readonly ImportedMessage[], fallback: string): string {
  const first = messages
    .find((m) => m.role === 'user')
    ?.content.replace(/\s+/g, ' ')
    .trim();
  if (!first) return fallback;
  return first.length > 60 ? `${first.slice(0, 57).trimEnd()}…` : first;
}
