import { describe, expect, it } from 'vitest';
import { coalesced, constant, derived, Store } from '@/lib/core/store';

describe('Store', () => {
  it('tells its listeners about a change and keeps the same value object between changes', () => {
    const store = new Store({ n: 1 });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get().n));
    const before = store.get();
    expect(store.get()).toBe(before);
    store.set({ n: 2 });
    store.update((v) => ({ n: v.n + 1 }));
    expect(seen).toEqual([2, 3]);
    expect(store.get()).toBe(store.get());
  });

  it('does not notify when the value did not change (by identity, or by the equality it was given)', () => {
    const value = { n: 1 };
    const byIdentity = new Store(value);
    const byN = new Store(value, (a, b) => a.n === b.n);
    let calls = 0;
    byIdentity.subscribe(() => calls++);
    byN.subscribe(() => calls++);
    byIdentity.set(value);
    byN.set({ n: 1 });
    expect(calls).toBe(0);
    expect(byN.get()).toBe(value);
  });

  it('stops telling a listener once unsubscribed, and unsubscribing twice is harmless', () => {
    const store = new Store(0);
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set(1);
    off();
    off();
    store.set(2);
    expect(calls).toBe(1);
    expect(store.listenerCount).toBe(0);
  });

  it('counts one function subscribed twice as two subscriptions', () => {
    const store = new Store(0);
    let calls = 0;
    const listener = () => calls++;
    const offA = store.subscribe(listener);
    store.subscribe(listener);
    offA();
    store.set(1);
    expect(calls).toBe(1);
  });

  it('lets every listener subscribed at the change hear it, even when one unsubscribes another', () => {
    const store = new Store(0);
    const heard: string[] = [];
    let offB = () => {};
    store.subscribe(() => {
      heard.push('a');
      offB();
    });
    offB = store.subscribe(() => heard.push('b'));
    store.set(1);
    store.set(2);
    expect(heard).toEqual(['a', 'b', 'a']);
  });
});

describe('derived', () => {
  it('reads a part of a store and notifies only when that part changes', () => {
    const store = new Store(new Map([['a', { v: 1 }]]));
    const a = derived(store, (m) => m.get('a'));
    let calls = 0;
    a.subscribe(() => calls++);
    const first = a.get();
    store.set(new Map(store.get()).set('b', { v: 2 }));
    expect(calls).toBe(0);
    expect(a.get()).toBe(first);
    store.set(new Map(store.get()).set('a', { v: 3 }));
    expect(calls).toBe(1);
    expect(a.get()).toEqual({ v: 3 });
  });
});

describe('coalesced', () => {
  it('tells each listener once per tick, however many changes came in it, and cancels the tick on unsubscribe', () => {
    const store = new Store(0);
    const ticks: (() => void)[] = [];
    let cancelled = 0;
    const framed = coalesced(store, (run) => {
      ticks.push(run);
      return () => cancelled++;
    });
    let calls = 0;
    const off = framed.subscribe(() => calls++);
    store.set(1);
    store.set(2);
    store.set(3);
    expect(ticks).toHaveLength(1);
    ticks.shift()!();
    expect(calls).toBe(1);
    expect(framed.get()).toBe(3);
    store.set(4);
    off();
    expect(cancelled).toBe(1);
    expect(store.listenerCount).toBe(0);
  });
});

describe('constant', () => {
  it('always reads the same value and never notifies', () => {
    const none = constant('none');
    const off = none.subscribe(() => {
      throw new Error('a constant changed');
    });
    expect(none.get()).toBe('none');
    off();
  });
});
