/**
 * The Planner's repositories over the v13 tables: plans, their steps' runs,
 * and deleting a plan with everything it wrote. Every write goes through
 * `guardWrite`, so a full disk is a `quota:db` error and the earlier rows stay.
 * A step run (like a workspace version) is written only in a transaction
 * that finds its plan: a plan deleted or forgotten while it executes gets
 * no late rows (`not_found:plan`), and `deleteOrphanRows` clears any an
 * older version left.
 */
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { newId } from '../core/ids';
import { CodelumiError } from '../core/errors';
import type { Plan, PlanRecord, PlanStatus, StepRun } from './types';

/** What a new plan starts from (the rest is filled in). */
export interface NewPlan {
  /** The id to store it under (a lock taken on it before it exists); a new one when absent. */
  id?: string;
  request: string;
  model: string;
  plan?: Plan;
  status?: PlanStatus;
  title?: string;
  conversationId?: string;
  projectId?: string;
  patternIds?: string[];
}

/** A plan's short title: its goal's (or request's) first line, at most 80 characters. */
export function planTitle(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line || 'Untitled plan';
}

/** Stores a new plan (`planning` with an empty plan unless given) and returns it. */
export async function createPlan(db: CodelumiDB, input: NewPlan, now = Date.now()): Promise<PlanRecord> {
  const record: PlanRecord = {
    id: input.id ?? newId(),
    title: input.title ?? planTitle(input.plan?.goal || input.request),
    request: input.request,
    plan: input.plan ?? { goal: '', files: [], steps: [] },
    status: input.status ?? 'planning',
    model: input.model,
    patternIds: input.patternIds ?? [],
    createdAt: now,
    updatedAt: now,
  };
  if (input.conversationId) record.conversationId = input.conversationId;
  if (input.projectId) record.projectId = input.projectId;
  await guardWrite(() => db.plans.add(record));
  return record;
}

/** The stored plan; throws `not_found:plan` when it is gone (deleted, or forgotten with its chat). */
export async function loadPlan(db: CodelumiDB, id: string): Promise<PlanRecord> {
  const plan = await db.plans.get(id);
  if (!plan) throw new CodelumiError('not_found:plan', 'This plan was deleted.');
  return plan;
}

/** What a plan update may change. */
export type PlanPatch = Partial<Pick<PlanRecord, 'plan' | 'status' | 'title' | 'error' | 'patternIds' | 'model'>>;

/**
 * Changes plan `id` and returns it as stored. With `expectedUpdatedAt`, the
 * change is made only if nobody changed the plan since it was read (another
 * tab, the executor): otherwise `conflict:plan` and nothing is written.
 * `error: undefined` in the patch clears the error.
 */
export async function updatePlan(
  db: CodelumiDB,
  id: string,
  patch: PlanPatch,
  options: { expectedUpdatedAt?: number; now?: number } = {},
): Promise<PlanRecord> {
  return guardWrite(() =>
    db.transaction('rw', db.plans, async () => {
      const current = await loadPlan(db, id);
      if (options.expectedUpdatedAt !== undefined && current.updatedAt !== options.expectedUpdatedAt)
        throw new CodelumiError('conflict:plan', 'The plan was changed in another tab or by its execution.');
      // Strictly later, so an optimistic writer that read the old row always sees a change.
      const updatedAt = Math.max(options.now ?? Date.now(), current.updatedAt + 1);
      const next: PlanRecord = { ...current, ...patch, updatedAt };
      if ('error' in patch && patch.error === undefined) delete next.error;
      await db.plans.put(next);
      return next;
    }),
  );
}

/** Every plan, newest first. */
export function listPlans(db: CodelumiDB): Promise<PlanRecord[]> {
  return db.plans.orderBy('createdAt').reverse().toArray();
}

/** The id of a step's run row. */
export const stepRunId = (planId: string, stepId: string) => `${planId}:${stepId}`;

/** A step's run as stored, or a fresh `pending` one (not stored) when it has none yet. */
export async function loadStepRun(db: CodelumiDB, planId: string, stepId: string, now = Date.now()): Promise<StepRun> {
  return (
    (await db.planSteps.get(stepRunId(planId, stepId))) ?? {
      id: stepRunId(planId, stepId),
      planId,
      stepId,
      status: 'pending',
      attempts: [],
      updatedAt: now,
    }
  );
}

/** Every stored step run of a plan, by step id. */
export async function stepRunsOf(db: CodelumiDB, planId: string): Promise<Map<string, StepRun>> {
  const rows = await db.planSteps.where('planId').equals(planId).toArray();
  return new Map(rows.map((r) => [r.stepId, r]));
}

/** Throws `not_found:plan` when plan `planId` is gone; call inside the transaction that writes its rows. */
export async function assertPlanExists(db: CodelumiDB, planId: string): Promise<void> {
  if ((await db.plans.where('id').equals(planId).count()) === 0)
    throw new CodelumiError('not_found:plan', 'This plan was deleted.');
}

/**
 * Stores a step's run as given (the executor's record of every attempt as
 * it happens), in a transaction that checks its plan exists: `not_found:plan`
 * and nothing written once the plan was deleted.
 */
export async function saveStepRun(db: CodelumiDB, run: StepRun): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', [db.plans, db.planSteps], async () => {
      await assertPlanExists(db, run.planId);
      await db.planSteps.put(run);
    }),
  );
}

/**
 * Deletes step runs and workspace versions whose plan is gone (left by a
 * version of the app that wrote after a delete); returns how many went.
 * Run at start-up (service `settleOrphanedPlans`).
 */
export async function deleteOrphanRows(db: CodelumiDB): Promise<number> {
  return guardWrite(() =>
    db.transaction('rw', [db.plans, db.planSteps, db.workspaceFiles], async () => {
      const plans = new Set((await db.plans.toCollection().primaryKeys()) as string[]);
      const steps = await db.planSteps.filter((r) => !plans.has(r.planId)).primaryKeys();
      const files = await db.workspaceFiles.filter((r) => !plans.has(r.planId)).primaryKeys();
      await db.planSteps.bulkDelete(steps);
      await db.workspaceFiles.bulkDelete(files);
      return steps.length + files.length;
    }),
  );
}

/** Deletes plan `id` with its step runs and every version of its workspace's files, in one transaction. */
export async function deletePlan(db: CodelumiDB, id: string): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', [db.plans, db.planSteps, db.workspaceFiles], async () => {
      await db.planSteps.where('planId').equals(id).delete();
      await db.workspaceFiles.where('planId').equals(id).delete();
      await db.plans.delete(id);
    }),
  );
}

/** How many plans were started from conversation `conversationId` (deleting the conversation forgets them too). */
export function countPlansFrom(db: CodelumiDB, conversationId: string): Promise<number> {
  return db.plans.where('conversationId').equals(conversationId).count();
}
