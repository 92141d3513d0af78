/**
 * A promise the test settles by hand: a gate a slow fake source waits at, or
 * an event a test awaits, so a test waits for what happened and never for a
 * fixed time.
 */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
  /** True once resolve or reject was called. */
  readonly settled: boolean;
}

/** A new unsettled Deferred; settling it twice keeps the first outcome. */
export function deferred<T = void>(): Deferred<T> {
  let settled = false;
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = (value) => {
      settled = true;
      res(value);
    };
    reject = (reason) => {
      settled = true;
      rej(reason);
    };
  });
  return {
    promise,
    resolve,
    reject,
    get settled() {
      return settled;
    },
  };
}
