'use client';
import { useEffect, useState } from 'react';
import { Store } from '@/lib/core/store';
import { CompareSession, type CompareState } from '@/lib/personal/compare/session';
import { useServices } from '../_components/services';
import { useSettings } from './use-settings';
import { useStore } from './use-store';

/** Shown before the sitting exists (the first render): preparing, nothing asked. */
const NOT_YET = new Store<CompareState>({
  sessionId: '',
  baseline: '',
  candidate: '',
  phase: 'preparing',
  rounds: [],
  index: 0,
  stopped: false,
});

/**
 * A sitting of the model check for as long as the component is mounted: made
 * and started on mount, stopped on unmount (closing the dialog stops it; the
 * verdicts given stay). Returns the session (undefined on the first render)
 * and its state.
 */
export function useCompareSession(pair: { baseline: string; candidate: string }, count?: number) {
  const { db } = useServices();
  const host = useSettings()?.ollamaHost;
  // The sitting lives in a store of its own, made in the effect: under StrictMode's mount, unmount, mount the first
  // sitting is stopped and a fresh one started, never a stopped one reused.
  const [holder] = useState(() => new Store<CompareSession | undefined>(undefined));
  useEffect(() => {
    if (!host) return;
    const s = new CompareSession(
      { db, host, origin: window.location.origin },
      { baseline: pair.baseline, candidate: pair.candidate, count, seed: Date.now() },
    );
    holder.set(s);
    void s.start();
    return () => s.stop();
  }, [holder, db, host, pair.baseline, pair.candidate, count]);
  const session = useStore(holder);
  const state = useStore(session?.state ?? NOT_YET);
  return { session, state };
}
