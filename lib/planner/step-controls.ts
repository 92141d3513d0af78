/**
 * What each of the user's step controls changes in the records, as
 * functions the executor applies at a safe point (executor.ts `control`):
 * the runs to store, the changed step's first, and for retry and edit the
 * later steps they reset (step-resets.ts). Files are written or dropped here;
 * runs are returned, not stored.
 */
import type { CodelumiDB } from '../db/db';
import { CodelumiError } from '../core/errors';
import type { PlanRecord, StepAttempt, StepRun } from './types';
import { dropStepVersions, writeUserEdit } from './workspace';
import { awaitsUser, emptyRun, lastAttempt, settleLeftover } from './step-state';
import { resetsAfter } from './step-resets';

/** A control's change: the runs to store (the step's own first), given the plan and every stored run. */
export type Change = (plan: PlanRecord, runs: ReadonlyMap<string, StepRun>) => Promise<StepRun[]>;

/** Where a change is made. */
export interface ControlContext {
  db: CodelumiDB;
  planId: string;
  now: () => number;
}

/** Step `stepId`'s stored run, settled (an attempt a closed tab left), or a fresh one. */
function runOf(ctx: ControlContext, runs: ReadonlyMap<string, StepRun>, stepId: string): StepRun {
  return settleLeftover(runs.get(stepId) ?? emptyRun(ctx.planId, stepId, ctx.now()), ctx.now());
}

/** `run` to be checked again (no model call) because step `after` changed. */
function recheck(ctx: ControlContext, run: StepRun, after: string): StepRun {
  const attempt: StepAttempt = {
    n: run.attempts.length + 1,
    kind: 'write',
    files: [],
    recheckAfter: after,
    startedAt: ctx.now(),
  };
  return { ...run, status: 'checking', attempts: [...run.attempts, attempt] };
}

/** Skip: the step counts as done. */
export const skipChange =
  (ctx: ControlContext, stepId: string): Change =>
  (_, runs) =>
    Promise.resolve([{ ...runOf(ctx, runs, stepId), status: 'skipped' }]);

/**
 * Retry: the step's versions go (the user's edits attributed to it too) and
 * it is `pending` again; later steps sharing its files likewise; later
 * steps that depend on it are checked again.
 */
export const retryChange =
  (ctx: ControlContext, stepId: string): Change =>
  async (plan, runs) => {
    const versions = await ctx.db.workspaceFiles.where('planId').equals(ctx.planId).toArray();
    const { rewrite, recheck: again } = resetsAfter(plan.plan, runs, versions, stepId, { kind: 'retry' });
    for (const id of [stepId, ...rewrite]) await dropStepVersions(ctx.db, ctx.planId, id);
    return [
      ...[stepId, ...rewrite].map((id): StepRun => ({ ...runOf(ctx, runs, id), status: 'pending' })),
      ...again.map((id) => recheck(ctx, runOf(ctx, runs, id), stepId)),
    ];
  };

/** The user's edit of `path` for step `owner`: a version of theirs, a `user-edit` attempt to check, dependents rechecked. */
export const editChange =
  (ctx: ControlContext, owner: string, path: string, content: string): Change =>
  async (plan, runs) => {
    await writeUserEdit(ctx.db, ctx.planId, owner, { path, content }, ctx.now());
    const run = runOf(ctx, runs, owner);
    const attempt: StepAttempt = { n: run.attempts.length + 1, kind: 'user-edit', files: [path], startedAt: ctx.now() };
    const versions = await ctx.db.workspaceFiles.where('planId').equals(ctx.planId).toArray();
    const { recheck: again } = resetsAfter(plan.plan, runs, versions, owner, { kind: 'edit', paths: [path] });
    return [
      { ...run, status: 'checking', attempts: [...run.attempts, attempt] },
      ...again.map((id) => recheck(ctx, runOf(ctx, runs, id), owner)),
    ];
  };

/** Accept or reject a step waiting for review (accept also takes a failed step as it is); `conflict:plan` otherwise. */
export const decideChange =
  (ctx: ControlContext, stepId: string, verdict: 'accepted' | 'rejected'): Change =>
  (_, runs) => {
    const run = runOf(ctx, runs, stepId);
    const last = lastAttempt(run);
    if (!awaitsUser(run)) {
      if (verdict === 'accepted' && run.status === 'failed') return Promise.resolve([{ ...run, status: 'accepted' }]);
      return Promise.reject(new CodelumiError('conflict:plan', `Step ${stepId} is not waiting for your review.`));
    }
    const check = { status: verdict, passed: 0, failed: 0, output: '' } as const;
    const attempts = [...run.attempts.slice(0, -1), { ...last!, check }];
    return Promise.resolve([{ ...run, status: verdict === 'accepted' ? 'accepted' : 'failed', attempts }]);
  };
