'use client';
import { useSyncExternalStore } from 'react';
import type { Readable } from '@/lib/core/store';

/**
 * The value of a lib/ store, re-rendering when it changes: the one way React
 * subscribes to the app's in-memory state. With `select`, the component
 * re-renders only when the selected part changes (it must return a stored
 * object or a primitive, not a fresh one).
 */
export function useStore<T>(store: Readable<T>): T;
export function useStore<T, S>(store: Readable<T>, select: (value: T) => S): S;
export function useStore<T, S>(store: Readable<T>, select?: (value: T) => S): T | S {
  const read = () => (select ? select(store.get()) : store.get());
  return useSyncExternalStore(store.subscribe, read, read);
}
