/**
 * Whether a model check's dialog is open on this page. While one is, the
 * Models list hides which models are in memory: a badge refreshing to
 * "In memory · unloads in 5 min" would tell which model just answered.
 */
import { Store } from '@/lib/core/store';

/** How many check dialogs are mounted (0 or 1 in practice; a count so a StrictMode remount cannot leave it wrong). */
export const openChecks = new Store<number>(0);

/** Counts a dialog in while mounted; returns the function that counts it out. */
export function countCheckOpen(): () => void {
  openChecks.update((n) => n + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    openChecks.update((n) => n - 1);
  };
}
