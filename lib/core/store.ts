/**
 * The one observable-value base of the app: a value, a way to read it, and
 * listeners told when it changes. Every in-memory store (streams, pulls,
 * scans, updates, toasts, settings) holds one of these instead of its own
 * listener set, and React reads any of them through the one `useStore` hook
 * (app/_hooks/use-store.ts) with useSyncExternalStore.
 *
 * It sits in lib/core beside ids.ts and timing.ts because every layer
 * uses it: a store in lib/ollama must not import the composition root.
 */

/** Something to read now and to be told about when it changes (the shape useSyncExternalStore wants). */
export interface Readable<T> {
  /** The current value; the same object until it changes, so it is a valid useSyncExternalStore snapshot. */
  get(): T;
  /** Calls `listener` after every change; returns the function that stops it (safe to call twice). */
  subscribe(listener: () => void): () => void;
}

/**
 * A value with change notification. `set` notifies only when the value really
 * changed (by `equals`, identity unless given), so the value read between
 * changes is always the same object: a stable snapshot.
 */
export class Store<T> implements Readable<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();

  constructor(
    initial: T,
    private readonly equals: (a: T, b: T) => boolean = Object.is,
  ) {
    this.value = initial;
  }

  // Arrow properties, so `store.get` and `store.subscribe` can be handed around unbound.
  /** The current value. */
  readonly get = (): T => this.value;

  /** Calls `listener` after each change, in subscription order; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    // A wrapper per subscription, so subscribing one function twice needs two unsubscribes.
    const entry = () => listener();
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  };

  /** Replaces the value and notifies, unless it equals the current one. */
  set(next: T): void {
    if (this.equals(this.value, next)) return;
    this.value = next;
    // A copy: a listener that unsubscribes (or subscribes another) must not change who hears this change.
    for (const listener of [...this.listeners]) listener();
  }

  /** Sets the value computed from the current one. */
  update(change: (current: T) => T): void {
    this.set(change(this.value));
  }

  /** How many listeners are subscribed (what tests check to see that everything was let go). */
  get listenerCount(): number {
    return this.listeners.size;
  }
}

/**
 * A part of another readable: reads `select(source)`, and tells its listeners
 * only when that part changed (by identity), however often the source did.
 */
export function derived<T, S>(source: Readable<T>, select: (value: T) => S): Readable<S> {
  return {
    get: () => select(source.get()),
    subscribe(listener) {
      let last = select(source.get());
      return source.subscribe(() => {
        const next = select(source.get());
        if (Object.is(next, last)) return;
        last = next;
        listener();
      });
    },
  };
}

/**
 * The same value, with each listener told at most once per `schedule` tick
 * (for example one animation frame) however many changes came in it.
 * `schedule` runs its callback later and returns a function that cancels it.
 */
export function coalesced<T>(source: Readable<T>, schedule: (run: () => void) => () => void): Readable<T> {
  return {
    get: () => source.get(),
    subscribe(listener) {
      let cancel: (() => void) | undefined;
      const stop = source.subscribe(() => {
        cancel ??= schedule(() => {
          cancel = undefined;
          listener();
        });
      });
      return () => {
        cancel?.();
        cancel = undefined;
        stop();
      };
    },
  };
}

/** A value that never changes (where a store may be missing, such as updates without a service worker). */
export function constant<T>(value: T): Readable<T> {
  return { get: () => value, subscribe: () => () => undefined };
}
