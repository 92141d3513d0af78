/**
 * The Planner as the Build page drives it: one interface (PlannerService)
 * and the records it publishes. The page and its hook only call these
 * methods and render what they publish; app-service.ts implements them over
 * service.ts (the executor), plan-edit.ts, simulate.ts and deliver/.
 * Declared in lib so the implementation may name it (lib never imports app);
 * app/_components/build/planner-service.ts re-exports it.
 */
import type { StepField } from './step-fields';
import type { PlanRecord, Simulation, StepCheck, StepRun, WorkspaceFile } from './types';

export type { StepField } from './step-fields';

/** A step's fields the user can write (a new step, or an inline edit). */
export interface StepDraft {
  title: string;
  detail: string;
  check: StepCheck;
  /** The files the step writes (a new step without any writes its check's file; a review step must name one). */
  files?: string[];
  /** The steps it comes after (a new step without it follows the step before it). */
  dependsOn?: string[];
}

/**
 * One edit of a draft plan. The service applies it (lib/planner/plan-edit)
 * and keeps the plan's rules (dependencies stay earlier, ids never reused,
 * paths checked); the UI only says what the user asked for.
 */
export type PlanEditOp =
  /** `carry`: the steps in the way (what it needs, or what needs it) move along. */
  | { kind: 'move-step'; stepId: string; toIndex: number; carry?: boolean }
  | { kind: 'remove-step'; stepId: string }
  | { kind: 'add-step'; afterStepId?: string; step: StepDraft }
  | { kind: 'update-step'; stepId: string; patch: Partial<StepDraft> }
  | { kind: 'rename-file'; from: string; to: string };

/** Why an edit was refused or what it left to fix, next to the step or file it concerns. */
export interface EditProblem {
  message: string;
  stepId?: string;
  path?: string;
  /** The field of the step form it is about (a refused new or edited step). */
  field?: StepField;
  /** A refused move that would work with the steps in the way moving along: the move to offer. */
  carry?: { toIndex: number; stepIds: string[] };
}

/** What an edit did: the plan as stored after it, or why nothing changed. */
export interface EditResult {
  problems: EditProblem[];
  /** True when the edit was refused and nothing changed (the form that asked for it stays open). */
  refused?: boolean;
}

/** A plan as the list shows it. */
export type PlanSummary = Pick<PlanRecord, 'id' | 'title' | 'status' | 'updatedAt'>;

/** Everything the open plan shows, published again whenever any of it changes. */
export interface PlanSnapshot {
  plan: PlanRecord;
  /** One per step of `plan.plan.steps` that has started (missing: pending). */
  steps: StepRun[];
  /** The workspace: the current (highest) version of each file. */
  files: WorkspaceFile[];
  /** While planning: the model's answer so far, in tokens. */
  planning?: { tokens: number };
  /** How many fixes the fix loop tries after a failed check. */
  fixLimit: number;
  /** Set when execution was interrupted by a reload and picked up again. */
  resumedAfterReload?: boolean;
  /** What learning took from the finished plan, one sentence each. */
  learned?: string[];
  /** Steps whose files are written and that wait for the user to accept or reject them (a review, a preview). */
  awaitingReview: string[];
  /** True while this tab's executor works on the plan (a plan `executing` but not running waits for the user). */
  running: boolean;
}

/** A dry run as the page shows it: the prediction, and the diffs of changed files against the attached project. */
export interface DryRunResult {
  simulation: Simulation;
  /** Unified diffs by path, for files the project already has (absent without a project). */
  patches?: Record<string, string>;
  /**
   * The attached project's current text of each file the plan would replace
   * and the workspace has no version of yet (so no diff): what executing and
   * delivering would overwrite. Cut to `REPLACED_TEXT_LIMIT` characters.
   */
  replaced?: Record<string, { text: string; cut: boolean }>;
}

/** One file of a folder write, compared with what the folder holds now. */
export interface FolderFileChange {
  path: string;
  /** blocked: the folder holds something in the way (a folder where the file goes); see `reason`. */
  action: 'create' | 'change' | 'unchanged' | 'blocked';
  reason?: string;
  /** The plan does not list this file (a step's answer added it): never pre-checked, and labelled so. */
  undeclared?: boolean;
  /** Unified diff from the folder's file to the workspace's (for `change`). */
  patch?: string;
  added?: number;
  removed?: number;
}

/** What writing into the folder would do; read with read-write permission already granted. */
export interface FolderWritePreview {
  /** The attached project's name, or the name of the folder the user picked (no project attached). */
  projectName: string;
  files: FolderFileChange[];
}

/** What happened to each file of a folder write. */
export interface FolderWriteReport {
  files: { path: string; outcome: 'written' | 'unchanged' | 'rejected' | 'conflict' | 'failed'; message?: string }[];
}

/** The Planner as the Build page drives it. Every method's errors are `CodelumiError`s with what to do next. */
export interface PlannerService {
  /** Starts planning `request`; resolves with the new plan's id as soon as it is stored (status `planning`). */
  startPlanning(
    request: string,
    options: { model: string; projectId?: string; conversationId?: string },
  ): Promise<string>;
  /**
   * Plans a plan whose planning failed (or was stopped, or cut off by a
   * reload) again in the same record: its request, project and chat, with
   * `model`. Resolves once it is `planning` again.
   */
  planAgain(planId: string, options: { model: string }): Promise<void>;
  /** Switches the model of a plan that is not running (paused, stopped, failed), for its next steps. */
  changeModel(planId: string, model: string): Promise<void>;
  /** Calls `listener` now and whenever a plan is added, changed or deleted; newest first. */
  subscribePlans(listener: (plans: PlanSummary[]) => void): () => void;
  /** Calls `listener` now and on every change of the plan (undefined: no such plan). */
  subscribe(planId: string, listener: (snapshot: PlanSnapshot | undefined) => void): () => void;
  deletePlan(planId: string): Promise<void>;
  /** Applies one edit to a draft plan. */
  updatePlan(planId: string, op: PlanEditOp): Promise<EditResult>;
  /** Asks the model again for one step, with the user's note. */
  replanStep(planId: string, stepId: string, note?: string): Promise<EditResult>;
  /** The dry run of the plan as it is now; writes nothing. */
  simulate(planId: string): Promise<DryRunResult>;
  execute(planId: string): Promise<void>;
  pause(planId: string): Promise<void>;
  resume(planId: string): Promise<void>;
  /** Stops planning (it becomes planning-failed, also one a reload cut off) or execution (it can be resumed). */
  stop(planId: string): Promise<void>;
  skip(planId: string, stepId: string): Promise<void>;
  retry(planId: string, stepId: string): Promise<void>;
  /** Stores the user's version of a file as the step's next attempt and checks the step again. */
  editFile(planId: string, stepId: string, path: string, content: string): Promise<void>;
  /** A `review` step (or one the user edited): the user accepts or rejects its files. */
  accept(planId: string, stepId: string): Promise<void>;
  reject(planId: string, stepId: string): Promise<void>;
  /** The workspace as a zip, with the file name to save it under. */
  downloadZip(planId: string): Promise<{ fileName: string; bytes: Uint8Array }>;
  /** Asks for read-write access to the attached folder (call from a click) and compares it with the workspace. */
  prepareFolderWrite(planId: string): Promise<FolderWritePreview>;
  /** Writes the `accepted` paths into the folder; every other file of the preview is reported rejected. */
  writeFolder(planId: string, accepted: string[]): Promise<FolderWriteReport>;
}
