/**
 * What learning adds to the next prompt: the user's enabled preferences and
 * facts, corrections relevant to the question, and the answer style that has
 * worked best for this kind of question (sometimes another, to keep learning).
 */
import type { CodelumiDB } from '../db/db';
import type { Memory } from '../core/records';
import { classifyQuestion, kindKey, styleInstruction, styleLabel } from '../patterns/classify';
import { chooseStyle, type StyleChoice } from '../patterns/patterns';
import type { StylePrior } from '../patterns/priors';
import { questionSimilarity, similarityProfile, type SimilarityProfile } from '../signals/text/similarity';

export interface LearnedItem {
  id: string;
  text: string;
}

export interface LearnedContext {
  questionKind: string;
  preferences: LearnedItem[];
  corrections: LearnedItem[];
  style?: { key: string; instruction: string; label: string; choice: StyleChoice };
}

const MAX_PREFERENCES = 12;
const MAX_CORRECTIONS = 3;

function isInferredStyle(m: Memory): boolean {
  return m.source === 'inferred' && (m.key ?? '').startsWith('inferred-style:');
}

/** Memory texts as compared with questions, kept while the memory object lives (allMemories keeps them until the table changes). */
const profiles = new WeakMap<Memory, SimilarityProfile>();
function profileOf(m: Memory): SimilarityProfile {
  let p = profiles.get(m);
  if (!p) profiles.set(m, (p = similarityProfile(m.text)));
  return p;
}

/**
 * Picks the learned context for a question (pure over the given memories and
 * patterns). `priors` (the community pack's evidence, tier 1 and above) guide
 * the style only while the user's own evidence on the kind is thin.
 */
export function selectLearnedContext(
  question: string,
  earlier: string,
  memories: readonly Memory[],
  patterns: Parameters<typeof chooseStyle>[1],
  random: () => number = Math.random,
  priors: readonly StylePrior[] = [],
): LearnedContext {
  const kind = classifyQuestion(question, earlier);
  const key = kindKey(kind);
  const enabled = memories.filter((m) => m.enabled === 1 && m.confidence > 0);

  const rank = (m: Memory) => (m.source === 'user' ? 3 : m.source === 'explicit' ? 2 : 1);
  const preferences = enabled
    // A planning lesson is for the Planner's prompt only (lib/planner/lessons.ts), never a chat's.
    .filter((m) => m.kind !== 'correction' && m.kind !== 'plan_lesson' && !isInferredStyle(m))
    .sort((a, b) => rank(b) - rank(a) || b.updatedAt - a.updatedAt)
    .slice(0, MAX_PREFERENCES)
    .map((m) => ({ id: m.id, text: m.text }));

  const asked = similarityProfile(question);
  const corrections = enabled
    .filter((m) => m.kind === 'correction')
    .map((m) => ({
      m,
      score:
        questionSimilarity(asked, profileOf(m)) +
        (m.topic && m.topic === kind.topic && kind.topic !== 'general' ? 0.15 : 0),
    }))
    .filter((x) => x.score >= 0.22)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CORRECTIONS)
    .map(({ m }) => ({ id: m.id, text: m.text }));

  // A style preference the user switched off means: stop steering this topic's style.
  const vetoed = memories.some((m) => isInferredStyle(m) && m.enabled === 0 && m.topic === kind.topic);
  const choice = vetoed ? ({ reason: 'none' } as StyleChoice) : chooseStyle(key, patterns, random, undefined, priors);
  const label = (k: string) => (choice.community ? `${styleLabel(k)} (from the community pack)` : styleLabel(k));
  const style = choice.style
    ? { key: choice.style, instruction: styleInstruction(choice.style), label: label(choice.style), choice }
    : undefined;
  return { questionKind: key, preferences, corrections, style };
}

/** Reads memories and patterns from the database and selects the context for `question` (with `priors`, see selectLearnedContext). */
export async function learningContext(
  db: CodelumiDB,
  question: string,
  earlier = '',
  random?: () => number,
  priors: readonly StylePrior[] = [],
): Promise<LearnedContext> {
  const [memories, patterns] = await Promise.all([allMemories(db), db.patterns.toArray()]);
  return selectLearnedContext(question, earlier, memories, patterns, random, priors);
}

/** The memories as last read, per database, with what they were read at. */
const memoryCache = new WeakMap<CodelumiDB, { signature: string; memories: Promise<Memory[]> }>();

/**
 * Every memory, read again only when the table changed: its row count and
 * newest update tell (an add, an edit, a switch and a delete each change one
 * of them). Thousands of memories are not re-read for every question.
 */
export async function allMemories(db: CodelumiDB): Promise<Memory[]> {
  const [count, newest] = await Promise.all([db.memories.count(), db.memories.orderBy('updatedAt').last()]);
  const signature = `${count}:${newest?.id ?? ''}:${newest?.updatedAt ?? 0}`;
  const cached = memoryCache.get(db);
  if (cached?.signature === signature) return cached.memories;
  const memories = db.memories.toArray();
  memoryCache.set(db, { signature, memories });
  memories.catch(() => memoryCache.delete(db));
  return memories;
}
