/**
 * One save at a time for a large derived copy (a saved search index).
 * Serialising such a copy is one long step of the thread, so a change does
 * not start a save of its own: it marks the copy changed, and the save that
 * is waiting (or the one right after the save being written) takes every
 * change made until it serialises. The save waits for a quiet moment and
 * serialises in the same task as the last check that the moment holds.
 */
import { nextTask } from './timing';

/** A queue of saves of one copy (see the file comment). */
export interface SaveQueue {
  /** Marks a change: saved after the delay, or by the save already waiting or running. */
  soon(): void;
  /**
   * Saves now: joins a save still waiting for its moment (it will serialise
   * the latest state), or follows one already being written. Resolves to
   * whether the copy was written.
   */
  now(): Promise<boolean>;
  /** Resolves once no save is scheduled or running (a scheduled one is done now). */
  settled(): Promise<void>;
  /** Drops a scheduled save (the copy is gone); a save already running still checks what it writes. */
  cancel(): void;
}

/** What a save queue saves and when. */
export interface SaveQueueOptions {
  /** How long after a change the save starts waiting for its moment. */
  delayMs: number;
  /** Resolves when it may be time: the question lane is quiet, no pass over the index runs. */
  moment: () => Promise<void>;
  /** Checked in the same task as `write` starts: false waits for another moment. */
  ready: () => boolean;
  /** Serialises before its first await (nothing changes the copy meanwhile), then writes; resolves to whether it wrote. */
  write: () => Promise<boolean>;
  /** A failed scheduled save (an explicit `now()` rejects instead). */
  onError: (err: unknown) => void;
}

/** A queue that saves one copy one save at a time (see the file comment). */
export function createSaveQueue(options: SaveQueueOptions): SaveQueue {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | undefined;
  /** Past its moment: the copy is serialised, a change made now needs another save. */
  let writing = false;
  let dirty = false;

  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  async function once(): Promise<boolean> {
    await options.moment();
    // Not ready after all (a question or a pass began meanwhile): wait for the next moment, a task later at least.
    while (!options.ready()) {
      await nextTask();
      await options.moment();
    }
    // No await between the check above and the serialisation inside `write`.
    dirty = false;
    writing = true;
    try {
      return await options.write();
    } finally {
      writing = false;
    }
  }

  function start(): Promise<boolean> {
    stopTimer();
    running ??= once().finally(() => {
      running = undefined;
      // Changed while it was written: saved once more, later.
      if (dirty) queue.soon();
    });
    return running;
  }

  const queue: SaveQueue = {
    soon() {
      dirty = true;
      if (timer || running) return;
      timer = setTimeout(() => {
        timer = undefined;
        start().catch(options.onError);
      }, options.delayMs);
    },
    now() {
      if (running && writing) return running.catch(() => false).then(() => start());
      return start();
    },
    async settled() {
      while (timer || running) {
        if (timer) start().catch(options.onError);
        await running?.catch(() => undefined);
      }
    },
    cancel() {
      stopTimer();
      dirty = false;
    },
  };
  return queue;
}
