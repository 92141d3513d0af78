/**
 * The executor of one plan: for each step in order whose dependencies are
 * done, a model call writes its files (parsed from the answer, stored as
 * workspace versions), the check runs as planned, and a failed check goes
 * through the bounded fix loop, to `passed`, `fixed` or `failed`. Every
 * attempt (prompt, answer as it streams, files, outcome) is stored as it
 * happens, so a reload resumes from the records (step-state.ts decides).
 *
 * Controls: pause and stop abort a running model call (its attempt is kept,
 * marked interrupted, and taken up again on resume) and let a running check
 * finish; skip, retry, a file edited by hand, accept and reject change the
 * records and carry on. A retry or an edit also resets the later steps it
 * reaches (step-resets.ts): those sharing its files are written again,
 * those that depend on it are checked again. One executor runs a plan at a
 * time across tabs (plan-lock.ts); a control from a tab that does not run
 * the plan goes to the tab that does (plan-channel.ts) or is refused with
 * `busy:plan`. A plan deleted while it runs stops its executor, and every
 * write checks the plan still exists (store.ts, workspace.ts). The state is
 * a store the UI subscribes to; no React here.
 */
import { CodelumiError, type StoredError } from '../core/errors';
import { Store, type Readable } from '../core/store';
import type { PlanRecord, PlanStep, StepRun, StepStatus } from './types';
import { loadPlan, saveStepRun, stepRunsOf, updatePlan } from './store';
import { currentFiles, writeStepAnswer, type FileContent } from './workspace';
import { holdPlanLock, isPlanLocked, takePlanLock } from './plan-lock';
import { failureText, nextStep, settleLeftover } from './step-state';
import { stepPhase, type ExecutorDeps } from './step-attempt';
import { ControlQueue } from './control-queue';
import { storedPlanError } from './plan-error';
import { decideChange, editChange, retryChange, skipChange, type Change, type ControlContext } from './step-controls';
import { browserChannel, sendControl, serveControls, type RemoteOp } from './plan-channel';

export type { ExecutorDeps, StepChat } from './step-attempt';

/** Why a run of the executor ended. */
export type ExecutionEnd = 'done' | 'failed' | 'waiting' | 'paused' | 'stopped' | 'interrupted' | 'error';

/** What the UI shows of a plan's execution in this tab. */
export interface ExecutorState {
  plan?: PlanRecord;
  /** Every stored step run, by step id (a step with none is pending). */
  steps: Readonly<Record<string, StepRun>>;
  running: boolean;
  /** The step being worked on, and its answer as it streams. */
  current?: { stepId: string; status: StepStatus; answer: string };
  /** Why the last run ended with an error (Ollama down, storage full …), as stored with the plan. */
  error?: StoredError;
  /** When `error` happened (this executor's clock): newer than the stored plan means the plan could not record it. */
  errorAt?: number;
}

type Halt = 'pause' | 'stop' | 'control';

/** Runs one plan; see the module's comment. */
export class PlanExecutor {
  private readonly store = new Store<ExecutorState>({ steps: {}, running: false });
  /** The execution's state, for the UI. */
  readonly state: Readable<ExecutorState> = this.store;
  private loop: Promise<ExecutionEnd> | undefined;
  private controller: AbortController | undefined;
  private halting: Halt | undefined;
  /** Changes to other steps than the one being worked on, applied at the loop's next step boundary. */
  private readonly queued = new ControlQueue();
  /** Changes were applied as the loop ended: it starts again. */
  private carry = false;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly deps: ExecutorDeps,
    readonly planId: string,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** Reads the plan and its step runs into the state (what a reloaded page shows before resuming). */
  async refresh(): Promise<void> {
    const plan = await loadPlan(this.deps.db, this.planId);
    const runs = await stepRunsOf(this.deps.db, this.planId);
    this.store.update((s) => ({ ...s, plan, steps: Object.fromEntries(runs) }));
  }

