'use client';
import { useEffect, useRef, useState } from 'react';
import { Store } from '@/lib/core/store';
import { CompareSession, type CompareState } from '@/lib/personal/compare/session';
import { DEFAULT_IDLE_TIMEOUT_MS } from '@/lib/personal/compare/ask';
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
 * and started on mount, stopped on unmount (closing the dialog stops it and
 * cancels the request in flight; the verdicts given stay). The pair is the
 * one given at mount: later props never restart the sitting with other
 * models (render the names from `state`). Returns the session (undefined on
 * the first render) and its state.
 */
export function useCompareSession(pair: { baseline: string; candidate: string }, count?: number) {
  const { db } = useServices();
  const settings = useSettings();
  const host = settings?.ollamaHost;
  const idleTimeoutMs = (settings?.silenceTimeoutSec ?? DEFAULT_IDLE_TIMEOUT_MS / 1000) * 1000;
  // Fixed when the dialog opens: a model list that reorders (a pull ends) must not swap the models mid-sitting.
  const [fixed] = useState(() => ({ ...pair, count }));
  // The sitting lives in a store of its own, made in the effect: under StrictMode's mount, unmount, mount the first
  // sitting is stopped and a fresh one started, never a stopped one reused.
  const [holder] = useState(() => new Store<CompareSession | undefined>(undefined));
  // Read once per sitting: a change of the silence or length limit in Settings applies to the next one.
  const timeout = useRef(idleTimeoutMs);
  const maxAnswerTokens = useRef(settings?.maxAnswerTokens);
  useEffect(() => {
    timeout.current = idleTimeoutMs;
    maxAnswerTokens.current = settings?.maxAnswerTokens;
  });
  useEffect(() => {
    if (!host) return;
    const s = new CompareSession(
      {
        db,
        host,
        origin: window.location.origin,
        idleTimeoutMs: timeout.current,
        maxAnswerTokens: maxAnswerTokens.current,
      },
      { baseline: fixed.baseline, candidate: fixed.candidate, count: fixed.count, seed: Date.now() },
    );
    holder.set(s);
    void s.start();
    return () => s.stop();
  }, [holder, db, host, fixed]);
  const session = useStore(holder);
  const state = useStore(session?.state ?? NOT_YET);
  return { session, state };
}
