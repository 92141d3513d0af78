'use client';
import { useSyncExternalStore } from 'react';
import type { UpdatePhase } from '@/lib/pwa/update-policy';
import { useServices } from '../_components/services';

const never = () => () => undefined;

/** Where the service worker's update stands for this tab ('none' without a worker). */
export function useUpdatePhase(): UpdatePhase {
  const { updates } = useServices();
  return useSyncExternalStore(
    updates ? (l) => updates.subscribe(l) : never,
    () => updates?.phase ?? 'none',
    () => 'none',
  );
}
