/**
 * One save at a time: changes made while a save waits are taken by it, a
 * change made while a save is written gets one more save, and the save
 * serialises only when the moment still holds.
 */
import { describe, expect, it } from 'vitest';
import { createSaveQueue } from '@/lib/core/save-queue';

/** A queue over a counter: each write records the value it serialised; moments come when `open()` is called. */
function counterQueue() {
  let value = 0;
  const written: number[] = [];
  let openMoment: () => void = () => undefined;
  const moment = new Promise<void>((resolve) => (openMoment = resolve));
  let ready = () => true;
  let writeStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (writeStarted = resolve));
  let finishWrite: () => void = () => undefined;
  let holdWrites = false;
  const queue = createSaveQueue({
    delayMs: 0,
    moment: () => moment,
    ready: () => ready(),
    write: async () => {
      written.push(value);
      writeStarted();
      if (holdWrites) await new Promise<void>((resolve) => (finishWrite = resolve));
      return true;
    },
    onError: (err) => {
      throw err;
    },
  });
  return {
    queue,
    written,
    change: () => {
      value++;
      queue.soon();
    },
    open: () => openMoment(),
    /** The next moments must be opened again. */
    setReady: (r: () => boolean) => (ready = r),
    /** Resolves when the first write has serialised. */
    started,
    holdWrites: (h: boolean) => (holdWrites = h),
    finishWrite: () => finishWrite(),
  };
}

describe('createSaveQueue', () => {
  it('saves many changes made while it waited for its moment once, with the latest state', async () => {
    const q = counterQueue();
    for (let i = 0; i < 10; i++) {
      q.change();
      // The save timer (0 ms) fires between changes: each change comes while a save waits.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    q.open();
    await q.queue.settled();
    expect(q.written).toEqual([10]);
  });

  it('saves once more a change made while a save was being written', async () => {
    const q = counterQueue();
    q.open();
    q.holdWrites(true);
    const first = q.queue.now();
    await q.started;
    expect(q.written).toEqual([0]);
    q.change();
    const second = q.queue.now();
    q.holdWrites(false);
    q.finishWrite();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    await q.queue.settled();
    expect(q.written).toEqual([0, 1]);
  });

  it('does not serialise while the moment no longer holds', async () => {
    const q = counterQueue();
    let checks = 0;
    let checkedThrice!: () => void;
    const thrice = new Promise<void>((resolve) => (checkedThrice = resolve));
    q.setReady(() => {
      if (++checks === 3) checkedThrice();
      return false;
    });
    q.open();
    const saving = q.queue.now();
    // The moment keeps coming but never holds: nothing written yet.
    await thrice;
    expect(q.written).toEqual([]);
    q.setReady(() => true);
    expect(await saving).toBe(true);
    expect(q.written).toEqual([0]);
  });
});
