/**
 * Small timing helpers for long work that must not hold the thread or the
 * user: letting other tasks run in between, and giving up on a wait.
 */

/** Resolves on a later task, so messages, events and rendering waiting for the thread run first. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * `promise`'s value if it settles within `ms`, else undefined (a rejection
 * also gives undefined). The work itself goes on: whoever started it can
 * still use it later (a cached index being built, say). Without `ms`, simply
 * `promise`.
 */
export function within<T>(promise: Promise<T>, ms?: number): Promise<T | undefined> {
  if (ms === undefined) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
