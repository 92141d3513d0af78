/**
 * What the Build page shows of one plan, put together from what is stored
 * (Dexie) and what this tab's executor holds (newer while it runs), and the
 * sentences learning leaves once a plan ends. Pure: no database, no timers.
 */
import { replaceEqualDeep } from '@tanstack/query-core';
import type { PlanSnapshot } from './app-contract';
import type { ExecutorState } from './executor';
import type { PlanLearning } from './learn';
import { awaitsUser } from './step-state';
import type { PlanRecord, StepRun, WorkspaceFile } from './types';

/** A plan as read from the database in one go. */
export interface StoredPlan {
  plan: PlanRecord;
  runs: StepRun[];
  files: WorkspaceFile[];
}

/** What only this tab knows about a plan. */
export interface LocalPlanState {
  planningTokens?: number;
  resumedAfterReload?: boolean;
  learned?: string[];
}

/**
 * The snapshot of `stored`: each step's run is the executor's when it is at
 * least as new as the stored one (the executor shows a run before it is
 * written), runs in plan order, and the steps waiting for the user listed.
 */
export function planSnapshot(
  stored: StoredPlan,
  executor: ExecutorState,
  local: LocalPlanState,
  fixLimit: number,
): PlanSnapshot {
  const byStep = new Map(stored.runs.map((r) => [r.stepId, r]));
  for (const run of Object.values(executor.steps)) {
    const known = byStep.get(run.stepId);
    if (!known || run.updatedAt >= known.updatedAt) byStep.set(run.stepId, run);
  }
  const steps = stored.plan.plan.steps.flatMap((s) => byStep.get(s.id) ?? []);
  // The run here stopped on an error that could not even be stored (storage full): the page shows it paused with
  // that error rather than "running" forever. A later run (another tab's) stored after it wins.
  const plan =
    !executor.running &&
    executor.error &&
    stored.plan.status === 'executing' &&
    (executor.errorAt ?? 0) >= stored.plan.updatedAt
      ? { ...stored.plan, status: 'paused' as const, error: executor.error }
      : stored.plan;
  return {
    plan,
    steps,
    files: stored.files,
    ...(stored.plan.status === 'planning' ? { planning: { tokens: local.planningTokens ?? 0 } } : {}),
    fixLimit,
    ...(local.resumedAfterReload ? { resumedAfterReload: true } : {}),
    ...(local.learned?.length ? { learned: local.learned } : {}),
    awaitingReview: executor.running ? [] : steps.filter(awaitsUser).map((r) => r.stepId),
    running: executor.running,
  };
}

/**
 * `next`, with every part equal in value to the same part of `previous` (the
 * plan, a step's run or one of its attempts, a workspace file, a list) being
 * `previous`'s own object: TanStack Query's structural sharing. The database
 * hands over new objects for every row on every read, so without it each
 * saved step run (every 250 ms while a step streams) looks like a change of
 * everything; with it, a view memoised by identity redraws only what changed.
 * Returns `previous` itself when nothing changed; never changes either input.
 */
export function shareUnchanged(previous: PlanSnapshot | undefined, next: PlanSnapshot): PlanSnapshot {
  return previous ? replaceEqualDeep(previous, next) : next;
}

/** What learning took from an ended plan, in sentences for the page (none while it runs or when it may not teach). */
export function learnedLines(learning: PlanLearning): string[] {
  if (!learning.learned || !learning.outcome || learning.outcome === 'unknown') return [];
  const shape = learning.patternId.replace(/^plan:/, '').replace('→', ' planned as ');
  const lines = [`This plan counts as a ${learning.outcome} outcome for ${shape}.`];
  if (learning.signals.added > 0)
    lines.push(
      `${learning.signals.added} step ${learning.signals.added === 1 ? 'outcome became a signal' : 'outcomes became signals'}, like an answer’s.`,
    );
  lines.push('Planning uses it for the next request like it.');
  return lines;
}
