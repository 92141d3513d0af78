/** Groups conversations for the sidebar: Pinned, then Today, Yesterday, Previous 7 days, Previous 30 days, Older. */
import type { Conversation } from '../core/records';

export interface ConversationGroup {
  label: string;
  conversations: Conversation[];
}

/** Splits an already sorted list into labelled groups (empty groups are left out). */
export function groupByRecency(list: readonly Conversation[], now = Date.now()): ConversationGroup[] {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const today = start.getTime();
  const day = 86_400_000;
  const buckets: [string, (c: Conversation) => boolean][] = [
    ['Pinned', (c) => c.pinned === 1],
    ['Today', (c) => c.updatedAt >= today],
    ['Yesterday', (c) => c.updatedAt >= today - day],
    ['Previous 7 days', (c) => c.updatedAt >= today - 7 * day],
    ['Previous 30 days', (c) => c.updatedAt >= today - 30 * day],
    ['Older', () => true],
  ];
  const groups = buckets.map(([label]) => ({ label, conversations: [] as Conversation[] }));
  for (const c of list) {
    const i = buckets.findIndex(([, test]) => test(c));
    groups[i].conversations.push(c);
  }
  return groups.filter((g) => g.conversations.length > 0);
}
