'use client';
/** A value that follows another after it has stood still for a while. */
import { useEffect, useState } from 'react';

/**
 * `value` once it has not changed for `ms` milliseconds (the first value at
 * once): a query keyed by it runs once per pause, not once per keystroke or
 * slider step.
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
