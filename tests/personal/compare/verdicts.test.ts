/** The blind order, the verdict rows and the win rates of the model check (verdicts.ts, win-rate.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { ModelComparison } from '@/lib/core/records';
import { deleteConversation, setConversationLearning } from '@/lib/db/conversations';
import { comparisonsOf, recordVerdict, shownFirstOrder, sideShownAs, verdictOf } from '@/lib/personal/compare/verdicts';
import { describeWinRate, winRate, winRatesByOpponent } from '@/lib/personal/compare/win-rate';
import { freshDatabase } from '../../support/db';
import { converse } from './history';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const BASE = 'qwen2.5-coder:7b';
const MINE = 'codelumi-ada:v1';

describe('shownFirstOrder', () => {
  it('is the same for the same seed and balanced: each model is shown first for half the questions', () => {
    for (const count of [1, 2, 5, 6, 9]) {
      const order = shownFirstOrder(count, 'seed-1');
      expect(shownFirstOrder(count, 'seed-1')).toEqual(order);
      const first = order.filter((s) => s === 'candidate').length;
      expect(Math.abs(first - (count - first))).toBeLessThanOrEqual(1);
    }
  });

  it('puts the candidate first on different questions for different seeds', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, seed) => shownFirstOrder(6, seed).join(',')));
    expect(orders.size).toBeGreaterThan(5);
  });
});

describe('verdictOf', () => {
  it('turns the label picked into the model behind it, and "same" into a tie', () => {
    expect(sideShownAs('A', 'candidate')).toBe('candidate');
    expect(sideShownAs('B', 'candidate')).toBe('baseline');
    expect(verdictOf('A', 'baseline')).toBe('baseline');
    expect(verdictOf('B', 'baseline')).toBe('candidate');
    expect(verdictOf('same', 'candidate')).toBe('same');
  });
});

describe('recordVerdict', () => {
  it('keeps one row that counts for both models: a win for the one picked is a loss for the other', async () => {
    const [asked] = await converse(db, ['How do I undo the last git commit?'], 1_000);
    const question = { id: asked!.questionId, conversationId: asked!.conversationId };
    const outcome = await recordVerdict(
      db,
      { sessionId: 's1', question, baseline: BASE, candidate: MINE, shownFirst: 'baseline', choice: 'B' },
      5_000,
    );
    expect(outcome.status).toBe('kept');
    const row = outcome.status === 'kept' ? outcome.row : undefined;
    expect(row).toMatchObject({ verdict: 'candidate', shownFirst: 'baseline', questionId: asked!.questionId });
    expect(await db.modelComparisons.toArray()).toEqual([row]);
    expect(await comparisonsOf(db, MINE)).toEqual([row]);
    expect(await comparisonsOf(db, BASE)).toEqual([row]);
    expect(winRate([row!], MINE)).toMatchObject({ wins: 1, losses: 0, ties: 0 });
    expect(winRate([row!], BASE)).toMatchObject({ wins: 0, losses: 1, ties: 0 });
  });

  it('keeps nothing for a conversation deleted or kept out of learning while the check ran', async () => {
    const [binned] = await converse(db, ['How do I undo the last git commit?'], 1_000);
    const [private_] = await converse(db, ['Explain Python decorators to me'], 2_000);
    await deleteConversation(db, binned!.conversationId, 3_000);
    await setConversationLearning(db, private_!.conversationId, false, 3_000);
    for (const a of [binned!, private_!]) {
      const question = { id: a.questionId, conversationId: a.conversationId };
      const input = { sessionId: 's', question, baseline: BASE, candidate: MINE, shownFirst: 'candidate' as const };
      expect(await recordVerdict(db, { ...input, choice: 'A' })).toEqual({ status: 'left-learning' });
    }
    expect(await db.modelComparisons.count()).toBe(0);
  });

  it('writes one verdict per question and pair even when two tabs judge it at once, and says which was not kept', async () => {
    const [asked] = await converse(db, ['How do I undo the last git commit?'], 1_000);
    const question = { id: asked!.questionId, conversationId: asked!.conversationId };
    const tab = (sessionId: string, choice: 'A' | 'B') =>
      recordVerdict(db, { sessionId, question, baseline: BASE, candidate: MINE, shownFirst: 'candidate', choice });
    // Both start before either has written: the check inside the transaction is what keeps the second out.
    const outcomes = await Promise.all([tab('tab-1', 'A'), tab('tab-2', 'B')]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already-judged', 'kept']);
    const kept = outcomes.find((o) => o.status === 'kept')!;
    const refused = outcomes.find((o) => o.status === 'already-judged')!;
    expect(refused).toEqual({ status: 'already-judged', existing: (kept as { row: ModelComparison }).row });
    expect(await db.modelComparisons.count()).toBe(1);

    // The same pair the other way round is the same comparison; another pair is not.
    const swapped = await recordVerdict(db, {
      sessionId: 'tab-3',
      question,
      baseline: MINE,
      candidate: BASE,
      shownFirst: 'baseline',
      choice: 'same',
    });
    expect(swapped.status).toBe('already-judged');
    const other = await recordVerdict(db, {
      sessionId: 'tab-3',
      question,
      baseline: 'qwen3:8b',
      candidate: MINE,
      shownFirst: 'baseline',
      choice: 'same',
    });
    expect(other.status).toBe('kept');
    expect(await db.modelComparisons.count()).toBe(2);
  });
});

describe('winRate', () => {
  const row = (verdict: ModelComparison['verdict'], baseline = BASE, candidate = MINE): ModelComparison => ({
    id: `${verdict}-${baseline}-${Math.random()}`,
    sessionId: 's',
    questionId: 'q',
    conversationId: 'c',
    baseline,
    candidate,
    shownFirst: 'baseline',
    verdict,
    createdAt: 1,
  });
  const rows = [row('candidate'), row('candidate'), row('candidate'), row('baseline'), row('same')];

  it('counts wins, losses and ties from each model’s side, a tie as half a win', () => {
    expect(winRate(rows, MINE)).toEqual({ wins: 3, losses: 1, ties: 1, judged: 5, rate: 3.5 / 5 });
    expect(winRate(rows, BASE)).toEqual({ wins: 1, losses: 3, ties: 1, judged: 5, rate: 1.5 / 5 });
    expect(winRate(rows, 'qwen3:8b')).toEqual({ wins: 0, losses: 0, ties: 0, judged: 0, rate: undefined });
  });

  it('keeps each opponent apart, and says the result in words', () => {
    const more = [...rows, row('baseline', 'qwen3:8b'), row('same', MINE, 'qwen3:8b')];
    const byOpponent = winRatesByOpponent(more, MINE);
    expect(byOpponent.map((o) => [o.against, o.result.wins, o.result.losses, o.result.ties])).toEqual([
      [BASE, 3, 1, 1],
      ['qwen3:8b', 0, 1, 1],
    ]);
    expect(describeWinRate(byOpponent[0]!.result, BASE)).toBe('Won 3, lost 1, 1 tie against qwen2.5-coder:7b');
    expect(describeWinRate(winRate(more, MINE, 'qwen3:8b'), 'qwen3:8b')).toBe('Won 0, lost 1, 1 tie against qwen3:8b');
  });
});
