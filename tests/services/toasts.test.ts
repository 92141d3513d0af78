import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TOASTS, Toasts } from '@/lib/services/toasts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('Toasts', () => {
  it('shows a notice and takes it down after its duration (6 s unless given)', () => {
    const toasts = new Toasts();
    const a = toasts.show({ text: 'Saved' });
    const b = toasts.show({ text: 'Quick', durationMs: 1000 });
    expect(toasts.state.get().map((t) => t.id)).toEqual([a, b]);
    vi.advanceTimersByTime(1000);
    expect(toasts.state.get().map((t) => t.text)).toEqual(['Saved']);
    vi.advanceTimersByTime(5000);
    expect(toasts.state.get()).toEqual([]);
  });

  it(`keeps at most ${MAX_TOASTS}, dropping the oldest`, () => {
    const toasts = new Toasts();
    for (let i = 1; i <= MAX_TOASTS + 2; i++) toasts.show({ text: `n${i}` });
    expect(toasts.state.get().map((t) => t.text)).toEqual(['n3', 'n4', 'n5', 'n6']);
  });

  it('dismisses by id, and dismissing a notice already gone changes nothing', () => {
    const toasts = new Toasts();
    const id = toasts.show({ text: 'Deleted', action: { label: 'Undo', run: () => undefined } });
    let changes = 0;
    toasts.state.subscribe(() => changes++);
    toasts.dismiss(id);
    toasts.dismiss(id);
    vi.runAllTimers();
    expect(toasts.state.get()).toEqual([]);
    expect(changes).toBe(1);
  });
});
