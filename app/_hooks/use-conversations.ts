'use client';
import { useLiveQuery } from 'dexie-react-hooks';
import { listConversations } from '@/lib/db/conversations';
import type { Conversation } from '@/lib/core/records';
import { useServices } from '../_components/services';

/** Conversations for the sidebar (pinned first), live across tabs. */
export function useConversations(): Conversation[] | undefined {
  const { db } = useServices();
  return useLiveQuery(() => listConversations(db), [db]);
}

/** One conversation, live; null when it does not exist (or was deleted). */
export function useConversation(id: string | undefined): Conversation | null | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    if (!id) return null;
    const c = await db.conversations.get(id);
    return c && !c.deletedAt ? c : null;
  }, [db, id]);
}
