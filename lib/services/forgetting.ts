/**
 * The tab's side of deleting conversations: a deletion can be undone for
 * UNDO_WINDOW_MS, then the conversation is forgotten in the same session
 * (lib/learning/forget.ts). Nothing is touched before the window ends. At
 * start the tab forgets what was deleted longer ago (the tab that deleted it
 * may have closed within the window) and waits out the rest.
 */
import type { CodelumiDB } from '../db/db';
import { deleteConversation, restoreConversation } from '../db/conversations';
import { UNDO_WINDOW_MS, expiredDeletions, forgetExpired, type Forgotten } from '../learning/forget';

/**
 * Runs the forgetting of every deletion whose window is over (one transaction,
 * `forgetExpired` of lib/learning/forget.ts). The app runs it in the analysis
 * worker, so the scan and the writes stay off the page's thread.
 */
export type ForgetExpired = (now: number, windowMs: number) => Promise<Forgotten>;

/** The clock and timers forgetting runs on (injected in tests; the page's own by default). */
export interface ForgettingClock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const pageClock: ForgettingClock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Deletes conversations with an undo window, and forgets them for good when it ends. */
export class Forgetting {
  private readonly timers = new Map<string, unknown>();
  private running = false;

  constructor(
    private readonly db: CodelumiDB,
    private readonly clock: ForgettingClock = pageClock,
    /** Told what each forgetting did, or why it failed (the next start tries again). */
    private readonly onForgotten: (result: Forgotten | Error) => void = () => undefined,
    readonly windowMs = UNDO_WINDOW_MS,
    /** Where the forgetting runs (in this thread unless given). */
    private readonly forget: ForgetExpired = (now, windowMs) => forgetExpired(db, now, windowMs),
  ) {}

  /** Moves a conversation to the bin; it is forgotten when the undo window ends (or at the next start). */
  async delete(id: string): Promise<void> {
    const at = this.clock.now();
    await deleteConversation(this.db, id, at);
    this.schedule(id, at);
  }

  /**
   * Undoes a deletion within the window; false when it is too late (the
   * conversation was already forgotten) or it was never deleted.
   */
  async restore(id: string): Promise<boolean> {
    this.cancel(id);
    return restoreConversation(this.db, id);
  }

  /**
   * Forgets what was deleted before the window (at start-up) and schedules
   * the deletions still within it. Resolves when the expired ones are gone.
   */
  async start(): Promise<Forgotten> {
    this.running = true;
    const forgotten = await this.forgetDue();
    const pending = await this.db.conversations.filter((c) => !!c.deletedAt).toArray();
    for (const c of pending) this.schedule(c.id, c.deletedAt!);
    return forgotten;
  }

  /** Stops the timers; deletions not yet forgotten are forgotten at the next start. */
  stop(): void {
    this.running = false;
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  private schedule(id: string, deletedAt: number): void {
    this.cancel(id);
    // Before start (or after stop) the timer would outlive the background: the next start picks it up.
    if (!this.running) return;
    const wait = Math.max(0, deletedAt + this.windowMs - this.clock.now());
    this.timers.set(
      id,
      this.clock.setTimer(() => {
        this.timers.delete(id);
        // Every deletion whose window is over, this one included (another tab may have deleted it again since).
        this.forgetDue().then(this.onForgotten, (err: unknown) =>
          this.onForgotten(err instanceof Error ? err : new Error(String(err))),
        );
      }, wait),
    );
  }

  /** Forgets what is due; asks `forget` (the worker) only when a deletion's window is over. */
  private async forgetDue(): Promise<Forgotten> {
    const now = this.clock.now();
    if ((await expiredDeletions(this.db, now, this.windowMs)).length === 0)
      return { conversations: [], keptMemories: 0 };
    return this.forget(now, this.windowMs);
  }

  private cancel(id: string): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.clock.clearTimer(timer);
    this.timers.delete(id);
  }
}
