/**
 * The step state machine's rules as pure functions over stored records:
 * which step comes next, what a step's status becomes after a check, how
 * many fixes the current try has used, and how runs a closed tab left
 * half-done are settled. The executor applies them; a reload reads the same
 * records and so reaches the same decisions.
 */
import type { CheckOutcome, Plan, PlanStep, StepAttempt, StepRun, StepStatus } from './types';

/** Statuses after which a step needs nothing more (the plan moves on). */
const FINISHED: ReadonlySet<StepStatus> = new Set(['passed', 'fixed', 'skipped', 'accepted']);

/** True when the step needs nothing more. */
export const isFinished = (status: StepStatus) => FINISHED.has(status);

/** A fresh run of `step` (not stored). */
export function emptyRun(planId: string, stepId: string, now: number): StepRun {
  return { id: `${planId}:${stepId}`, planId, stepId, status: 'pending', attempts: [], updatedAt: now };
}

/** The run's last attempt, if any. */
export const lastAttempt = (run: StepRun): StepAttempt | undefined => run.attempts.at(-1);

/**
 * True when the step waits for the user: its files are written and checked
 * as far as anything here can (a review, or a preview nothing renders), and
 * its last attempt finished without an outcome.
 */
export function awaitsUser(run: StepRun): boolean {
  const last = lastAttempt(run);
  return run.status === 'checking' && !!last && last.finishedAt !== undefined && !last.check && !last.interrupted;
}

/** What the executor does next. */
export type Next =
  | { kind: 'done' }
  | { kind: 'step'; step: PlanStep; run: StepRun }
  | { kind: 'waiting'; step: PlanStep }
  | { kind: 'failed'; step: PlanStep; run: StepRun }
  | { kind: 'blocked'; step: PlanStep; on: string };

/**
 * The first step in the plan's order that is not finished, and what it
 * needs: work, the user's decision (waiting, failed), or nothing because a
 * step it depends on comes later and is not done (blocked). `done` when
 * every step is finished.
 */
export function nextStep(plan: Plan, runs: ReadonlyMap<string, StepRun>, planId: string, now: number): Next {
  for (const step of plan.steps) {
    const run = runs.get(step.id) ?? emptyRun(planId, step.id, now);
    if (isFinished(run.status)) continue;
    if (run.status === 'failed') return { kind: 'failed', step, run };
    if (awaitsUser(run)) return { kind: 'waiting', step };
    const on = step.dependsOn.find(
      (d) => plan.steps.some((s) => s.id === d) && !isFinished(runs.get(d)?.status ?? 'pending'),
    );
    if (on) return { kind: 'blocked', step, on };
    return { kind: 'step', step, run };
  }
  return { kind: 'done' };
}

/** The attempts since the step was last written afresh (by the model or the user) or rechecked: the current try. */
function currentTry(run: StepRun): StepAttempt[] {
  const done = run.attempts.filter((a) => !a.interrupted);
  const start = done.map((a) => a.kind).lastIndexOf('write');
  const edit = done.map((a) => a.kind).lastIndexOf('user-edit');
  return done.slice(Math.max(start, edit, 0));
}

/** True for an attempt that only checks the step again (step-resets.ts). */
export const isRecheck = (a: StepAttempt) => a.recheckAfter !== undefined;

/** The try that wrote the step's files: the current one, or the one before a recheck's. */
function producingTry(run: StepRun): StepAttempt[] {
  const done = run.attempts.filter((a) => !a.interrupted);
  let end = done.length;
  while (end > 0 && isRecheck(done[end - 1]!)) end--;
  const starts = done.slice(0, end).map((a, i) => (a.kind !== 'fix' && !isRecheck(a) ? i : -1));
  const start = Math.max(0, ...starts);
  return done.slice(start, end).filter((a) => !isRecheck(a));
}

/** How many fixes the current try has used. */
export const fixesUsed = (run: StepRun) => currentTry(run).filter((a) => a.kind === 'fix' && a.check).length;

/** The failed check the next fix answers: the last finished attempt's, when it failed. */
export function lastFailure(run: StepRun): { attempt: StepAttempt; check: CheckOutcome } | undefined {
  const last = run.attempts.filter((a) => !a.interrupted && a.check).at(-1);
  return last?.check && last.check.status !== 'ok' && last.check.status !== 'accepted'
    ? { attempt: last, check: last.check }
    : undefined;
}

/**
 * A step's status after its check: `passed` when the step's first write
 * passed (or the user edited files that passed), `fixed` when it passed
 * after fixes or after the user's edit of a failed check, `fixing`
 * while fixes are left, else `failed`.
 */
export function statusAfterCheck(run: StepRun, outcome: CheckOutcome, fixBound: number): StepStatus {
  const tries = currentTry(run);
  if (outcome.status === 'ok') {
    // A recheck that passes keeps what the files' own try earned (fixed stays fixed).
    const earned = isRecheck(tries[0] ?? ({} as StepAttempt)) ? [...producingTry(run), ...tries] : tries;
    // Fixed: a fix, or the user's edit of files whose check had failed. A hand edit of files that passed is no fix.
    const done = run.attempts.filter((a) => !a.interrupted);
    const editFixed = (a: StepAttempt) => {
      const before = done
        .slice(0, done.indexOf(a))
        .filter((b) => b.check)
        .at(-1)?.check;
      return !!before && before.status !== 'ok' && before.status !== 'accepted';
    };
    return earned.some((a) => a.kind === 'fix' || (a.kind === 'user-edit' && editFixed(a))) ? 'fixed' : 'passed';
  }
  // The user's own edit that fails is theirs to look at: no model call answers it.
  if (tries.at(-1)?.kind === 'user-edit') return 'failed';
  return fixesUsed(run) < fixBound ? 'fixing' : 'failed';
}

/**
 * A run as a reload finds it, settled: a model call a closed tab left
 * (`writing`, `fixing` with an unfinished attempt) is marked interrupted
 * and taken up again (a new write, or a new fix); a check left running
 * (`checking`, unfinished) is run again on the same attempt. Returns the
 * run unchanged when nothing was left half-done.
 */
export function settleLeftover(run: StepRun, now: number): StepRun {
  const last = lastAttempt(run);
  if (!last || last.finishedAt !== undefined || run.status === 'checking') return run;
  const attempts = [...run.attempts.slice(0, -1), { ...last, interrupted: true, finishedAt: now }];
  const status: StepStatus = last.kind === 'fix' ? 'fixing' : 'pending';
  return { ...run, status, attempts, updatedAt: now };
}

/** The words the plan keeps when it stops at a failed step. */
export function failureText(step: PlanStep, run: StepRun): string {
  const last = run.attempts.filter((a) => a.check).at(-1)?.check;
  if (last?.status === 'rejected')
    return `You rejected step ${step.id} (${step.title}): retry it, edit its files, or skip it.`;
  const fixes = fixesUsed(run);
  const after = fixes ? ` after ${fixes} fix${fixes === 1 ? '' : 'es'}` : '';
  return `Step ${step.id} (${step.title}) failed its check${after}: retry it, edit its files, or skip it.`;
}
