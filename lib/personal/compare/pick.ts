/**
 * Which of the user's past questions the check asks: a few, varied, short
 * enough to read side by side, none already judged for the same two models.
 * Pure: the candidates come from questions.ts, the seed from the caller.
 */
import { seededRandom, shuffled } from './seeded';

/** One past question that got an answer, as the check uses it. */
export interface PastQuestion {
  /** The user message. */
  id: string;
  conversationId: string;
  text: string;
  /** "topic/intent" (the answers table's questionKind, or the classifier's when the answer has no record). */
  kind: string;
  /** True when it opens its conversation: it leans on no earlier turn, so it reads right without its context. */
  opensConversation: boolean;
  createdAt: number;
}

/** How many questions a check asks unless told otherwise. */
export const DEFAULT_QUESTION_COUNT = 5;
/** Longer questions (pasted files, logs) make two answers too long to compare side by side. */
export const MAX_QUESTION_CHARS = 1_200;
/** "ok", "thanks": not a question two models can be judged on. */
export const MIN_QUESTION_CHARS = 12;

export interface PickOptions {
  count?: number;
  seed: string | number;
  /** Question ids already judged for this pair of models. */
  judged?: ReadonlySet<string>;
}

const topicOf = (kind: string) => kind.split('/')[0] ?? kind;
const normal = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** True when `q` can be asked: not judged for this pair, and neither too short nor too long. */
export function askable(q: PastQuestion, judged: ReadonlySet<string> = new Set()): boolean {
  const length = q.text.trim().length;
  return !judged.has(q.id) && length >= MIN_QUESTION_CHARS && length <= MAX_QUESTION_CHARS;
}

/**
 * Up to `count` questions from `candidates`, as varied as they allow: each
 * pick prefers a topic not yet picked, then a question kind not yet picked,
 * then a question that opens its conversation; ties go by a seeded shuffle.
 * A question asked twice in the same words counts once (the latest). The
 * same candidates and seed always give the same questions in the same order.
 */
export function choosePastQuestions(candidates: readonly PastQuestion[], options: PickOptions): PastQuestion[] {
  const count = options.count ?? DEFAULT_QUESTION_COUNT;
  const latest = new Map<string, PastQuestion>();
  // Sorted first, so the result does not depend on the order the database returned them in.
  const ordered = [...candidates].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  for (const q of ordered) if (askable(q, options.judged)) latest.set(normal(q.text), q);
  const pool = shuffled([...latest.values()], seededRandom(options.seed));

  const picked: PastQuestion[] = [];
  const topics = new Set<string>();
  const kinds = new Set<string>();
  while (picked.length < count && pool.length > 0) {
    let best = 0;
    let bestScore = -1;
    pool.forEach((q, i) => {
      const score = (topics.has(topicOf(q.kind)) ? 0 : 4) + (kinds.has(q.kind) ? 0 : 2) + (q.opensConversation ? 1 : 0);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    const [q] = pool.splice(best, 1);
    picked.push(q!);
    topics.add(topicOf(q!.kind));
    kinds.add(q!.kind);
  }
  return picked;
}
