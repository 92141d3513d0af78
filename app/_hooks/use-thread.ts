'use client';
import { useLiveQuery } from 'dexie-react-hooks';
import { conversationMessages } from '@/lib/db/messages';
import { buildThread, type ThreadEntry } from '@/lib/db/thread';
import { useServices } from '../_components/services';

/** The thread on screen for a conversation (root → leaf, with branches), live across tabs. */
export function useThread(conversationId: string | undefined, leafId: string | undefined): ThreadEntry[] | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    if (!conversationId) return [];
    return buildThread(await conversationMessages(db, conversationId), leafId);
  }, [db, conversationId, leafId]);
}
