'use client';
import { useLiveQuery } from 'dexie-react-hooks';
import { getSettings, type Settings } from '@/lib/db/settings';
import { useServices } from '../_components/services';

/** The settings, live across tabs; undefined until read the first time. */
export function useSettings(): Settings | undefined {
  const { db } = useServices();
  return useLiveQuery(() => getSettings(db), [db]);
}
