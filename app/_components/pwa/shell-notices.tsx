'use client';
/**
 * Slim notices above every page: the offline indicator and the calm "new
 * version" offer. Both are announced politely; neither takes focus.
 */
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { describeAvailability } from '@/lib/pwa/availability';
import { useOnline } from '../../_hooks/use-online';
import { useConnection } from '../../_hooks/use-connection';
import { useUpdatePhase } from '../../_hooks/use-update-phase';
import { useServices } from '../services';
import { CloseIcon } from '../icons';
import { queryKeys } from '@/lib/services/query-keys';

function OfflineNotice() {
  const online = useOnline();
  const connection = useConnection();
  const queryClient = useQueryClient();
  const wasOnline = useRef(online);

  // Back online: look for Ollama at once rather than at the next poll.
  useEffect(() => {
    if (online && !wasOnline.current) void queryClient.invalidateQueries({ queryKey: queryKeys.connection.all });
    wasOnline.current = online;
  }, [online, queryClient]);

  const availability = describeAvailability(online, connection.data?.status);
  if (!availability) return null;
  return (
    <div
      role="region"
      aria-label="Connection"
      data-testid="offline-indicator"
      data-keeps-focus
      className="flex shrink-0 items-center gap-2 border-b border-border bg-subtle px-4 py-1.5 text-xs text-fg"
    >
      <span className="inline-flex items-center gap-1.5 rounded-full bg-warn-soft px-2 py-0.5 font-semibold text-warn">
        <span className="h-1.5 w-1.5 rounded-full bg-warn" aria-hidden="true" />
        {availability.title}
      </span>
      <span className="min-w-0 text-muted" role="status">
        {availability.detail}
      </span>
    </div>
  );
}

function UpdateOffer() {
  const { updates } = useServices();
  const phase = useUpdatePhase();

  // Tells the page's state to anyone looking (DevTools, the tests): 'held' means waiting for an answer to finish.
  useEffect(() => {
    document.documentElement.dataset.update = phase;
  }, [phase]);

  if (!updates || (phase !== 'offered' && phase !== 'applying')) return null;
  return (
    <div
      role="region"
      aria-label="Update"
      data-testid="update-offer"
      data-keeps-focus
      className="flex shrink-0 items-center gap-3 border-b border-accent/30 bg-accent-soft px-4 py-2 text-sm text-fg"
    >
      <span className="min-w-0 flex-1" role="status">
        A new version of Codelumi is ready
      </span>
      <button
        type="button"
        onClick={() => updates.apply()}
        disabled={phase === 'applying'}
        className="rounded-md bg-accent px-3 py-1 text-xs font-semibold text-accent-fg hover:opacity-90 disabled:opacity-60"
      >
        {phase === 'applying' ? 'Reloading…' : 'Reload'}
      </button>
      <button
        type="button"
        onClick={() => updates.dismiss()}
        className="rounded-md p-1 text-muted hover:bg-subtle hover:text-fg"
        aria-label="Not now"
      >
        <CloseIcon className="h-3.5 w-3.5" />
      </button>
    </div>
  );
}

export function ShellNotices() {
  return (
    <>
      <UpdateOffer />
      <OfflineNotice />
    </>
  );
}