  /**
   * Executes the plan from its first unfinished step, or resumes it after a
   * pause, a stop or a reload (an attempt a closed tab left half-done is
   * redone). Resolves with why it ended; the same promise while running.
   * Throws `busy:plan` when another tab runs the plan.
   */
  execute(): Promise<ExecutionEnd> {
    this.loop ??= this.locked().finally(() => {
      this.loop = undefined;
      this.controller = undefined;
      this.store.update((s) => ({ ...s, running: false, current: undefined }));
      // A change that arrived as the loop was ending was applied before the lock went (locked()), and the plan
      // goes on with it (unless paused, stopped, or halted by a control, which carries on itself).
      if (this.carry && !this.halting) void this.execute().catch(() => undefined);
      this.carry = false;
    });
    return this.loop;
  }

  /** Pauses: a running model call is aborted (its attempt interrupted), a running check finishes; the plan is `paused`. */
  pause(): Promise<void> {
    return this.routed('pause', [], async () => {
      await this.halt('pause');
      await this.setStatusIfActive('paused');
    });
  }

  /** Stops like pause, and the plan is `stopped` (it can still be resumed). */
  stop(): Promise<void> {
    return this.routed('stop', [], async () => {
      await this.halt('stop');
      await this.setStatusIfActive('stopped');
    });
  }

  /** Skips a step (running, waiting, failed or not reached): it counts as done and execution carries on. */
  skip(stepId: string): Promise<void> {
    return this.routed('skip', [stepId], () => this.control(stepId, skipChange(this.ctx, stepId)));
  }

  /**
   * Retries a step from scratch: the versions it wrote (the user's edits
   * attributed to it included) are dropped, its attempts stay to be seen, and
   * it is written again. Later steps that wrote one of its files are reset
   * and written again after it; later steps that depend on it are checked
   * again (step-resets.ts `resetsAfter`).
   */
  retry(stepId: string): Promise<void> {
    return this.routed('retry', [stepId], () => this.control(stepId, retryChange(this.ctx, stepId)));
  }

  /**
   * The user's own version of `path` (attributed to `stepId`, else to the
   * step whose version is current): a `user-edit` attempt that runs the
   * step's check again, and execution carries on (always: editing is
   * continuing). Later steps that depend on it, or write, check or import
   * `path`, are checked again.
   */
  editFile(path: string, content: string, stepId?: string): Promise<void> {
    return this.routed('editFile', [path, content, stepId], async () => {
      const owner = stepId ?? (await this.ownerOf(path));
      if (!owner)
        throw new CodelumiError('invalid:path', `${path} belongs to no step of this plan; name the step it is for.`);
      await this.control(owner, editChange(this.ctx, owner, path, content), true);
    });
  }

  /** Accepts a step waiting for review, or a failed one as it is. */
  accept(stepId: string): Promise<void> {
    return this.routed('accept', [stepId], () => this.control(stepId, decideChange(this.ctx, stepId, 'accepted')));
  }

  /** Rejects a step waiting for review: it fails, and the plan waits for a retry, an edit or a skip. */
  reject(stepId: string): Promise<void> {
    return this.routed('reject', [stepId], () => this.control(stepId, decideChange(this.ctx, stepId, 'rejected')));
  }

  /**
   * Stops serving this plan here: the loop is stopped, and controls still
   * waiting for a step boundary are refused (`aborted:user`), never left hanging.
   */
  async dispose(): Promise<void> {
    const closed = () => new CodelumiError('aborted:user', 'The plan was closed before this change was made.');
    this.queued.dropAll(closed());
    await this.halt('stop');
    this.queued.dropAll(closed());
  }

  private get ctx(): ControlContext {
    return { db: this.deps.db, planId: this.planId, now: this.now };
  }

  /** The step whose current version of `path` it is, else the first step declaring it. */
  private async ownerOf(path: string): Promise<string | undefined> {
    const file = (await currentFiles(this.deps.db, this.planId)).find((f) => f.path === path);
    if (file) return file.stepId;
    const plan = await loadPlan(this.deps.db, this.planId);
    return plan.plan.steps.find((s) => s.files.includes(path))?.id;
  }

