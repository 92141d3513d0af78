/**
 * The question goes first. A question's retrieval is what the user waits
 * for; background work in the same thread (learning, embedding, building and
 * saving indexes) asks `backgroundTurn()` before each slice of work, so a
 * question that arrives meanwhile runs before the next slice instead of after
 * the whole job.
 */
import { nextTask, within } from './timing';

/** Who goes first in a thread: questions in flight, then background work (see the file comment). */
export interface QuestionLane {
  /** Runs a question's work, counting it as in flight until it settles. */
  question<T>(work: () => Promise<T>): Promise<T>;
  /** True while a question is in flight. */
  readonly busy: boolean;
  /** When the last question started or ended (`Date.now()`; 0 before the first). */
  readonly lastActive: number;
  /**
   * Resolves once no question has been in flight for `quietMs`: for work
   * that is one long step (serialising an index to save it), which a
   * question arriving meanwhile would have to wait for.
   */
  quiet(quietMs: number): Promise<void>;
  /** Resolves once no question is in flight (at once when none is). */
  idle(): Promise<void>;
  /**
   * For background work between slices: resolves on a later task with no
   * question in flight, so messages that carry a question are read, and the
   * question answered, first. It waits at most `maxWaitMs` (2 s) for the
   * questions, so a question that waits on this work itself (a time limit
   * runs out) cannot hold it up for good.
   */
  backgroundTurn(maxWaitMs?: number): Promise<void>;
}

/** A lane of its own (tests); the worker uses `questionLane`. */
export function createQuestionLane(): QuestionLane {
  let inFlight = 0;
  let lastActive = 0;
  const waiting: (() => void)[] = [];
  const idle = (): Promise<void> =>
    inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));
  return {
    async question(work) {
      inFlight++;
      lastActive = Date.now();
      try {
        return await work();
      } finally {
        lastActive = Date.now();
        if (--inFlight === 0) for (const resolve of waiting.splice(0)) resolve();
      }
    },
    get busy() {
      return inFlight > 0;
    },
    get lastActive() {
      return lastActive;
    },
    async quiet(quietMs) {
      for (;;) {
        await idle();
        const left = lastActive + quietMs - Date.now();
        if (left <= 0 && inFlight === 0) return;
        await new Promise((resolve) => setTimeout(resolve, Math.max(left, 0)));
      }
    },
    idle,
    async backgroundTurn(maxWaitMs = 2_000) {
      const until = Date.now() + maxWaitMs;
      // A question may arrive in the task we yield to: look again after it.
      do {
        await within(idle(), Math.max(0, until - Date.now()));
        await nextTask();
      } while (inFlight > 0 && Date.now() < until);
    },
  };
}

/** The thread's one lane: the analysis worker's retrievals and its background jobs share it. */
export const questionLane: QuestionLane = createQuestionLane();
