'use client';
import { useLiveQuery } from 'dexie-react-hooks';
import { sidebarConversations, type SidebarPage } from '@/lib/db/conversations';
import type { Conversation } from '@/lib/core/records';
import { useServices } from '../_components/services';
import { useKeyedLiveQuery } from './use-keyed-live-query';

/**
 * The sidebar's conversations (pinned first): the first `shown` and the open
 * one, live across tabs; undefined while the first read runs. A new `shown`
 * or open conversation keeps the page before until its read is in.
 */
export function useSidebarConversations(shown: number, activeId: string | undefined): SidebarPage | undefined {
  const { db } = useServices();
  return useLiveQuery(() => sidebarConversations(db, shown, activeId), [db, shown, activeId]);
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
