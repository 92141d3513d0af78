'use client';
import { useCallback, useSyncExternalStore } from 'react';
import { blockKey } from '@/lib/runner/board';
import { latestRun } from '@/lib/runner/record';
import { useServices } from '../_components/services';
import { useKeyedLiveQuery } from './use-keyed-live-query';

/** A code block's run in this tab (live) and its last stored run (from earlier visits or other tabs). */
export function useBlockRun(messageId: string, blockIndex: number) {
  const { runner, db } = useServices();
  const key = blockKey(messageId, blockIndex);
  const subscribe = useCallback((fn: () => void) => runner.subscribe(key, fn), [runner, key]);
  const live = useSyncExternalStore(
    subscribe,
    () => runner.snapshot(key),
    () => undefined,
  );
  const draft = useSyncExternalStore(
    subscribe,
    () => runner.draft(key),
    () => undefined,
  );
  const busy = useSyncExternalStore(
    subscribe,
    () => runner.busy(key),
    () => false,
  );
  const stored = useKeyedLiveQuery(key, () => latestRun(db, messageId, blockIndex), [db]);
  return { key, live, draft, busy, stored, runner };
}
