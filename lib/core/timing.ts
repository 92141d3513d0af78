/**
 * Small timing helpers for long work that must not hold the thread or the
 * user: letting other tasks run in between, and giving up on a wait.
 */

/** Resolves on a later task, so messages, events and rendering waiting for the thread run first. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves when the page is next idle (requestIdleCallback), or after
 * `timeoutMs` at the latest on a page that is never idle; on a later task
 * where there is no idle callback (workers in some browsers, Node).
 */
export function whenIdle(timeoutMs: number): Promise<void> {
  if (typeof requestIdleCallback !== 'function') return nextTask();
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: timeoutMs }));
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

/** A watch on a stream's silence: see `idleWatch`. */
export interface IdleWatch {
  /** Starts (or starts again) the wait: call it on each sign of life. */
  restart(): void;
  /** Ends the wait without firing. */
  stop(): void;
  /** True once the silence lasted `ms` and `onIdle` was called. */
  readonly fired: boolean;
}

/**
 * Calls `onIdle` once when `ms` pass without a `restart` (the stream went
 * silent); never when `ms` is unset or 0 (no limit). Nothing runs until the
 * first `restart`. A restart only moves the deadline: it is called for every
 * chunk of a stream (hundreds a second), and one timer that looks at the
 * deadline when it fires costs less than clearing and setting a timer each time.
 * The deadline is on the monotonic clock: a wall clock set forward must not cut a live stream.
 */
export function idleWatch(ms: number | undefined, onIdle: () => void): IdleWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline = 0;
  let fired = false;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const check = () => {
    timer = undefined;
    const left = deadline - performance.now();
    if (left > 0) timer = setTimeout(check, left);
    else {
      fired = true;
      onIdle();
    }
  };
  return {
    restart() {
      if (!ms || ms <= 0) return;
      deadline = performance.now() + ms;
      timer ??= setTimeout(check, ms);
    },
    stop,
    get fired() {
      return fired;
    },
  };
}
