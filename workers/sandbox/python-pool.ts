/**
 * Which Python interpreter each run gets. Every interpreter is handed out to
 * exactly one run; as a run takes its interpreter, the next one starts
 * loading once that one is loaded, so the next run finds it ready (or
 * part-way through its start).
 * The app may ask for the first one ahead of any run (`warm`).
 *
 * Failures are bounded: an interpreter started ahead that fails is replaced
 * once, by one started for the run (and no other is loading beside it);
 * after any start failed, nothing more is started ahead (a warm-up or the
 * start after a run) until a run asks for Python, which tries again and
 * reports the failure, once, as its own.
 */

/** A started interpreter: its worker and when it is ready for its one program. */
export interface Interpreter<W> {
  w: W;
  /** Resolves when the interpreter is loaded; rejects with why it could not be. */
  ready: Promise<void>;
}

/** A run waiting for its interpreter: `w` is set as soon as it has one (so stopping the run can end it). */
export interface PythonRunSlot<W> {
  w?: W;
  finished: boolean;
}

/** The pool; `start` starts a new interpreter, `later` runs a function in a task of its own. */
export function createPythonPool<W>(
  start: () => Promise<Interpreter<W>>,
  later: (f: () => void) => void = (f) => void setTimeout(f, 0),
) {
  /** The never-used interpreter the next run gets, started ahead of time. */
  let next: Promise<Interpreter<W>> | undefined;
  /** An interpreter started since the last run asked for Python failed: start nothing ahead until one asks again. */
  let holdBack = false;
  /** Counts runs asking for Python: a failure of an interpreter started before the last one does not hold back. */
  let asked = 0;

  function begin(): Promise<Interpreter<W>> {
    const p = start();
    const since = asked;
    p.then((i) => i.ready).catch(() => {
      // A failed start is not kept: the next run starts its own and reports the failure.
      if (next === p) next = undefined;
      if (since === asked) holdBack = true;
    });
    return p;
  }

  function startAhead(): void {
    if (next || holdBack) return;
    next = begin();
  }

  /**
   * The interpreter started ahead or a new one, handed out once. The next
   * one starts as soon as this one is loaded (it needs the snapshot this one
   * hands back), in a task of its own, so this run is posted its program
   * first; if this one fails, none starts: a second start would share its
   * failed download.
   */
  function take(): Promise<Interpreter<W>> {
    const p = next ?? begin();
    next = undefined;
    p.then((i) => i.ready).then(
      () => later(startAhead),
      () => undefined,
    );
    return p;
  }

  return {
    /** True while an interpreter started ahead is loading or ready for the next run. */
    get prepared(): boolean {
      return next !== undefined;
    },
    /** The app's `warm`: starts the next run's interpreter, unless one is started or a start ahead failed. */
    warm: startAhead,
    /** After a Python run ended: the next run's interpreter starts now (unless a start ahead failed). */
    afterRun(): void {
      later(startAhead);
    },
    /**
     * Gives `run` its interpreter, loaded. One started ahead that fails is
     * not the run's failure yet: the run starts one more, and only that
     * one's error is its.
     */
    async loadFor(run: PythonRunSlot<W>): Promise<void> {
      asked++;
      holdBack = false;
      const prepared = next !== undefined;
      try {
        const p = await take();
        run.w = p.w;
        await p.ready;
      } catch (e) {
        if (!prepared || run.finished) throw e;
        const p = await take();
        run.w = p.w;
        await p.ready;
      }
    },
  };
}
