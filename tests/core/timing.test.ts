import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { idleWatch } from '@/lib/core/timing';

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
