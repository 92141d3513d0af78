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
import { memoryProfiles } from './memory-profiles';

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

/**
 * The first `n` of `items` in `order` (as a stable sort's first `n`: of equal
 * ones, the earlier), without sorting them all: a long memory list is walked
 * once per question.
 */
export function firstInOrder<T>(items: readonly T[], n: number, order: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const item of items) {
    if (top.length === n && (n === 0 || order(item, top[n - 1]) >= 0)) continue;
    let at = top.length;
    while (at > 0 && order(item, top[at - 1]) < 0) at--;
    top.splice(at, 0, item);
    if (top.length > n) top.pop();
  }
  return top;
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
  profileOf: (m: Memory) => SimilarityProfile = (m) => similarityProfile(m.text),
): LearnedContext {
  const kind = classifyQuestion(question, earlier);
  const key = kindKey(kind);
  const enabled = memories.filter((m) => m.enabled === 1 && m.confidence > 0);

  const rank = (m: Memory) => (m.source === 'user' ? 3 : m.source === 'explicit' ? 2 : 1);
  const preferences = firstInOrder(
    // A planning lesson is for the Planner's prompt only (lib/planner/lessons.ts), never a chat's.
    enabled.filter((m) => m.kind !== 'correction' && m.kind !== 'plan_lesson' && !isInferredStyle(m)),
    MAX_PREFERENCES,
    (a, b) => rank(b) - rank(a) || b.updatedAt - a.updatedAt,
  ).map((m) => ({ id: m.id, text: m.text }));

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

/** A chosen item as the database has it now: there, switched on, trusted, and with the text that was chosen. */
function stillHolds(m: Memory | undefined, item: LearnedItem): boolean {
  return !!m && m.enabled === 1 && m.confidence > 0 && m.text === item.text;
}

/** How often a choice is made again after its rows turned out stale; then the stale items are only left out. */
const MAX_RECHOICES = 2;

/**
 * Reads memories and patterns and selects the context for `question` (with
 * `priors`, see selectLearnedContext). The memories come from the shared
 * cache (memory-profiles.ts): with `budgetMs`, a first load still running is
 * waited for at most that long and the context is chosen from the rows read
 * by then; `onPartial` is told how many rows that was. The cache follows a
 * best-effort feed, so what goes into the prompt is checked against the
 * database: every chosen preference and correction is read again by id (one
 * gone, switched off, no longer trusted or edited is not used), and the
 * switched-off style memories (vetoes) are read from the database.
 */
export async function learningContext(
  db: CodelumiDB,
  question: string,
  earlier = '',
  random?: () => number,
  priors: readonly StylePrior[] = [],
  options: { budgetMs?: number; onPartial?: (rowsHeld: number) => void } = {},
): Promise<LearnedContext> {
  const cache = memoryProfiles(db);
  const [snapshot, patterns, switchedOff] = await Promise.all([
    cache.snapshot(options.budgetMs),
    db.patterns.toArray(),
    // By index, never the whole table: what the user switched off holds even when the cache has not heard of it.
    db.memories.where('enabled').equals(0).toArray(),
  ]);
  if (!snapshot.complete) options.onPartial?.(snapshot.memories.length);
  const off = new Set(switchedOff.map((m) => m.id));
  let memories = [...snapshot.memories.filter((m) => m.enabled === 1 && !off.has(m.id)), ...switchedOff];
  let style: LearnedContext['style'] | undefined;
  for (let attempt = 0; ; attempt++) {
    const chosenNow = selectLearnedContext(question, earlier, memories, patterns, random, priors, snapshot.profileOf);
    // The style is chosen once (its vetoes come from the database): a choice made again only swaps stale memories.
    if (attempt === 0) style = chosenNow.style;
    const context = { ...chosenNow, style };
    const chosen = [...context.preferences, ...context.corrections];
    const fresh = await db.memories.bulkGet(chosen.map((item) => item.id));
    const stale = new Map<string, Memory | undefined>();
    chosen.forEach((item, i) => {
      if (!stillHolds(fresh[i], item)) stale.set(item.id, fresh[i]);
    });
    if (stale.size === 0) return context;
    // The cache missed these changes (a lost or late notice): it takes the rows as they are now.
    cache.refreshRows([...stale.keys()], [...stale.values()]);
    if (attempt === MAX_RECHOICES)
      return {
        ...context,
        preferences: context.preferences.filter((item) => !stale.has(item.id)),
        corrections: context.corrections.filter((item) => !stale.has(item.id)),
      };
    memories = memories.flatMap((m) => {
      if (!stale.has(m.id)) return [m];
      const now = stale.get(m.id);
      return now && now.enabled === 1 ? [now] : [];
    });
  }
}
