'use client';
import { useSearchParams } from 'next/navigation';
import { groupByRecency } from '@/lib/chat/recency-groups';
import { useConversations } from '../../_hooks/use-conversations';
import { ConversationItem } from './conversation-item';

/** The conversations, grouped by recency, pinned first. */
export function ConversationList() {
  const conversations = useConversations();
  const activeId = useSearchParams().get('c') ?? undefined;
  if (!conversations) return null;
  if (conversations.length === 0) {
    return (
      <p className="px-3 py-6 text-center text-sm text-muted">
        No conversations yet. Your chats are saved here, on this device.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      {groupByRecency(conversations).map((group) => (
        <section key={group.label} aria-label={group.label}>
          <h2 className="px-3 pb-1 text-xs font-medium text-muted">{group.label}</h2>
          <ul className="space-y-0.5">
            {group.conversations.map((c) => (
              <ConversationItem key={c.id} conversation={c} active={c.id === activeId} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
