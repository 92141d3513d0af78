/**
 * The two large buffers every Python worker needs (the standard library zip
 * and the interpreter snapshot, ~35 MB together), lent by the frame to one
 * worker at a time instead of copied. The frame's thread is often the app's
 * own main thread (the sandbox iframe may share its process), so cloning
 * them there for each interpreter would stall the app; transferring is free.
 * The worker copies them on its own thread and transfers the originals back
 * at once. If a worker dies while it holds them, the standard library is
 * fetched again and the snapshot is gone (the next interpreter makes one).
 */

export interface PythonBuffers {
  stdlib: ArrayBuffer;
  snapshot?: ArrayBuffer;
}

/** Creates the lender; `fetchStdlib` provides the standard library when the lender holds none. */
export function createBufferLender(fetchStdlib: () => Promise<ArrayBuffer>) {
  let held: PythonBuffers | undefined;
  let lentTo: unknown;
  let pendingSnapshot: ArrayBuffer | undefined;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());

  return {
    /** Waits until the buffers are home, then lends them to `borrower`. */
    async borrow(borrower: unknown): Promise<PythonBuffers> {
      while (lentTo !== undefined) await new Promise<void>((r) => waiters.push(r));
      lentTo = borrower;
      try {
        held ??= { stdlib: await fetchStdlib() };
      } catch (e) {
        lentTo = undefined;
        wake();
        throw e;
      }
      const b = held;
      held = undefined;
      if (!b.snapshot && pendingSnapshot) {
        b.snapshot = pendingSnapshot;
        pendingSnapshot = undefined;
      }
      return b;
    },
    /** The buffers are back from `borrower`. */
    giveBack(borrower: unknown, b: PythonBuffers): void {
      if (lentTo !== borrower) return;
      lentTo = undefined;
      held = { stdlib: b.stdlib, snapshot: b.snapshot ?? pendingSnapshot };
      if (held.snapshot) pendingSnapshot = undefined;
      wake();
    },
    /** A snapshot made by the first interpreter (kept only when there is none yet). */
    offerSnapshot(snapshot: ArrayBuffer): void {
      if (held) held.snapshot ??= snapshot;
      else pendingSnapshot ??= snapshot;
    },
    /** `worker` ended: if it still held the buffers, they are lost. */
    lost(borrower: unknown): void {
      if (lentTo !== borrower) return;
      lentTo = undefined;
      held = undefined;
      wake();
    },
  };
}
