/**
 * Where a memory came from: every message that stated or confirmed it. A
 * memory's words (its text, unless the user edited it, and its evidence) are
 * always its latest source's, so taking a conversation's sources out leaves
 * none of that conversation's words in the row, and a memory another
 * conversation still supports stays.
 */
import type { Memory, MemorySource } from '../core/records';
import { contentWords } from '../signals/text/normalize';

/** A key that makes "Prefers short answers" and "prefers short answers." the same memory. */
export function memoryKey(kind: string, text: string): string {
  return `${kind}:${contentWords(text).sort().join(' ')}`;
}

/**
 * The memory's sources, oldest first. A row from before memories kept them
 * reads as one source (its own link, text and evidence); one learned from no
 * chat (inferred, added by the user) has none.
 */
export function sourcesOf(memory: Memory): MemorySource[] {
  if (memory.sources) return memory.sources;
  if (!memory.conversationId && !memory.messageId) return [];
  return [
    {
      conversationId: memory.conversationId,
      messageId: memory.messageId,
      evidence: memory.evidence,
      text: memory.text,
      ...((memory.hits ?? 1) > 1 ? { mixed: true as const } : {}),
    },
  ];
}

/** `memory` with `sources`: its link, evidence and (unless the user edited it) text are those of the latest one. */
function withSources(memory: Memory, sources: MemorySource[]): Memory {
  const latest = sources[sources.length - 1];
  return {
    ...memory,
    sources,
    messageId: latest.messageId,
    conversationId: latest.conversationId,
    evidence: latest.evidence,
    text: memory.source === 'user' ? memory.text : (latest.text ?? memory.text),
  };
}

/**
 * `memory` confirmed by `source` (a new message saying it again): the source
 * is added (or, from a message already among its sources, replaced without
 * counting twice), and the memory speaks with its words.
 */
export function confirmedBy(memory: Memory, source: MemorySource, confidence: number, now: number): Memory {
  const known = sourcesOf(memory);
  const same = source.messageId ? known.findIndex((s) => s.messageId === source.messageId) : -1;
  const sources = same >= 0 ? [...known.slice(0, same), ...known.slice(same + 1), source] : [...known, source];
  return {
    ...withSources(memory, sources),
    confidence: Math.max(memory.confidence, confidence),
    hits: (memory.hits ?? 1) + (same >= 0 ? 0 : 1),
    updatedAt: now,
  };
}

/** True when a source of `memory` is one that `from` picks. */
export function learnedFromAny(memory: Memory, from: (source: MemorySource) => boolean): boolean {
  return sourcesOf(memory).some(from);
}

/**
 * `memory` without the sources `from` picks. Undefined when none is left (the
 * memory goes), except for a memory the user edited: theirs, it stays
 * unlinked, without evidence, keyed by its own text. One whose remaining
 * sources support it keeps their words only and counts one confirmation less
 * per source taken out.
 */
export function withoutSources(
  memory: Memory,
  from: (source: MemorySource) => boolean,
  now: number,
): Memory | undefined {
  const known = sourcesOf(memory);
  const left = known.filter((s) => !from(s));
  if (left.length === known.length) return memory;
  if (left.length === 0) {
    if (memory.source !== 'user') return undefined;
    // Its key was made from the conversation's words (to merge repeats); the user's own text makes it now.
    return {
      ...memory,
      key: memoryKey(memory.kind, memory.text),
      sources: undefined,
      messageId: undefined,
      conversationId: undefined,
      evidence: undefined,
      hits: 1,
      updatedAt: now,
    };
  }
  return {
    ...withSources(memory, left),
    hits: Math.max(left.length, (memory.hits ?? known.length) - (known.length - left.length)),
    updatedAt: now,
  };
}

/** What is being forgotten: conversations, their messages, and what their user said (for `mixed` sources). */
export interface ForgottenChats {
  conversations: ReadonlySet<string>;
  messages: ReadonlySet<string>;
  /** The text of their user messages. */
  said: readonly string[];
}

/** The quotation in an evidence line (“…”), if it has one. */
function quoteOf(evidence: string | undefined): string | undefined {
  const from = evidence?.indexOf('“') ?? -1;
  const to = evidence?.lastIndexOf('”') ?? -1;
  return (from >= 0 && to > from && evidence!.slice(from + 1, to).trim()) || undefined;
}

/**
 * Picks the sources that came from `chats`: by their link, and, for a row from
 * before sources were kept (`mixed`), also when what it quotes was said there.
 */
export function fromChats(chats: ForgottenChats): (source: MemorySource) => boolean {
  return (s) => {
    if (s.conversationId && chats.conversations.has(s.conversationId)) return true;
    if (s.messageId && chats.messages.has(s.messageId)) return true;
    if (!s.mixed) return false;
    const quote = quoteOf(s.evidence);
    return !!quote && chats.said.some((text) => text.includes(quote));
  };
}
