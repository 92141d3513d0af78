/**
 * `promise`'s value if it settles within `ms`, else undefined (a rejection
 * also gives undefined). The work itself goes on: whoever started it can
 * still use it later (a cached index being built, say).
 */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
