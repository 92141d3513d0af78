'use client';
import type { PullState } from '@/lib/ollama/pull-manager';
import { useServices } from '../_components/services';
import { useStore } from './use-store';

/** The model pulls of this tab, live. */
export function usePulls(): PullState[] {
  return useStore(useServices().pulls.state);
}
