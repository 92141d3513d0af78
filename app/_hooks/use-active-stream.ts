'use client';
import { useCallback, useSyncExternalStore } from 'react';
import type { ActiveStream } from '@/lib/chat/active-streams';
import { useServices } from '../_components/services';

/**
 * The live state of an answer this tab is streaming, or undefined. Updates
 * are coalesced to one per animation frame, however fast tokens arrive.
 */
export function useActiveStream(messageId: string | undefined): ActiveStream | undefined {
  const { streams } = useServices();
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!messageId) return () => {};
      let frame = 0;
      const unsubscribe = streams.subscribe(messageId, () => {
        if (frame) return;
        frame = requestAnimationFrame(() => {
          frame = 0;
          notify();
        });
      });
      return () => {
        if (frame) cancelAnimationFrame(frame);
        unsubscribe();
      };
    },
    [streams, messageId],
  );
  return useSyncExternalStore(
    subscribe,
    () => (messageId ? streams.get(messageId) : undefined),
    () => undefined,
  );
}

/** True while this tab streams an answer in `conversationId`. */
export function useConversationBusy(conversationId: string | undefined): boolean {
  const { streams } = useServices();
  return useSyncExternalStore(
    useCallback((notify: () => void) => streams.subscribeAll(notify), [streams]),
    () => (conversationId ? streams.busyIn(conversationId) : false),
    () => false,
  );
}
