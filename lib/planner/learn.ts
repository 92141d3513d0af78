/**
 * What a plan's execution teaches, stored like an answer's: each step's
 * outcome becomes signals (passed first time: its check passed; fixed: an
 * error, then a pass; failed: an error; edited by hand: a correction;
 * skipped: a weak negative), and a finished plan is one outcome in the
 * pattern of (project kind → plan shape). The rows sit in the learning
 * tables under ids that name the plan, not a message: signals on
 * `plan:<planId>:<stepId>`, the plan's answer record on `plan:<planId>`,
 * with the plan's conversation (or `plan:<planId>` for a plan started
 * outside a chat). So forgetting a conversation (lib/learning/forget.ts)
 * takes a plan's signals, its share of its pattern and its lesson's source
 * with the rest, and "Don't learn from this" and temporary chats teach nothing.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerRecord, Pattern, Signal } from '../core/records';
import { guardWrite } from '../db/guard';
import { learnableNow } from '../db/conversations';
import { newId } from '../core/ids';
import { signalOf, type DetectedSignal } from '../signals/kinds';
import { combineSignals, type OutcomeScore } from '../signals/answer-outcome';
import { recordOutcome } from '../patterns/patterns';
import { PLAN_PREFIX, classifyProject, describePlanShape, planKindKey } from '../patterns/plan-kinds';
import { patternId, withoutContribution } from '../learning/engine/answers';
import { refreshLesson } from './lessons';
import type { PlanRecord, StepRun } from './types';

/** The id a plan's answer record and lesson source carry. */
export function planAnswerId(planId: string): string {
  return `${PLAN_PREFIX}${planId}`;
}

/** The id a step's signals are stored on. */
export function stepAnswerId(planId: string, stepId: string): string {
  return `${PLAN_PREFIX}${planId}:${stepId}`;
}

/** The conversation a plan's learning is filed under: its chat's, else one of its own. */
export function learningConversationId(plan: Pick<PlanRecord, 'id' | 'conversationId'>): string {
  return plan.conversationId ?? planAnswerId(plan.id);
}

/** One step's signals, before they are stored. */
export interface StepSignals {
  stepId: string;
  signals: DetectedSignal[];
}

/**
 * The signals each step's run says (pure): only steps that reached an end
 * (passed, fixed, failed, skipped, accepted) say anything; a step still
 * running says nothing yet. An accepted review step without edits says nothing.
 */
export function stepSignals(plan: Pick<PlanRecord, 'plan'>, runs: readonly StepRun[]): StepSignals[] {
  const out: StepSignals[] = [];
  for (const step of plan.plan.steps) {
    const run = runs.find((r) => r.stepId === step.id);
    if (!run) continue;
    const signals: DetectedSignal[] = [];
    const named = `Step “${step.title.slice(0, 80)}”`;
    const ok = step.check.kind === 'test' ? 'tests_passed' : 'code_ran_ok';
    const checked = run.attempts.filter((a) => a.check);
    const fixes = run.attempts.filter((a) => a.kind === 'fix').length;
    const firstError = checked.find((a) => a.check!.status === 'error' || a.check!.status === 'timeout')?.check;
    const lastError = [...checked].reverse().find((a) => a.check!.status !== 'ok')?.check;
    if (run.status === 'passed') signals.push(signalOf(ok, `${named}: its check passed first time`));
    if (run.status === 'fixed') {
      // Only a check that really failed is an error signal (a user's edit alone is not one).
      if (firstError)
        signals.push(signalOf('code_error', `${named}: its check failed: ${firstError.message ?? 'error'}`));
      signals.push(signalOf(ok, `${named}: its check passed after ${fixes} fix${fixes === 1 ? '' : 'es'}`));
    }
    if (run.status === 'failed')
      signals.push(
        signalOf('code_error', `${named}: its check still failed after the fixes: ${lastError?.message ?? 'error'}`),
      );
    if (run.status === 'skipped') signals.push(signalOf('left_immediately', `${named}: you skipped it`));
    const edits = run.attempts.filter((a) => a.kind === 'user-edit');
    if (edits.length && run.status !== 'pending') {
      const files = [...new Set(edits.flatMap((a) => a.files))].slice(0, 5).join(', ');
      signals.push(signalOf('user_corrected', `${named}: you edited ${files || 'its files'} by hand`));
    }
    if (signals.length) out.push({ stepId: step.id, signals });
  }
  return out;
}