  /**
   * A control, applied where the plan runs: here when this tab's loop runs
   * it (or no other tab holds its lock); else sent to the tab that holds the
   * lock; `busy:plan` when that tab does not answer.
   */
  private async routed(op: RemoteOp, args: unknown[], local: () => Promise<void>): Promise<void> {
    if (this.loop || !(await isPlanLocked(this.deps.locks, this.planId))) return local();
    const sent = await sendControl(this.deps.channel ?? browserChannel, this.planId, op, args);
    if (sent === 'applied') return;
    // Nobody answered: the other tab may have just let go of the plan.
    if (!(await isPlanLocked(this.deps.locks, this.planId))) return local();
    throw new CodelumiError(
      'busy:plan',
      'This plan is running in another tab that did not answer: use that tab, or close it and try again.',
    );
  }

  /**
   * Changes step `stepId`'s run (and the later runs the change resets).
   * While the loop works on that step it is halted first (its model call
   * interrupted); while it works on another, the change waits for the loop's
   * next step boundary, so the loop never writes over it. Without a loop
   * here the change is made holding the plan's lock (`busy:plan` when
   * another tab took it meanwhile). Then the loop carries on when it ran,
   * when the plan was executing or failed, or when `carryOn`.
   */
  private async control(stepId: string, change: Change, carryOn = false): Promise<void> {
    const apply = () => this.applyChange(stepId, change);
    if (this.loop && this.store.get().current?.stepId !== stepId)
      return this.queued.push(async () => void (await apply()));
    const wasRunning = !!this.loop;
    await this.halt('control');
    let plan: PlanRecord;
    if (this.loop) plan = await apply();
    else {
      const held = await holdPlanLock(this.deps.locks, this.planId);
      if (!held) throw new CodelumiError('busy:plan', 'This plan is being executed in another tab.');
      try {
        plan = await apply();
      } finally {
        held.release();
      }
      await held.released;
    }
    if (wasRunning || carryOn || plan.status === 'executing' || plan.status === 'failed')
      void this.execute().catch(() => undefined);
  }

  private async applyChange(stepId: string, change: Change): Promise<PlanRecord> {
    const plan = await loadPlan(this.deps.db, this.planId);
    if (!plan.plan.steps.some((s) => s.id === stepId))
      throw new CodelumiError('not_found:plan', `This plan has no step ${stepId}.`);
    for (const next of await change(plan, await stepRunsOf(this.deps.db, this.planId)))
      await this.save({ ...next, updatedAt: this.now() });
    return plan;
  }

  /** Applies the changes that waited for a step boundary, each settling its own caller; true when there were any. */
  private drain(): Promise<boolean> {
    return this.queued.drain();
  }

