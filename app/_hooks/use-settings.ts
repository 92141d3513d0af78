'use client';
import { useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getSettings, type Settings } from '@/lib/db/settings';
import { useServices } from '../_components/services';

/**
 * The settings, live across tabs; undefined until read the first time. The
 * object keeps its identity until a value really changes, so the many hooks
 * built on it do not re-run when an unrelated write wakes the live query.
 */
export function useSettings(): Settings | undefined {
  const { db } = useServices();
  const fresh = useLiveQuery(() => getSettings(db), [db]);
  const stable = useRef<{ json: string; value: Settings } | undefined>(undefined);
  if (fresh) {
    const json = JSON.stringify(fresh);
    if (stable.current?.json !== json) stable.current = { json, value: fresh };
  }
  return stable.current?.value;
}
