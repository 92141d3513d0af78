/**
 * The executor's queue of controls that wait for the loop's next step
 * boundary. Every queued control settles: applied (resolves), refused by
 * its own error (rejects with it), or dropped when the executor is
 * disposed (rejects). One control's error never keeps the others from
 * running.
 */

interface Queued {
  apply: () => Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** See the module's comment. */
export class ControlQueue {
  private items: Queued[] = [];

  /** Queues `apply`; the promise settles when it ran (or was dropped). */
  push(apply: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => this.items.push({ apply, resolve, reject }));
  }

  /** Runs every queued control in order, each settling its own promise; true when there were any. */
  async drain(): Promise<boolean> {
    const items = this.items.splice(0);
    for (const item of items) {
      try {
        await item.apply();
        item.resolve();
      } catch (err) {
        item.reject(err);
      }
    }
    return items.length > 0;
  }

  /** Rejects every queued control with `err` without running it. */
  dropAll(err: unknown): void {
    for (const item of this.items.splice(0)) item.reject(err);
  }
}
