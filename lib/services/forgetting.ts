/**
 * The tab's side of deleting conversations: a deletion can be undone for
 * UNDO_WINDOW_MS, then the conversation is forgotten in the same session
 * (lib/learning/forget.ts). Nothing is touched before the window ends. At
 * start the tab forgets what was deleted longer ago (the tab that deleted it
 * may have closed within the window) and waits out the rest. While it runs,
 * every tab follows every deletion (./deletions.ts): each one forgets it when
 * its window ends, so closing the deleting tab delays nothing, and a restore
 * in any tab stops them all. Tabs racing to forget one conversation are
 * harmless: each forgetting is one transaction that forgets only what is
 * still deleted, so the first does it and the others find nothing.
 */
import type { CodelumiDB } from '../db/db';
import { deleteConversation, restoreConversation } from '../db/conversations';
import { UNDO_WINDOW_MS, expiredDeletions, forgetExpired, type Forgotten } from '../learning/forget';
import { watchDeletions, type Deletion } from './deletions';

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
  /** The timer of each deletion this tab waits out, and the deletion time it was set for. */
  private readonly timers = new Map<string, { timer: unknown; deletedAt: number }>();
  private running = false;
  /** Counts starts, so a start that a stop (and a new start) overtook does not follow deletions twice. */
  private starts = 0;
  private unwatch: (() => void) | undefined;

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
    const restored = await restoreConversation(this.db, id);
    // A read of the bin from before the restore may have set the timer again meanwhile (later reads see the restore).
    this.cancel(id);
    return restored;
  }

  /**
   * Forgets what was deleted before the window (at start-up), then follows
   * every deletion, this tab's and other tabs': each is forgotten when its
   * window ends, and one restored anywhere is let go. Resolves when the
   * expired ones are gone.
   */
  async start(): Promise<Forgotten> {
    this.running = true;
    const start = ++this.starts;
    const expired = this.forgetDue();
    // Followed whatever that gives: deletions made from now on still deserve their forgetting.
    await expired.catch(() => undefined);
    if (this.running && start === this.starts) {
      this.unwatch?.();
      const watch = watchDeletions(this.db, (deletions) => this.follow(deletions), this.onForgotten);
      this.unwatch = watch.stop;
      // The deletions still within their window are scheduled before start resolves.
      await watch.ready;
    }
    return expired;
  }

  /** Stops the timers and stops following deletions; those not yet forgotten are forgotten at the next start. */
  stop(): void {
    this.running = false;
    this.unwatch?.();
    this.unwatch = undefined;
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  /** Matches the timers to the deletions stored now (whoever made or undid them). */
  private follow(deletions: Deletion[]): void {
    const binned = new Map(deletions.map((d) => [d.id, d.deletedAt]));
    // Restored (in this tab or another) or already forgotten: nothing left to wait for.
    for (const id of [...this.timers.keys()]) if (!binned.has(id)) this.cancel(id);
    for (const [id, deletedAt] of binned)
      if (this.timers.get(id)?.deletedAt !== deletedAt) this.schedule(id, deletedAt);
  }

  private schedule(id: string, deletedAt: number): void {
    this.cancel(id);
    // Before start (or after stop) the timer would outlive the background: the next start picks it up.
    if (!this.running) return;
    const wait = Math.max(0, deletedAt + this.windowMs - this.clock.now());
    const timer = this.clock.setTimer(() => {
      this.timers.delete(id);
      // Every deletion whose window is over, this one included (another tab may have deleted it again since).
      this.forgetDue().then(this.onForgotten, (err: unknown) =>
        this.onForgotten(err instanceof Error ? err : new Error(String(err))),
      );
    }, wait);
    this.timers.set(id, { timer, deletedAt });
  }

  /** Forgets what is due; asks `forget` (the worker) only when a deletion's window is over. */
  private async forgetDue(): Promise<Forgotten> {
    const now = this.clock.now();
    if ((await expiredDeletions(this.db, now, this.windowMs)).length === 0)
      return { conversations: [], keptMemories: 0 };
    return this.forget(now, this.windowMs);
  }

  private cancel(id: string): void {
    const scheduled = this.timers.get(id);
    if (scheduled === undefined) return;
    this.clock.clearTimer(scheduled.timer);
    this.timers.delete(id);
  }
}