/**
 * Plans that have ended after running count in their pattern; one still
 * running, paused or stopped does not yet, and one whose planning failed
 * (no step ever ran: Ollama down, the model missing, Stop while it planned)
 * never does: an outage says nothing about how plans of its shape work.
 */
function finished(plan: Pick<PlanRecord, 'status'>, runs: readonly StepRun[]): boolean {
  return (plan.status === 'done' || plan.status === 'failed') && ranAStep(runs);
}

/** True when some step was worked on (an attempt, or the user's skip). */
function ranAStep(runs: readonly StepRun[]): boolean {
  return runs.some((r) => r.attempts.length > 0 || r.status === 'skipped');
}

/**
 * The finished plan's one outcome (pure): positive when every step passed
 * or was fixed and none was edited or skipped; negative when a step failed;
 * mixed otherwise (skips, edits). One plan counts one in its pattern.
 */
export function planOutcome(plan: Pick<PlanRecord, 'plan'>, runs: readonly StepRun[]): OutcomeScore {
  // Nothing ran, nothing to judge (every() over no steps would call it a success).
  if (plan.plan.steps.length === 0 || !ranAStep(runs))
    return { outcome: 'unknown', score: 0, positive: 0, negative: 0 };
  const byStep = new Map(runs.map((r) => [r.stepId, r]));
  const statuses = plan.plan.steps.map((s) => byStep.get(s.id)?.status ?? 'pending');
  const edited = runs.some((r) => r.attempts.some((a) => a.kind === 'user-edit'));
  if (statuses.includes('failed')) return { outcome: 'negative', score: -1, positive: 0, negative: 1 };
  if (!edited && statuses.every((s) => s === 'passed' || s === 'fixed' || s === 'accepted'))
    return { outcome: 'positive', score: 1, positive: 1, negative: 0 };
  return { outcome: 'mixed', score: 0, positive: 0.5, negative: 0.5 };
}

/** What `learnFromPlan` did. */
export interface PlanLearning {
  /** False when the plan's chat may not teach (kept out of learning, deleted, temporary). */
  learned: boolean;
  signals: { added: number; removed: number };
  /** The plan's outcome in its pattern, once it has finished. */
  outcome?: AnswerRecord['outcome'];
  /** The pattern it counts in (`plan:python cli→tests-first`). */
  patternId: string;
}

/**
 * Brings what the plan taught up to date with its step runs, in one
 * transaction: each step's signals as `stepSignals` says (a retried step's
 * old signals go), and, once the plan is done or failed, its outcome in its
 * (project kind → plan shape) pattern, moved rather than added again when
 * it changes; a plan running again takes its outcome back until it ends.
 * Then the planning lesson of that pattern is refreshed. Safe to call after
 * every step. A plan from a chat with "Don't learn from this" on, deleted or
 * temporary (not in this database) teaches nothing.
 */
