'use client';
import { constant } from '@/lib/core/store';
import type { UpdatePhase } from '@/lib/pwa/update-policy';
import { useServices } from '../_components/services';
import { useStore } from './use-store';

const NO_UPDATES = constant<UpdatePhase>('none');

/** Where the service worker's update stands for this tab ('none' without a worker). */
export function useUpdatePhase(): UpdatePhase {
  const { updates } = useServices();
  return useStore(updates?.state ?? NO_UPDATES);
}
