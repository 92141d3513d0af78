/**
 * Writing what was learned as memories the user can see and change:
 * stated preferences and facts, corrections (with their training pair), and
 * preferences inferred from strong, repeated evidence.
 */
import type { CodelumiDB } from '../db/db';
import type { Memory, MemorySource, Message } from '../core/records';
import { newId } from '../core/ids';
import { learnableNow } from '../db/conversations';
import { confirmedBy, memoryKey, sourcesOf } from './sources';
import { extractStatedMemories, type StatedMemory } from './statements';
import { classifyQuestion, styleLabel } from '../patterns/classify';
import { confidenceOf, evidenceOf, successRate } from '../patterns/patterns';

export { memoryKey } from './sources';

/**
 * Adds a memory, or confirms the existing one with the same key (more hits,
 * higher confidence). Either way the message it came from is kept among its
 * sources (lib/memory/sources.ts), and its words are that message's. A memory
 * the user disabled stays disabled; one the user edited keeps their text.
 */
export async function upsertMemory(
  db: CodelumiDB,
  memory: Omit<Memory, 'id' | 'createdAt' | 'updatedAt' | 'key' | 'hits' | 'enabled' | 'sources'> & { key?: string },
  now: number,
): Promise<Memory> {
  const key = memory.key ?? memoryKey(memory.kind, memory.text);
  const source: MemorySource = {
    conversationId: memory.conversationId,
    messageId: memory.messageId,
    evidence: memory.evidence,
    text: memory.text,
    at: now,
  };
  const linked = !!(memory.conversationId || memory.messageId);
  const existing = await db.memories.where('key').equals(key).first();
  if (existing) {
    const updated = linked
      ? confirmedBy(existing, source, memory.confidence, now)
      : {
          // Learned from no chat: no source to keep, nothing that forgetting would have to take back.
          ...existing,
          confidence: Math.max(existing.confidence, memory.confidence),
          hits: (existing.hits ?? 1) + 1,
          evidence: memory.evidence ?? existing.evidence,
          text: existing.source === 'user' ? existing.text : memory.text,
          updatedAt: now,
        };
    await db.memories.put(updated);
    return updated;
  }
  const created: Memory = {
    ...memory,
    id: newId(),
    key,
    hits: 1,
    enabled: 1,
    createdAt: now,
    updatedAt: now,
    ...(linked ? { sources: [source] } : {}),
  };
  await db.memories.add(created);
  return created;
}

/** Stores memories the user stated in `message`. */
export async function rememberStated(
  db: CodelumiDB,
  stated: StatedMemory[],
  message: Message,
  now: number,
): Promise<Memory[]> {
  const out: Memory[] = [];
  for (const s of stated) {
    // One message states a memory once: stored when it was sent (rememberStatedNow), not counted again when learned from.
    const same = await db.memories.where('key').equals(memoryKey(s.kind, s.text)).first();
    if (same && sourcesOf(same).some((source) => source.messageId === message.id)) {
      out.push(same);
      continue;
    }
    out.push(
      await upsertMemory(
        db,
        {
          kind: s.kind,
          text: s.text,
          source: 'explicit',
          confidence: 0.9,
          evidence: `You said: “${s.evidence}”`,
          messageId: message.id,
          conversationId: message.conversationId,
        },
        now,
      ),
    );
  }
  return out;
}

/**
 * Stores what the user's message `message` states (preferences, facts about
 * their stack) as it is sent, so the answer to it, and the next question,
 * already have them. Never throws: a failed write is left to the learning
 * engine, which reads the same message again.
 */
export async function rememberStatedNow(db: CodelumiDB, message: Message): Promise<void> {
  const stated = extractStatedMemories(message.content);
  if (!stated.length) return;
  try {
    await db.transaction('rw', [db.conversations, db.memories], async () => {
      // Sent a moment ago, but the chat may have been deleted or kept out of learning since.
      if ((await learnableNow(db, [message.conversationId])).size === 0) return;
      await rememberStated(db, stated, message, message.createdAt);
    });
  } catch (err) {
    console.warn('Codelumi: what the message states is learned later instead', err);
  }
}

/**
 * Short description of what a question was about, for "When asked about X: …":
 * the sentence that asks (not "I prefer short answers." around it), cut short.
 */
export function questionGist(question: string): string {
  const text = question
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = text.split(/(?<=[.!?])\s+/).filter(Boolean);
  const stated = new Set(extractStatedMemories(text).map((m) => m.evidence));
  const asking =
    sentences.find((s) => !stated.has(s) && /\?\s*$/.test(s)) ??
    sentences.find(
      (s) =>
        !stated.has(s) && /^(?:how|what|why|write|show|explain|create|make|implement|fix|can|could|is|does)\b/i.test(s),
    ) ??
    sentences.find((s) => !stated.has(s)) ??
    text;
  const gist = asking.replace(/(?<![.!])[.!]+$/, '');
  return gist.length > 90 ? `${gist.slice(0, 87).replace(/(?<!\s)\s+\S*$/, '')}…` : gist;
}

/**
 * What ends a lead-in word: punctuation, a dash with spaces around it, or a
 * space. Never a hyphen joined to the next word: "no-cors" and "well-typed"
 * are words of the rule, not a lead-in.
 */
