/** An import's outcome in one or two sentences for the user. */
import type { ImportResult } from './write';
import { SOURCE_NAMES, type SkipReport } from './types';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** Reasons with their counts, most first, ties in alphabetical order: "tool calls (12), images (3)". */
function counted(entries: Iterable<[string, number]>): string {
  return [...entries]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, k]) => `${reason} (${n(k)})`)
    .join(', ');
}

/** "3 skipped: no text messages (2), not a readable ChatGPT conversation (1)" (empty when none). */
export function describeSkippedConversations(skipped: SkipReport): string {
  const list = skipped.conversations;
  if (list.length === 0) return '';
  const byReason = new Map<string, number>();
  for (const c of list) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + 1);
  return `${n(list.length)} skipped: ${counted(byReason)}`;
}

/** "tool calls (12), images (3)" (empty when nothing was left out of the conversations kept). */
export function describeLeftOutParts(skipped: SkipReport): string {
  return counted(Object.entries(skipped.parts));
}

/**
 * "Imported 42 conversations (1,203 messages) from ChatGPT; 3 skipped: …",
 * saying also what was already there and what was left out of the rest.
 */
export function describeImport(result: ImportResult): string {
  const parts = [
    `Imported ${plural(result.conversations, 'conversation')} (${plural(result.messages, 'message')}) from ${SOURCE_NAMES[result.app]}`,
  ];
  if (result.extended) parts.push(`${plural(result.extended, 'conversation')} imported before got new messages`);
  if (result.unchanged)
    parts.push(`${plural(result.unchanged, 'conversation was', 'conversations were')} already here`);
  const skipped = describeSkippedConversations(result.skipped);
  if (skipped) parts.push(skipped);
  const leftOut = describeLeftOutParts(result.skipped);
  return `${parts.join('; ')}.${leftOut ? ` Left out: ${leftOut}.` : ''}`;
}