export async function learnFromPlan(
  db: CodelumiDB,
  record: PlanRecord,
  runs: readonly StepRun[],
  now = Date.now(),
  projectStack?: string | readonly string[],
): Promise<PlanLearning> {
  const kindKey = planKindKey(classifyProject(record.request, projectStack));
  const shape = describePlanShape(record.plan);
  const pid = patternId(kindKey, shape);
  const conversationId = learningConversationId(record);
  const tables = [db.conversations, db.signals, db.answers, db.patterns, db.memories];
  return guardWrite(() =>
    db.transaction('rw', tables, async () => {
      if (record.conversationId && !(await learnableNow(db, [record.conversationId])).has(record.conversationId))
        return { learned: false, signals: { added: 0, removed: 0 }, patternId: pid };
      const signals = await storeSignals(db, record, conversationId, stepSignals(record, runs), now);
      const answerId = planAnswerId(record.id);
      const before = await db.answers.get(answerId);
      // An earlier outcome leaves its pattern first (the plan's kind or shape may have changed since).
      if (before?.contribution) {
        const old = await db.patterns.get(patternId(before.questionKind, before.answerStyle));
        if (old) await db.patterns.put({ ...withoutContribution(old, before.contribution), updatedAt: now });
      }
      let outcome: AnswerRecord['outcome'] | undefined;
      if (finished(record, runs)) {
        const result = planOutcome(record, runs);
        const current: Pattern = (await db.patterns.get(pid)) ?? {
          id: pid,
          questionKind: kindKey,
          answerStyle: shape,
          successes: 0,
          failures: 0,
          updatedAt: now,
        };
        await db.patterns.put({ ...recordOutcome(current, result), updatedAt: now });
        await db.answers.put({
          messageId: answerId,
          conversationId,
          questionKind: kindKey,
          topic: kindKey,
          intent: 'plan',
          answerStyle: shape,
          language: classifyProject(record.request, projectStack).topic,
          outcome: result.outcome,
          score: result.score,
          contribution: { outcome: result.outcome, positive: result.positive, negative: result.negative },
          signalCount: signals.total,
          usedMemoryIds: record.patternIds,
          createdAt: before?.createdAt ?? now,
          updatedAt: now,
        });
        outcome = result.outcome;
      } else if (before) {
        await db.answers.delete(answerId);
      }
      if (before && before.questionKind + before.answerStyle !== kindKey + shape)
        await refreshLesson(db, before.questionKind, before.answerStyle, now);
      await refreshLesson(db, kindKey, shape, now);
      return { learned: true, signals: { added: signals.added, removed: signals.removed }, outcome, patternId: pid };
    }),
  );
}

/** Makes the plan's stored signals exactly `wanted`: new ones added, ones no longer true removed, the rest kept as they are. */
async function storeSignals(
  db: CodelumiDB,
  record: PlanRecord,
  conversationId: string,
  wanted: StepSignals[],
  now: number,
): Promise<{ added: number; removed: number; total: number }> {
  const prefix = `${planAnswerId(record.id)}:`;
  const existing = await db.signals.where('messageId').startsWith(prefix).toArray();
  const rows: Signal[] = wanted.flatMap(({ stepId, signals }) =>
    signals.map((s) => ({
      id: newId(),
      messageId: stepAnswerId(record.id, stepId),
      conversationId,
      kind: s.kind,
      polarity: s.polarity,
      confidence: s.confidence,
      evidence: `Plan “${record.title.slice(0, 80)}”: ${s.evidence}`,
      createdAt: now,
      source: 'plan' as const,
      sourceId: `${record.id}:${stepId}:${s.kind}`,
    })),
  );
  const wantedIds = new Set(rows.map((r) => r.sourceId));
  const haveIds = new Set(existing.map((s) => s.sourceId));
  const stale = existing.filter((s) => !wantedIds.has(s.sourceId));
  const fresh = rows.filter((r) => !haveIds.has(r.sourceId));
  await db.signals.bulkDelete(stale.map((s) => s.id));
  await db.signals.bulkAdd(fresh);
  return { added: fresh.length, removed: stale.length, total: rows.length };
}

/**
 * Takes back everything plan `planId` taught (its signals, its outcome in
 * its pattern, its source of the planning lesson) while its chat stays: for
 * a plan deleted on its own. Returns how many signals went.
 */
export async function forgetPlanLearning(db: CodelumiDB, planId: string, now = Date.now()): Promise<number> {
  const tables = [db.signals, db.answers, db.patterns, db.memories];
  return guardWrite(() =>
    db.transaction('rw', tables, async () => {
      const answerId = planAnswerId(planId);
      const removed = await db.signals.where('messageId').startsWith(`${answerId}:`).delete();
      const record = await db.answers.get(answerId);
      if (record) {
        const pattern = await db.patterns.get(patternId(record.questionKind, record.answerStyle));
        if (pattern && record.contribution)
          await db.patterns.put({ ...withoutContribution(pattern, record.contribution), updatedAt: now });
        await db.answers.delete(answerId);
        await refreshLesson(db, record.questionKind, record.answerStyle, now);
      }
      return removed;
    }),
  );
}

/** How the plan's steps ended, folded like an answer's signals (for the plan's own view). */
export function stepOutcomes(plan: Pick<PlanRecord, 'plan'>, runs: readonly StepRun[]): Map<string, OutcomeScore> {
  return new Map(stepSignals(plan, runs).map((s) => [s.stepId, combineSignals(s.signals)]));
}
