/**
 * The blind verdicts: which model is shown as "A", what the user's pick
 * means for the two models, and the `ModelComparison` rows that keep it.
 */
import type { CodelumiDB } from '../../db/db';
import type { ModelComparison } from '../../core/records';
import { newId } from '../../core/ids';
import { guardWrite } from '../../db/guard';
import { learnableNow } from '../../db/conversations';
import { seededRandom, shuffled } from './seeded';

/** A side of the pair: the model compared against, or the one being checked. */
export type Side = ModelComparison['shownFirst'];
/** What the user picked, in the labels they saw. */
export type Choice = 'A' | 'B' | 'same';

/**
 * Which side is shown as "A" for each of `count` questions: balanced (the
 * candidate first for half of them, the odd one decided by the seed) and in a
 * seeded order, so neither model sits on one side and the order is the same
 * for the same seed.
 */
export function shownFirstOrder(count: number, seed: string | number): Side[] {
  const random = seededRandom(`${seed}:order`);
  const half = Math.floor(count / 2);
  const odd: Side[] = count % 2 ? [random() < 0.5 ? 'baseline' : 'candidate'] : [];
  const sides: Side[] = [
    ...Array.from({ length: half }, () => 'baseline' as const),
    ...Array.from({ length: half }, () => 'candidate' as const),
    ...odd,
  ];
  return shuffled(sides, random);
}

/** The side shown under `label` when `shownFirst` was shown as "A". */
export function sideShownAs(label: 'A' | 'B', shownFirst: Side): Side {
  if (label === 'A') return shownFirst;
  return shownFirst === 'baseline' ? 'candidate' : 'baseline';
}

/** The verdict a pick means: the side behind the label picked, or "same". */
export function verdictOf(choice: Choice, shownFirst: Side): ModelComparison['verdict'] {
  return choice === 'same' ? 'same' : sideShownAs(choice, shownFirst);
}

export interface VerdictInput {
  sessionId: string;
  question: { id: string; conversationId: string };
  baseline: string;
  candidate: string;
  shownFirst: Side;
  choice: Choice;
}

/** What became of a verdict: kept as a new row, or why not (nothing was written then). */
export type VerdictOutcome =
  | { status: 'kept'; row: ModelComparison }
  /** The conversation was deleted or switched to "Don't learn from this" meanwhile. */
  | { status: 'left-learning' }
  /** This question already has a verdict for these two models (another tab judged it): that one stands. */
  | { status: 'already-judged'; existing: ModelComparison };

/** True when `r` compares the same two models as `pair`, in either role. */
const samePair = (r: ModelComparison, pair: { baseline: string; candidate: string }) =>
  (r.baseline === pair.baseline && r.candidate === pair.candidate) ||
  (r.baseline === pair.candidate && r.candidate === pair.baseline);

/**
 * Keeps one verdict as a `ModelComparison` row (it counts for both models).
 * Checked in the row's own transaction, so two tabs judging at once cannot
 * both write: a question that already has a verdict for these two models (in
 * either role) gets no second one (`already-judged`), and a conversation
 * deleted or switched to "Don't learn from this" during the check gets none
 * (`left-learning`), so forgetting never misses one.
 */
export function recordVerdict(db: CodelumiDB, input: VerdictInput, now = Date.now()): Promise<VerdictOutcome> {
  const row: ModelComparison = {
    id: newId(),
    sessionId: input.sessionId,
    questionId: input.question.id,
    conversationId: input.question.conversationId,
    baseline: input.baseline,
    candidate: input.candidate,
    shownFirst: input.shownFirst,
    verdict: verdictOf(input.choice, input.shownFirst),
    createdAt: now,
  };
  return guardWrite(() =>
    db.transaction('rw', db.conversations, db.modelComparisons, async (): Promise<VerdictOutcome> => {
      if (!(await learnableNow(db, [row.conversationId])).has(row.conversationId)) return { status: 'left-learning' };
      // No questionId index (schema v11 is fixed): the conversation's rows are a handful.
      const existing = await db.modelComparisons
        .where('conversationId')
        .equals(row.conversationId)
        .filter((r) => r.questionId === row.questionId && samePair(r, input))
        .first();
      if (existing) return { status: 'already-judged', existing };
      await db.modelComparisons.add(row);
      return { status: 'kept', row };
    }),
  );
}

/** Every verdict that involves `model`, in either role (the `candidate` index, then a scan for the baseline side). */
export async function comparisonsOf(db: CodelumiDB, model: string): Promise<ModelComparison[]> {
  const [asCandidate, asBaseline] = await Promise.all([
    db.modelComparisons.where('candidate').equals(model).toArray(),
    // No baseline index (schema v11 is fixed); the table holds a handful of rows per sitting.
    db.modelComparisons.filter((r) => r.baseline === model && r.candidate !== model).toArray(),
  ]);
  return [...asCandidate, ...asBaseline].sort((a, b) => a.createdAt - b.createdAt);
}

/** The questions already judged for these two models, in either role. */
export async function judgedQuestionIds(db: CodelumiDB, baseline: string, candidate: string): Promise<Set<string>> {
  const rows = await comparisonsOf(db, candidate);
  const other = (r: ModelComparison) => (r.candidate === candidate ? r.baseline : r.candidate);
  return new Set(rows.filter((r) => other(r) === baseline).map((r) => r.questionId));
}
