'use client';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import type { Conversation } from '@/lib/core/records';
import { ChatSession, type ChatSessionDeps } from '@/lib/chat/session';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useChatActions } from '../../_hooks/use-chat-actions';
import type { ChatController } from './chat-controller';

/**
 * The page's ChatSession (created once) and its state. The session reads the
 * latest chat actions through a ref: they change with Settings, the session
 * does not. `onOpen` shows a new chat once stored (default: its address).
 */
export function useChatSession(project: string, onOpen?: (id: string) => void) {
  const services = useServices();
  const toasts = useToasts();
  const router = useRouter();
  const actions = useChatActions();
  const latest = useRef({ actions, toasts, router, onOpen });
  useLayoutEffect(() => {
    latest.current = { actions, toasts, router, onOpen };
  });
  // eslint-disable-next-line react-hooks/refs -- the deps read `latest` only when the session acts (after an event), never while this initializer runs; the session is created once and must outlive changes of actions, toasts and router
  const [session] = useState(() => {
    const deps: ChatSessionDeps = {
      db: services.db,
      actions: () => latest.current.actions,
      runner: services.runner,
      report: services.report,
      notify: (text) => latest.current.toasts.show({ text }),
      open: (id) => (latest.current.onOpen ? latest.current.onOpen(id) : latest.current.router.replace(`/?c=${id}`)),
    };
    return new ChatSession(deps, project);
  });
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  return { session, state };
}

/**
 * What the messages of the conversation shown can ask of the session.
 * `conversationId` is the one asked for, `saved` the one loaded from the database.
 */
export function useChatController(
  session: ChatSession,
  conversationId: string | undefined,
  saved: Conversation | undefined,
  busy: boolean,
): ChatController {
  const savedId = saved?.id;
  return useMemo<ChatController>(
    () => ({
      busy,
      sendFollowUp: (text) => session.sendFollowUp(savedId, text),
      regenerate: session.regenerate,
      continueAnswer: session.continueAnswer,
      edit: session.edit,
      selectBranch: (messageId) => session.selectBranch(conversationId, messageId),
      recordCopy: (message, what, extra) => session.recordCopy(message, what, extra),
    }),
    [session, conversationId, savedId, busy],
  );
}

/** Escape stops the answer streaming (unless a dialog is open: Escape closes that). */
export function useEscapeStops(busy: boolean, stop: () => void): void {
  const latest = useRef(stop);
  useLayoutEffect(() => {
    latest.current = stop;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && busy && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        latest.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy]);
}
