/**
 * One conversation as a Markdown document a person reads: the title, when
 * it started, the model, where it came from, then each message of the branch
 * on screen with who wrote it. Message text goes in as written, so code
 * fences (with their language) stay intact.
 */
import type { Conversation, Message } from '../core/records';
import { buildThread } from '../db/thread';
import { SOURCE_NAMES } from './types';

/** A time as "2026-03-01 14:05 UTC" (UTC: the file must read the same wherever it is opened). */
function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The models the answers came from, in the order they first answered. */
function modelsOf(thread: readonly Message[], conversation: Conversation): string[] {
  const models = new Set<string>();
  for (const m of thread) if (m.role === 'assistant' && m.model) models.add(m.model);
  if (models.size === 0 && conversation.model) models.add(conversation.model);
  return [...models];
}

/** The header of one message: who wrote it, with the model for an answer. */
function heading(m: Message): string {
  if (m.role === 'user') return '## You';
  if (m.role === 'system') return '## System';
  return m.model ? `## Assistant (${m.model})` : '## Assistant';
}

/**
 * The Markdown of `conversation`: the branch shown (root to `leafId`), every
 * message with its role, time and text as stored. An answer that stopped
 * early or failed says so under its text.
 */
export function conversationToMarkdown(conversation: Conversation, messages: readonly Message[]): string {
  const thread = buildThread(messages, conversation.leafId).map((e) => e.message);
  const lines: string[] = [`# ${conversation.title.replace(/\s+/g, ' ').trim() || 'Conversation'}`, ''];
  lines.push(`- Started: ${when(conversation.createdAt)}`);
  const last = thread[thread.length - 1];
  if (last) lines.push(`- Last message: ${when(last.createdAt)}`);
  const models = modelsOf(thread, conversation);
  if (models.length) lines.push(`- Model${models.length > 1 ? 's' : ''}: ${models.join(', ')}`);
  if (conversation.importedFrom) lines.push(`- Imported from ${SOURCE_NAMES[conversation.importedFrom.app]}`);
  lines.push(`- Messages: ${thread.length} (the branch on screen)`, '');
  for (const m of thread) {
    lines.push(heading(m), '', `_${when(m.createdAt)}_`, '', m.content.trimEnd(), '');
    if (m.status === 'interrupted') lines.push('_(This answer stopped before it was finished.)_', '');
    if (m.status === 'error') lines.push(`_(This answer failed${m.error ? `: ${m.error.message}` : ''}.)_`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
