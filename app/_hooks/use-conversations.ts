'use client';
import { useLiveQuery } from 'dexie-react-hooks';
import { listConversations } from '@/lib/db/conversations';
import type { Conversation } from '@/lib/core/records';
import { useServices } from '../_components/services';
import { useKeyedLiveQuery } from './use-keyed-live-query';

/** Conversations for the sidebar (pinned first), live across tabs. */
export function useConversations(): Conversation[] | undefined {
  const { db } = useServices();
  return useLiveQuery(() => listConversations(db), [db]);
}

/**
 * One conversation, live; null when it does not exist (or was deleted) and
 * for no id, undefined while it loads. Never the conversation of the id
 * before: a live query answers with its last result until the new one is in,
 * and a new chat opened from a conversation showed (and sent to) the
 * conversation left for that moment.
 */
export function useConversation(id: string | undefined): Conversation | null | undefined {
  const { db } = useServices();
  const found = useKeyedLiveQuery(
    id ?? '',
    async () => {
      const c = id ? await db.conversations.get(id) : undefined;
      return c && !c.deletedAt ? c : null;
    },
    [db],
  );
  return id ? found : null;
}
