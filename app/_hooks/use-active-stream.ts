'use client';
import { useMemo } from 'react';
import type { ActiveStream } from '@/lib/chat/active-streams';
import { coalesced, constant } from '@/lib/core/store';
import { useServices } from '../_components/services';
import { useStore } from './use-store';

const NOT_STREAMING = constant<ActiveStream | undefined>(undefined);

/** Runs `run` on the next animation frame; returns the function that cancels it. */
function nextFrame(run: () => void): () => void {
  const frame = requestAnimationFrame(run);
  return () => cancelAnimationFrame(frame);
}

/**
 * The live state of an answer this tab is streaming, or undefined. Updates
 * are coalesced to one per animation frame, however fast tokens arrive.
 */
export function useActiveStream(messageId: string | undefined): ActiveStream | undefined {
  const { streams } = useServices();
  const stream = useMemo(
    () => (messageId ? coalesced(streams.stream(messageId), nextFrame) : NOT_STREAMING),
    [streams, messageId],
  );
  return useStore(stream);
}

/** True while this tab streams an answer in `conversationId`. */
export function useConversationBusy(conversationId: string | undefined): boolean {
  const { streams } = useServices();
  return useStore(streams.state, () => (conversationId ? streams.busyIn(conversationId) : false));
}