const LEAD_END = String.raw`(?:\s*[,.!:;…]+\s*|\s*—\s*|\s+[-–]+\s+|\s+)`;
const LEAD_WORDS = new RegExp(
  String.raw`^(?:(?:no+|nope|nah|wrong|incorrect|actually|hmm+|well|lol|ugh)${LEAD_END})+`,
  'i',
);
const THATS_WRONG = new RegExp(String.raw`^that'?s (?:wrong|incorrect|not right)${LEAD_END}`, 'i');

/**
 * A correction as a rule to keep: without the "no, …" or "actually, …" that
 * led into it, and otherwise in the user's own letters. Its case is never
 * changed: the first word is often code ("useEffect", "pnpm", "npm").
 */
export function correctionText(words: string): string {
  const trimmed = words.trim();
  const rule = trimmed.replace(LEAD_WORDS, '').replace(THATS_WRONG, '').trim();
  // "No." alone is no rule: keep the words as they were rather than nothing.
  return rule || trimmed;
}

/**
 * The key of the correction memory that a correction of an answer to
 * `question` makes; a training pair belongs to the memory with the key of its
 * question and chosen answer (the Memory page deletes both together).
 */
export function correctionKey(question: string, correction: string): string {
  return memoryKey('correction', `${questionGist(question) || 'this'} ${correction}`);
}

/**
 * A correction becomes a correction memory ("When asked about X: Y") and a
 * (question, rejected answer, corrected answer) training pair.
 */
export async function rememberCorrection(
  db: CodelumiDB,
  input: { question: string; rejected: string; correction: string; answer: Message; sourceMessageId?: string },
  now: number,
): Promise<Memory> {
  const gist = questionGist(input.question) || 'this';
  const text = `When asked about “${gist}”: ${correctionText(input.correction)}`;
  const topic = classifyQuestion(input.question).topic;
  const memory = await upsertMemory(
    db,
    {
      kind: 'correction',
      text,
      source: 'explicit',
      confidence: 0.95,
      evidence: `You corrected an answer: “${input.correction.trim().slice(0, 200)}”`,
      messageId: input.sourceMessageId ?? input.answer.id,
      conversationId: input.answer.conversationId,
      topic,
      key: correctionKey(input.question, input.correction),
    },
    now,
  );
  const pairExists = await db.trainingPairs
    .where('messageId')
    .equals(input.answer.id)
    .filter((p) => p.chosen === input.correction.trim())
    .count();
  if (!pairExists) {
    await db.trainingPairs.add({
      id: newId(),
      conversationId: input.answer.conversationId,
      messageId: input.answer.id,
      question: input.question,
      rejected: input.rejected,
      chosen: input.correction.trim(),
      createdAt: now,
    });
  }
  return memory;
}

/** Evidence needed before a style becomes an inferred preference. */
const INFER_MIN_EVIDENCE = 4;
const INFER_MIN_RATE = 0.72;
const INFER_MIN_CONFIDENCE = 0.9;

/**
 * Turns strong, repeated evidence for a topic's best style into an inferred
 * preference (or updates it); withdraws it when the evidence weakens.
 */
export async function inferStylePreference(db: CodelumiDB, topic: string, now: number): Promise<Memory | undefined> {
  if (topic === 'general') return undefined;
  const patterns = await db.patterns.where('questionKind').startsWith(`${topic}/`).toArray();
  const byStyle = new Map<string, { successes: number; failures: number }>();
  for (const p of patterns) {
    const cur = byStyle.get(p.answerStyle) ?? { successes: 0, failures: 0 };
    byStyle.set(p.answerStyle, { successes: cur.successes + p.successes, failures: cur.failures + p.failures });
  }
  let best: [string, { successes: number; failures: number }] | undefined;
  for (const entry of byStyle) if (!best || successRate(entry[1]) > successRate(best[1])) best = entry;
  const key = `inferred-style:${topic}`;
  const existing = await db.memories.where('key').equals(key).first();
  const strong =
    best &&
    evidenceOf(best[1]) >= INFER_MIN_EVIDENCE &&
    successRate(best[1]) >= INFER_MIN_RATE &&
    confidenceOf(best[1]) >= INFER_MIN_CONFIDENCE;
  if (!strong) {
    if (existing && existing.source === 'inferred' && existing.confidence > 0) {
      await db.memories.update(existing.id, {
        confidence: 0,
        evidence: `${existing.evidence ?? ''} — no longer clear from recent answers`.trim(),
        updatedAt: now,
      });
    }
    return undefined;
  }
  const [style, stats] = best!;
  const rate = successRate(stats);
  const text = `For ${topic} questions, ${styleLabel(style)} answers work best`;
  const evidence = `${Math.round(evidenceOf(stats))} answers in this style for ${topic}; ${Math.round(rate * 100)}% went well (sure: ${Math.round(confidenceOf(stats) * 100)}%)`;
  if (existing) {
    const updated = {
      ...existing,
      text: existing.source === 'user' ? existing.text : text,
      evidence,
      confidence: Math.round(rate * 100) / 100,
      updatedAt: now,
    };
    await db.memories.put(updated);
    return updated;
  }
  const created: Memory = {
    id: newId(),
    kind: 'preference',
    text,
    source: 'inferred',
    confidence: Math.round(rate * 100) / 100,
    enabled: 1,
    evidence,
    key,
    topic,
    hits: 1,
    createdAt: now,
    updatedAt: now,
  };
  await db.memories.add(created);
  return created;
}
