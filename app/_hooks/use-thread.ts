'use client';
import { useMemo } from 'react';
import { liveConversationMessages, type LiveMessages } from '@/lib/db/live-messages';
import { constant } from '@/lib/core/store';
import { buildThread, type ThreadEntry } from '@/lib/db/thread';
import { useServices } from '../_components/services';
import { useStore } from './use-store';

const NO_CONVERSATION = constant<LiveMessages>({ messages: [] });

/**
 * The thread on screen for a conversation (root → leaf, with branches), live
 * across tabs. Saving a streaming answer's text re-reads that answer only
 * (lib/db/live-messages.ts); a read error is thrown to the error boundary.
 */
export function useThread(conversationId: string | undefined, leafId: string | undefined): ThreadEntry[] | undefined {
  const { db } = useServices();
  const live = useMemo(
    () => (conversationId ? liveConversationMessages(db, conversationId) : NO_CONVERSATION),
    [db, conversationId],
  );
  const value = useStore(live);
  const messages = value && 'messages' in value ? value.messages : undefined;
  const thread = useMemo(() => (messages ? buildThread(messages, leafId) : undefined), [messages, leafId]);
  if (value && 'error' in value) throw value.error;
  return thread;
}
