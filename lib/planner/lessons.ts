/**
 * Planning lessons: a (project kind → plan shape) pattern with enough
 * finished plans, as one line the planning prompt can use ("For a Python
 * CLI, plans that write tests first passed 4 of 5 times"). Each is a memory
 * of kind `plan_lesson` (source `inferred`), so the Memory page lists it and
 * the user can edit, switch off or delete it like any memory; its sources
 * are the plans it counts, so forgetting their conversations withdraws it.
 * Chat prompts never use these (lib/memory/learned-context.ts leaves them out).
 */
import type { CodelumiDB } from '../db/db';
import type { Memory, MemorySource } from '../core/records';
import { newId } from '../core/ids';
import { successRate } from '../patterns/patterns';
import { patternId } from '../learning/engine/answers';
import {
  classifyProject,
  parsePlanKind,
  planShapePlans,
  projectKindLabel,
  type ProjectKind,
} from '../patterns/plan-kinds';

/** Finished plans of one kind and shape needed before they make a lesson. */
export const LESSON_MIN_PLANS = 2;
/** At most this many lessons go into one planning prompt. */
export const MAX_LESSONS = 3;

const lessonKey = (kindKey: string, shape: string) => `plan-lesson:${kindKey}|${shape}`;

/** "For a Python CLI, plans that write tests first passed 4 of 5 times." */
export function lessonText(kind: ProjectKind, shape: string, passed: number, plans: number): string {
  const times = plans === 1 ? 'time' : 'times';
  const label = projectKindLabel(kind);
  return `For ${label}, ${planShapePlans(shape)} passed ${passed} of ${plans} ${times}`;
}

/** The finished plans counted in (kindKey → shape), and how many went well. */
async function planCounts(db: CodelumiDB, kindKey: string, shape: string) {
  const records = await db.answers
    .where('questionKind')
    .equals(kindKey)
    .filter((a) => a.answerStyle === shape && a.outcome !== 'unknown')
    .toArray();
  return { records, passed: records.filter((r) => r.outcome === 'positive').length };
}

/**
 * Inside a transaction over answers, patterns and memories: makes the
 * lesson of (kindKey → shape) say what its finished plans say now. It is
 * created at `LESSON_MIN_PLANS` plans, and its text, figures and sources
 * follow each plan after; with fewer plans left it goes, unless the user
 * edited it (theirs: it stays, unlinked). A lesson the user switched off
 * stays off, and one they edited keeps their words.
 */
export async function refreshLesson(db: CodelumiDB, kindKey: string, shape: string, now: number): Promise<void> {
  const kind = parsePlanKind(kindKey);
  if (!kind) return;
  const key = lessonKey(kindKey, shape);
  const existing = await db.memories.where('key').equals(key).first();
  const { records, passed } = await planCounts(db, kindKey, shape);
  if (records.length < LESSON_MIN_PLANS) {
    if (existing?.source === 'user')
      await db.memories.put({
        ...existing,
        sources: [],
        messageId: undefined,
        conversationId: undefined,
        evidence: undefined,
        updatedAt: now,
      });
    else if (existing) await db.memories.delete(existing.id);
    return;
  }
  const text = lessonText(kind, shape, passed, records.length);
  const evidence = `${records.length} finished plans for ${projectKindLabel(kind)} had this shape; ${passed} went well`;
  const sources: MemorySource[] = [...records]
    .sort((a, b) => a.updatedAt - b.updatedAt)
    .map((r) => ({
      conversationId: r.conversationId,
      messageId: r.messageId,
      evidence: `A plan that ${r.outcome === 'positive' ? 'went well' : r.outcome === 'negative' ? 'failed' : 'needed your help'}`,
      text,
      at: r.updatedAt,
    }));
  const latest = sources[sources.length - 1];
  const pattern = await db.patterns.get(patternId(kindKey, shape));
  const confidence =
    Math.round(successRate(pattern ?? { successes: passed, failures: records.length - passed }) * 100) / 100;
  const learned = {
    evidence,
    confidence,
    sources,
    messageId: latest.messageId,
    conversationId: latest.conversationId,
    hits: records.length,
    updatedAt: now,
  };
  if (existing) {
    await db.memories.put({ ...existing, ...learned, text: existing.source === 'user' ? existing.text : text });
    return;
  }
  const created: Memory = {
    id: newId(),
    kind: 'plan_lesson',
    text,
    source: 'inferred',
    enabled: 1,
    key,
    topic: kindKey,
    createdAt: now,
    ...learned,
  };
  await db.memories.add(created);
}

/** One lesson for the planning prompt: the memory's id (for the plan's `patternIds`) and its line. */
export interface PlanningLesson {
  id: string;
  text: string;
}

/**
 * The few lessons most relevant to a request (at most `MAX_LESSONS`): those
 * about the same kind of project first, then the same language or framework;
 * nothing about an unrelated one. Only lessons switched on, in their current
 * figures (the user's words when they edited one). Reads only.
 */
export async function planningLessons(
  db: CodelumiDB,
  input: { request: string; projectStack?: string | readonly string[] },
): Promise<PlanningLesson[]> {
  const wanted = classifyProject(input.request, input.projectStack);
  const candidates = await db.memories
    .where('kind')
    .equals('plan_lesson')
    .filter((m) => m.enabled === 1 && m.confidence > 0)
    .toArray();
  const scored: { lesson: PlanningLesson; relevance: number; plans: number }[] = [];
  for (const m of candidates) {
    const kind = m.topic ? parsePlanKind(m.topic) : undefined;
    const shape = m.key?.split('|')[1];
    if (!kind || !shape) continue;
    const relevance =
      kind.topic === wanted.topic && kind.type === wanted.type
        ? 2
        : kind.topic === wanted.topic && kind.topic !== 'general'
          ? 1
          : 0;
    if (relevance === 0) continue;
    const { records, passed } = await planCounts(db, m.topic!, shape);
    if (m.source === 'user') {
      scored.push({ lesson: { id: m.id, text: m.text }, relevance, plans: records.length });
    } else if (records.length >= LESSON_MIN_PLANS) {
      // Figures as they are now: forgetting a chat may have taken plans out since the text was written.
      scored.push({
        lesson: { id: m.id, text: lessonText(kind, shape, passed, records.length) },
        relevance,
        plans: records.length,
      });
    }
  }
  return scored
    .sort((a, b) => b.relevance - a.relevance || b.plans - a.plans || a.lesson.id.localeCompare(b.lesson.id))
    .slice(0, MAX_LESSONS)
    .map((s) => s.lesson);
}
