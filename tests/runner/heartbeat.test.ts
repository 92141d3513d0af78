import { describe, expect, it, vi } from 'vitest';
import { watchHeartbeat } from '@/lib/runner/heartbeat';

describe('preview heartbeat', () => {
  it('calls a frame silent after four visible checks without a beat, once', () => {
    vi.useFakeTimers();
    const onSilent = vi.fn();
    const w = watchHeartbeat({ onSilent, visible: () => true });
    vi.advanceTimersByTime(3000);
    w.beat();
    vi.advanceTimersByTime(3000);
    expect(onSilent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it("does not count checks while the page is hidden (its timers are throttled, the frame's too)", () => {
    vi.useFakeTimers();
    const onSilent = vi.fn();
    let visible = false;
    watchHeartbeat({ onSilent, visible: () => visible });
    vi.advanceTimersByTime(60_000);
    expect(onSilent).not.toHaveBeenCalled();
    visible = true;
    vi.advanceTimersByTime(4000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('stops watching when stopped', () => {
    vi.useFakeTimers();
    const onSilent = vi.fn();
    watchHeartbeat({ onSilent, visible: () => true }).stop();
    vi.advanceTimersByTime(60_000);
    expect(onSilent).not.toHaveBeenCalled();
    vi.useRealTimers();
  });
});
