/**
 * The two large buffers every Python worker needs (the standard library zip
 * and the interpreter snapshot, ~35 MB together), lent by the frame to one
 * worker at a time instead of copied. The frame's thread is often the app's
 * own main thread (the sandbox iframe may share its process), so cloning
 * them there for each interpreter would stall the app; transferring is free.
 * Pyodide copies what it needs while it loads (the standard library into its
 * file system, the snapshot into its memory), so the worker uses the
 * originals and transfers them back once its interpreter is loaded, with the
 * snapshot the first interpreter made of itself. If a worker dies while it
 * holds them, the standard library is fetched again and the snapshot is gone
 * (the next interpreter makes one).
 */

export interface PythonBuffers {
  stdlib: ArrayBuffer;
  snapshot?: ArrayBuffer;
}

/** Creates the lender; `fetchStdlib` provides the standard library when the lender holds none. */
export function createBufferLender(fetchStdlib: () => Promise<ArrayBuffer>) {
  let held: PythonBuffers | undefined;
  let lentTo: unknown;
  /** The last borrower that ended holding the buffers. */
  let lastLost: unknown;
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
      return b;
    },
    /**
     * The buffers are back from `borrower`; `b.snapshot` is the one it was
     * lent or, if it was lent none, the one its interpreter made (if any).
     */
    giveBack(borrower: unknown, b: PythonBuffers): void {
      if (lentTo !== borrower) {
        // The worker ended right after it sent them (its message came after `lost`): while nobody has
        // borrowed since, they are as good as ever, and keeping them saves a download and a snapshot.
        if (borrower === lastLost && lentTo === undefined && !held) held = { stdlib: b.stdlib, snapshot: b.snapshot };
        return;
      }
      lentTo = undefined;
      held = { stdlib: b.stdlib, snapshot: b.snapshot };
      wake();
    },
    /** `borrower` ended: if it still held the buffers, they are lost. */
    lost(borrower: unknown): void {
      if (lentTo !== borrower) return;
      lastLost = borrower;
      lentTo = undefined;
      held = undefined;
      wake();
    },
  };
}
