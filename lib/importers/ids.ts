/**
 * Row ids derived from the source's own ids, so importing the same export
 * twice finds the rows the first import wrote instead of adding copies. The
 * source ids themselves are not used as they are: they may hold any
 * character, and conversation ids travel in the address (`/?c=<id>`).
 */
import type { SourceApp } from './types';

/** cyrb53: a fast 53-bit string hash with good spread; two seeds give about 106 bits. */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

/** The same id for the same source parts, every time: `<app>-<22 base-36 characters>`. */
function stableId(app: SourceApp, parts: readonly string[]): string {
  const key = [app, ...parts].join('\u0000');
  return `${app}-${cyrb53(key, 1)}${cyrb53(key, 2)}`;
}

/** The conversation id for a source conversation. */
export function conversationIdFor(app: SourceApp, sourceConversationId: string): string {
  return stableId(app, [sourceConversationId]);
}

/** The message id for a source message of a source conversation. */
export function messageIdFor(app: SourceApp, sourceConversationId: string, sourceMessageId: string): string {
  return stableId(app, [sourceConversationId, sourceMessageId]);
}