  /** Ends the running loop at its next safe point (aborting a model call); resolves once it has ended. */
  private async halt(why: Halt): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.halting = why;
    this.controller?.abort();
    await loop.catch(() => undefined);
  }

  private async setStatusIfActive(status: 'paused' | 'stopped'): Promise<void> {
    const plan = await loadPlan(this.deps.db, this.planId);
    if (
      plan.status === 'executing' ||
      plan.status === 'failed' ||
      plan.status === 'paused' ||
      plan.status === 'stopped'
    )
      await this.setPlan({ status });
  }

  private async setPlan(patch: Parameters<typeof updatePlan>[2]): Promise<PlanRecord> {
    const plan = await updatePlan(this.deps.db, this.planId, patch, { now: this.now() });
    this.store.update((s) => ({ ...s, plan }));
    return plan;
  }

  /** Stores `run` (with the files its last attempt wrote, in one transaction) after every earlier write of this executor, and shows it. */
  private save(run: StepRun, files?: readonly FileContent[]): Promise<void> {
    this.store.update((s) => ({ ...s, steps: { ...s.steps, [run.stepId]: run } }));
    const write = this.writes.then(() =>
      files?.length
        ? writeStepAnswer(this.deps.db, run, files, this.now()).then(() => undefined)
        : saveStepRun(this.deps.db, run),
    );
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async locked(): Promise<ExecutionEnd> {
    const release = await takePlanLock(this.deps.locks, this.planId);
    if (!release) throw new CodelumiError('busy:plan', 'This plan is being executed in another tab.');
    this.store.update((s) => ({ ...s, running: true, error: undefined }));
    // Other tabs' controls come here while this tab holds the lock; a deletion stops the loop.
    const unserve = serveControls(
      this.deps.channel ?? browserChannel,
      this.planId,
      (op, args) => this.remote(op, args),
      () => this.deleted(),
    );
    try {
      return await this.run();
    } finally {
      unserve();
      // Controls queued while the loop ended are applied (or refused) under the lock, each settling its caller.
      this.carry = await this.drain();
      release();
    }
  }

  /** Applies another tab's control as if made here (this tab's loop runs the plan). */
  private remote(op: RemoteOp, args: unknown[]): Promise<void> {
    const text = (i: number) => (typeof args[i] === 'string' ? (args[i] as string) : '');
    switch (op) {
      case 'pause':
        return this.pause();
      case 'stop':
        return this.stop();
      case 'editFile':
        return this.editFile(text(0), text(1), typeof args[2] === 'string' ? args[2] : undefined);
      default:
        return this[op](text(0));
    }
  }

  /** The plan was deleted in some tab: the loop stops at once (its model call aborted); nothing more is written. */
  private deleted(): void {
    if (!this.loop) return;
    this.halting = 'stop';
    this.controller?.abort();
  }

  private async run(): Promise<ExecutionEnd> {
    this.halting = undefined;
    const db = this.deps.db;
    const before = await loadPlan(db, this.planId);
    if (before.status === 'planning') throw new CodelumiError('conflict:plan', 'The plan is still being written.');
    // Not a change made meanwhile (conflict:plan would say so): the plan itself is unusable as it is.
    if (before.plan.steps.length === 0)
      throw new CodelumiError('invalid:plan', 'This plan has no steps: plan the request again, or add a step.');
    // Left half-done by a closed tab (or an earlier run here): settled before anything else happens.
    for (const run of (await stepRunsOf(db, this.planId)).values()) {
      const settled = settleLeftover(run, this.now());
      if (settled !== run) await this.save(settled);
    }
    let plan = await this.setPlan({ status: 'executing', error: undefined });
    await this.refresh();
    for (;;) {
      await this.drain();
      if (this.halting) return this.halted();
      plan = await loadPlan(db, this.planId);
      const next = nextStep(plan.plan, await stepRunsOf(db, this.planId), this.planId, this.now());
      if (next.kind === 'done') {
        await this.setPlan({ status: 'done' });
        return 'done';
      }
      if (next.kind === 'waiting') return 'waiting';
      if (next.kind === 'failed' || next.kind === 'blocked') {
        const error =
          next.kind === 'failed'
            ? failureText(next.step, next.run)
            : `Step ${next.step.id} depends on step ${next.on}, which comes after it: reorder the plan.`;
        await this.setPlan({ status: 'failed', error });
        return 'failed';
      }
      try {
        await this.work(plan, next.step, next.run);
      } catch (err) {
        // Ollama down, the model missing, storage full: the plan pauses with the reason (code and details kept,
        // so the page can say what to do next), nothing half-written.
        const error = storedPlanError(err, { model: plan.model });
        this.store.update((s) => ({ ...s, error, errorAt: this.now() }));
        await this.setPlan({ status: 'paused', error }).catch(() => undefined);
        return 'error';
      }
    }
  }

  private halted(): ExecutionEnd {
    return this.halting === 'pause' ? 'paused' : this.halting === 'stop' ? 'stopped' : 'interrupted';
  }

  /** One phase of `step` (step-attempt.ts), with this executor's store, saves and abort signal. */
  private work(plan: PlanRecord, step: PlanStep, run: StepRun): Promise<void> {
    return stepPhase(
      {
        deps: this.deps,
        planId: this.planId,
        now: this.now,
        save: (r, files) => this.save(r, files),
        show: (current) => this.store.update((s) => ({ ...s, current })),
        signal: () => {
          const controller = (this.controller = new AbortController());
          if (this.halting) controller.abort();
          return controller.signal;
        },
      },
      plan,
      step,
      run,
    );
  }
}
