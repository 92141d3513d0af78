'use client';
import type { Signal } from '@/lib/core/records';
import { useServices } from '../_components/services';
import { useKeyedLiveQuery } from './use-keyed-live-query';

/** The signals on one answer, oldest first, live from IndexedDB (the learning worker adds them); undefined until read. */
export function useAnswerSignals(messageId: string): Signal[] | undefined {
  const { db } = useServices();
  return useKeyedLiveQuery(messageId, () => db.signals.where('messageId').equals(messageId).sortBy('createdAt'), [db]);
}
