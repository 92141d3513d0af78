'use client';
import { useCallback, useSyncExternalStore } from 'react';
import type { PullState } from '@/lib/ollama/pull-manager';
import { useServices } from '../_components/services';

/** The model pulls of this tab, live. */
export function usePulls(): PullState[] {
  const { pulls } = useServices();
  return useSyncExternalStore(
    useCallback((notify: () => void) => pulls.subscribe(notify), [pulls]),
    () => pulls.list(),
    () => pulls.list(),
  );
}
