/**
 * What a personal model may be built from, read from the database: the
 * enabled memories that still stand on a conversation learning may use (or
 * on none: the user's own), the corrections' training pairs whose correction
 * memory is still switched on with confidence, and the best
 * answers. Nothing from a conversation in the bin, deleted, or kept out of
 * learning; temporary chats live in their own in-memory database and never
 * reach this one.
 */
import type { CodelumiDB } from '../db/db';
import type { Memory, PersonalModel, TrainingPair } from '../core/records';
import { learnableNow } from '../db/conversations';
import { sourcesOf } from '../memory/sources';
import { correctionKey } from '../memory/learned';
import { correctionChosen } from '../memory/corrections';
import { fitsAsExample, pickExamples, type PersonalExample } from './examples';

/** Most few-shot examples a personal model carries, corrections first. */
export const MAX_EXAMPLES = 5;
/** Of those, at most this many are corrections, so well-received answers still show the style. */
const MAX_CORRECTION_EXAMPLES = 3;

/** The material of one personal model, before it is written as a request. */
export interface LearnedMaterial {
  memories: Memory[];
  examples: PersonalExample[];
}

/** The conversation a memory's words come from: its latest source's (undefined for one learned from no chat). */
function wordsFrom(memory: Memory): string | undefined {
  const sources = sourcesOf(memory);
  return sources[sources.length - 1]?.conversationId;
}

/**
 * True when `memory` may go into a personal model: switched on, with
 * confidence, and either the user's own words or words from a conversation
 * in `learnable`.
 */
export function memoryUsable(memory: Memory, learnable: ReadonlySet<string>): boolean {
  if (memory.enabled !== 1 || !(memory.confidence > 0)) return false;
  if (memory.source === 'user') return true;
  const chat = wordsFrom(memory);
  return chat === undefined || learnable.has(chat);
}

/**
 * A correction's training pair as an example: the question, and the user's
 * correction as the answer to give, as its correction `memory` says it (the
 * user's edit when there is one; the training export's rule, correctionChosen).
 */
export function pairExample(pair: TrainingPair, memory: Memory): PersonalExample | undefined {
  const answer = correctionChosen(pair, memory);
  if (!fitsAsExample(pair.question, answer)) return undefined;
  return {
    id: `pair:${pair.id}`,
    conversationId: pair.conversationId,
    question: pair.question.trim(),
    answer,
    from: 'correction',
  };
}

/** Reads everything a personal model would be built from now (see the file's comment for what is left out). */
export async function gatherMaterial(db: CodelumiDB): Promise<LearnedMaterial> {
  const [memories, pairs] = await Promise.all([db.memories.toArray(), db.trainingPairs.toArray()]);
  const chats = [...memories.map(wordsFrom), ...pairs.map((p) => p.conversationId)].filter((id): id is string => !!id);
  const learnable = await learnableNow(db, chats);
  const usable = memories
    .filter((m) => memoryUsable(m, learnable))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));

  // A pair goes in only while its correction memory (the one whose key its
  // question and chosen answer make, as lib/memory links them) is switched on
  // and not withdrawn: switching a correction off must take it out of the model too.
  const standingCorrections = new Map(
    memories
      .filter((m) => m.kind === 'correction' && m.key && m.enabled === 1 && m.confidence > 0)
      .map((m) => [m.key as string, m]),
  );
  const corrections: PersonalExample[] = [];
  const seen = new Set<string>();
  for (const pair of [...pairs].sort((a, b) => b.createdAt - a.createdAt)) {
    if (corrections.length >= MAX_CORRECTION_EXAMPLES) break;
    if (!learnable.has(pair.conversationId)) continue;
    const memory = standingCorrections.get(correctionKey(pair.question, pair.chosen));
    if (!memory) continue;
    const example = pairExample(pair, memory);
    const key = pair.question.trim().toLowerCase();
    if (!example || seen.has(key)) continue;
    seen.add(key);
    corrections.push(example);
  }
  const answers = (await pickExamples(db, MAX_EXAMPLES)).filter((e) => !seen.has(e.question.toLowerCase()));
  return { memories: usable, examples: [...corrections, ...answers].slice(0, MAX_EXAMPLES) };
}

/**
 * The parts of `inputs` (an approved preview's) that may not be used now:
 * a memory switched off, withdrawn, deleted or standing on a chat kept out of
 * learning; an example whose answer or correction is gone, no longer rated
 * well, or from such a chat; a conversation in the bin, deleted or kept out.
 * Empty when everything the user approved may still go in.
 */
export async function unusableNow(db: CodelumiDB, inputs: PersonalModel['inputs']): Promise<string[]> {
  const [material, learnable] = await Promise.all([gatherMaterial(db), learnableNow(db, inputs.conversationIds)]);
  const usable = new Set(material.memories.map((m) => m.id));
  const out = inputs.memoryIds.filter((id) => !usable.has(id));
  out.push(...inputs.conversationIds.filter((id) => !learnable.has(id)));
  for (const id of inputs.exampleIds) if (!(await exampleUsable(db, id))) out.push(id);
  return out;
}

/** True when the example `id` (an answer's message id, or `pair:<id>`) may still go in, by gatherMaterial's rules. */
async function exampleUsable(db: CodelumiDB, id: string): Promise<boolean> {
  if (id.startsWith('pair:')) {
    const pair = await db.trainingPairs.get(id.slice('pair:'.length));
    if (!pair || !(await learnableNow(db, [pair.conversationId])).has(pair.conversationId)) return false;
    const key = correctionKey(pair.question, pair.chosen);
    const standing = (await db.memories.filter((m) => m.kind === 'correction' && m.key === key).toArray()).find(
      (m) => m.enabled === 1 && m.confidence > 0,
    );
    return !!standing && !!pairExample(pair, standing);
  }
  const [answer, record] = await Promise.all([db.messages.get(id), db.answers.get(id)]);
  if (!answer || !record || record.outcome !== 'positive') return false;
  return (await learnableNow(db, [answer.conversationId])).has(answer.conversationId);
}
