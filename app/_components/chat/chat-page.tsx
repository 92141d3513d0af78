'use client';
/**
 * The chat: one conversation (`?c=<id>`), a new one (no `c`), or a temporary
 * one (`?temporary=1`, never stored: temporary-chat.tsx). A thin view over the
 * page's ChatSession (lib/chat/session.ts), which runs each turn: this file
 * reads what to show and hands the user's actions to the session.
 */
import { useSearchParams } from 'next/navigation';
import { ChatView } from './chat-view';
import { TemporaryChat } from './temporary-chat';

export default function ChatPage() {
  const params = useSearchParams();
  if (params.get('temporary') === '1') return <TemporaryChat />;
  return <ChatView conversationId={params.get('c') ?? undefined} />;
}
