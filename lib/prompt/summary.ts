/**
 * Keeping a long conversation within the context window without dropping
 * turns silently: the model writes a summary of the older turns in the
 * background, and the prompt constructor uses it in their place.
 */
import type { Message } from '../core/records';
import { estimateMessageTokens } from '../core/tokens';

/** Start summarising once the thread takes this share of the room the conversation has. */
export const SUMMARY_TRIGGER = 0.7;
/** Keep this share of that room for recent turns, verbatim. */
export const RECENT_SHARE = 0.45;

export interface SummaryPlan {
  /** The older messages to summarise (oldest first). */
  older: Pick<Message, 'id' | 'role' | 'content'>[];
  /** The last message the summary will cover. */
  throughMessageId: string;
}

/**
 * What to summarise for a thread that has `room` tokens for the conversation:
 * nothing while it fits comfortably; otherwise everything but the recent turns
 * (ending on an answer, so the summary covers whole exchanges). Undefined when
 * the existing summary already reaches far enough.
 */
export function planSummary(
  thread: readonly Pick<Message, 'id' | 'role' | 'content'>[],
  room: number,
  existingThroughId?: string,
): SummaryPlan | undefined {
  const total = thread.reduce((n, m) => n + estimateMessageTokens(m), 0);
  if (total <= room * SUMMARY_TRIGGER || thread.length < 4) return undefined;
  let recent = 0;
  let cut = thread.length;
  while (cut > 1 && recent + estimateMessageTokens(thread[cut - 1]) <= room * RECENT_SHARE) {
    recent += estimateMessageTokens(thread[cut - 1]);
    cut--;
  }
  // End the summarised part on an answer.
  while (cut > 0 && thread[cut - 1].role !== 'assistant') cut--;
  if (cut < 2) return undefined;
  const older = thread.slice(0, cut);
  const through = older[older.length - 1].id;
  if (existingThroughId) {
    const have = thread.findIndex((m) => m.id === existingThroughId);
    // Summarise again only once a good stretch of new turns has fallen out of the recent window.
    if (have !== -1 && cut - 1 - have < 4) return undefined;
  }
  return { older, throughMessageId: through };
}

/** The request that asks the model for a summary (system + one user message). */
export function summaryRequest(
  older: readonly Pick<Message, 'role' | 'content'>[],
  previous?: string,
): { role: 'system' | 'user'; content: string }[] {
  const transcript = older.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`).join('\n\n');
  return [
    {
      role: 'system',
      content:
        'You keep notes on a conversation between a developer and their coding assistant. Summarise the conversation below for the assistant to continue it: ' +
        'what the user is building, their goals and constraints, decisions made, code and names established (keep identifiers, file names and versions exact), ' +
        'what worked and what did not, and open questions. At most 200 words, plain sentences or a short list. No preamble.',
    },
    {
      role: 'user',
      content: `${previous ? `Earlier notes:\n${previous}\n\n` : ''}Conversation:\n${transcript.slice(0, 60_000)}`,
    },
  ];
}

/** Cleans a model's summary: no <think> block, no "Summary:" label, trimmed, bounded. Empty when unusable. */
export function cleanSummary(raw: string): string {
  const text = raw
    .replace(/<think>[\s\S]*?(<\/think>|$)/gi, '')
    .replace(/^\s*(?:summary|notes)\s*:\s*/i, '')
    .trim();
  return text.length < 20 ? '' : text.slice(0, 4000);
}
