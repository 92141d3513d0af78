/**
 * The two large buffers every Python worker needs (the standard library zip
 * and the interpreter snapshot, ~35 MB together), lent by the frame to one
 * worker at a time instead of copied. The frame's thread is often the app's
 * own main thread (the sandbox iframe may share its process), so cloning
 * them there for each interpreter would stall the app; transferring is free.
 * Pyodide copies what it needs while it loads (the standard library into its
 * file system, the snapshot into its memory), so the worker uses the
 * originals and transfers them back once its interpreter is loaded, with the
 * snapshot the first interpreter made of itself when it was lent none. If a
 * worker dies while it holds them, they are fetched again (the snapshot the
 * build ships, where there is one; else the next interpreter makes one).
 */

export interface PythonBuffers {
  stdlib: ArrayBuffer;
  snapshot?: ArrayBuffer;
}

/** Creates the lender; `fetchBuffers` provides the buffers when the lender holds none. */
export function createBufferLender(fetchBuffers: () => Promise<PythonBuffers>) {
  let held: PythonBuffers | undefined;
  /** A snapshot to hold instead of the one lent out, once the buffers are back (see `replaceSnapshot`). */
  let replacement: ArrayBuffer | undefined;
  let lentTo: unknown;
  /** The last borrower that ended holding the buffers. */
  let lastLost: unknown;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  /** Holds `b`, with the replacement snapshot if one came meanwhile; returns what is held. */
  const keep = (b: PythonBuffers): PythonBuffers => {
    held = { stdlib: b.stdlib, snapshot: replacement ?? b.snapshot };
    replacement = undefined;
    return held;
  };

  return {
    /** Waits until the buffers are home, then lends them to `borrower`. */
    async borrow(borrower: unknown): Promise<PythonBuffers> {
      while (lentTo !== undefined) await new Promise<void>((r) => waiters.push(r));
      lentTo = borrower;
      let b: PythonBuffers;
      try {
        b = held ?? keep(await fetchBuffers());
      } catch (e) {
        lentTo = undefined;
        wake();
        throw e;
      }
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
        if (borrower === lastLost && lentTo === undefined && !held) keep(b);
        return;
      }
      lentTo = undefined;
      keep(b);
      wake();
    },
    /**
     * An interpreter could not use the snapshot it was lent and made one of
     * itself: later interpreters start from that one (held now, or once the
     * buffers are back).
     */
    replaceSnapshot(snapshot: ArrayBuffer): void {
      if (held) held = { stdlib: held.stdlib, snapshot };
      else replacement = snapshot;
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
