/**
 * The question lane (lib/core/question-lane.ts): background work that asks
 * for its turn between slices lets a question that arrives meanwhile finish
 * first. Checked by the order things finish in, not by time.
 */
import { describe, expect, it } from 'vitest';
import { createQuestionLane } from '@/lib/core/question-lane';

describe('the question lane', () => {
  it('finishes a question asked during a long background job before the job’s next slice', async () => {
    const lane = createQuestionLane();
    const order: string[] = [];
    let started!: () => void;
    const firstSlice = new Promise<void>((resolve) => (started = resolve));
    const job = (async () => {
      for (let slice = 0; slice < 20; slice++) {
        if (slice > 0) await lane.backgroundTurn();
        order.push(`slice ${slice}`);
        if (slice === 0) started();
      }
      order.push('job done');
    })();
    await firstSlice;
    // The question does several asynchronous steps (reads, a search): the job stays out of the way until it ends.
    const question = lane.question(async () => {
      for (let step = 0; step < 5; step++) await new Promise((resolve) => setTimeout(resolve, 0));
      order.push('question answered');
    });
    expect(lane.busy).toBe(true);
    await Promise.all([job, question]);
    expect(order.indexOf('question answered')).toBe(1);
    expect(order.at(-1)).toBe('job done');
    expect(lane.busy).toBe(false);
  });

  it('lets one long step wait until no question came for a while', async () => {
    const lane = createQuestionLane();
    const order: string[] = [];
    await lane.question(async () => undefined);
    const save = lane.quiet(30).then(() => order.push('save'));
    // A question that comes within the quiet period pushes the save after it, and after another quiet period.
    await lane.question(() => new Promise((resolve) => setTimeout(resolve, 10)));
    order.push('question answered');
    await save;
    expect(order).toEqual(['question answered', 'save']);
    expect(Date.now() - lane.lastActive).toBeGreaterThanOrEqual(30);
  });

  it('lets background work through at once when no question is in flight', async () => {
    const lane = createQuestionLane();
    await expect(lane.idle()).resolves.toBeUndefined();
    await expect(lane.backgroundTurn()).resolves.toBeUndefined();
    await expect(lane.question(async () => 42)).resolves.toBe(42);
  });
});
