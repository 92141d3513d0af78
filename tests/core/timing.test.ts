import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { idleWatch, whenIdle } from '@/lib/core/timing';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('fires once after a silence as long as its limit, and each sign of life starts the wait again', () => {
  const onIdle = vi.fn();
  const idle = idleWatch(1000, onIdle);
  vi.advanceTimersByTime(5000);
  expect(onIdle).not.toHaveBeenCalled(); // nothing runs before the first restart
  idle.restart();
  vi.advanceTimersByTime(900);
  idle.restart();
  vi.advanceTimersByTime(900);
  expect([onIdle.mock.calls.length, idle.fired]).toEqual([0, false]);
  vi.advanceTimersByTime(100);
  expect([onIdle.mock.calls.length, idle.fired]).toEqual([1, true]);
});

it('never fires once stopped, nor without a limit', () => {
  const stopped = vi.fn();
  const watch = idleWatch(1000, stopped);
  watch.restart();
  watch.stop();
  const unlimited = vi.fn();
  idleWatch(0, unlimited).restart();
  idleWatch(undefined, unlimited).restart();
  vi.advanceTimersByTime(10_000);
  expect([stopped.mock.calls.length, unlimited.mock.calls.length]).toEqual([0, 0]);
});

it('fires no earlier than its limit after the last restart, with one timer however many restarts', () => {
  const onIdle = vi.fn();
  const idle = idleWatch(1000, onIdle);
  for (let i = 0; i < 500; i++) {
    vi.advanceTimersByTime(2);
    idle.restart();
  }
  expect(vi.getTimerCount()).toBe(1);
  vi.advanceTimersByTime(999);
  expect(onIdle).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(onIdle).toHaveBeenCalledTimes(1);
  expect(vi.getTimerCount()).toBe(0);
});

it('leaves no timer when stopped after restarts moved its deadline', () => {
  const onIdle = vi.fn();
  const idle = idleWatch(1000, onIdle);
  idle.restart();
  vi.advanceTimersByTime(600);
  idle.restart();
  vi.advanceTimersByTime(600); // the first timer fired and was set again for the moved deadline
  idle.stop();
  expect(vi.getTimerCount()).toBe(0);
  vi.advanceTimersByTime(10_000);
  expect(onIdle).not.toHaveBeenCalled();
});

it('is not fooled by the wall clock jumping forward', () => {
  const onIdle = vi.fn();
  const idle = idleWatch(1000, onIdle);
  idle.restart();
  vi.advanceTimersByTime(500);
  idle.restart();
  vi.setSystemTime(Date.now() + 10_000);
  vi.advanceTimersByTime(999);
  expect(onIdle).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(onIdle).toHaveBeenCalledTimes(1);
});

it('waits for the page to be idle, with the time limit given, and for a later task where there is no idle callback', async () => {
  const idle: { run: () => void; timeout?: number }[] = [];
  vi.stubGlobal('requestIdleCallback', (run: () => void, options?: { timeout?: number }) => {
    idle.push({ run, timeout: options?.timeout });
    return idle.length;
  });
  let done = false;
  void whenIdle(2000).then(() => (done = true));
  await vi.advanceTimersByTimeAsync(10);
  expect([done, idle.map((i) => i.timeout)]).toEqual([false, [2000]]);
  idle[0].run();
  await vi.advanceTimersByTimeAsync(0);
  expect(done).toBe(true);

  vi.unstubAllGlobals();
  vi.stubGlobal('requestIdleCallback', undefined);
  let later = false;
  void whenIdle(2000).then(() => (later = true));
  await Promise.resolve();
  expect(later).toBe(false);
  await vi.advanceTimersByTimeAsync(0);
  expect(later).toBe(true);
  vi.unstubAllGlobals();
});
