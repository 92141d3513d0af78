'use client';
import type { Settings } from '@/lib/db/settings';
import { useServices } from '../_components/services';
import { useStore } from './use-store';

/**
 * The settings, live across tabs; undefined until read the first time. The
 * object keeps its identity until a value really changes, so the many hooks
 * built on it do not re-run when an unrelated write wakes the live query.
 */
export function useSettings(): Settings | undefined {
  return useStore(useServices().settings.state);
}
