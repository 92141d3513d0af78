/**
 * The Planner's records: what a plan is, how its execution is kept, and the
 * workspace its files live in. Plain data only: every file of lib/planner
 * reads and writes these shapes (through lib/planner/types.ts, which
 * re-exports them), the Dexie tables (schema v13) store them as they are,
 * and the UI renders them. They live in lib/core, with every other stored
 * shape, because lib/db types its tables with them and may import only core.
 *
 * Paths are always workspace-relative POSIX paths (`src/app.ts`), checked by
 * `safeRelativePath` before anything is stored: no leading `/`, no drive
 * letter, no `..` segment, no empty segment, no backslash.
 */
import type { StoredError } from './errors';

/** The languages whose checks the sandbox can run. */
export type CheckLanguage = 'python' | 'javascript' | 'typescript';

/**
 * How a step is verified.
 * - `test`: run `testFile` (a workspace file the step or an earlier one
 *   writes) against the workspace in the sandbox; it passes when every
 *   test passes.
 * - `run`: run `entry` in the sandbox; it passes when it ends without error.
 * - `preview`: render an HTML or React file; passes when it renders without error.
 * - `review`: nothing can run it (a language or package the sandbox lacks, a
 *   config file): the user looks at the files and accepts or rejects.
 */
export interface StepCheck {
  kind: 'test' | 'run' | 'preview' | 'review';
  /** What the check shows, in a sentence, as the model wrote it. */
  description: string;
  language?: CheckLanguage;
  /** `test`: the file holding the tests. */
  testFile?: string;
  /** `run` / `preview`: the file to run or render. */
  entry?: string;
}

export interface PlanFile {
  path: string;
  /** One line: what the file is for. */
  purpose: string;
  /** The language it is written in, as a fence word (`python`, `ts`, `html`), when the model said. */
  language?: string;
}

export interface PlanStep {
  /** Stable within its plan (`s1`, `s2`, …); edits never reuse an id. */
  id: string;
  title: string;
  /** What to write, in a few sentences: the model's instructions for this step. */
  detail: string;
  /** Files this step creates or changes (paths from `Plan.files`). */
  files: string[];
  /** Ids of steps that must be done first; always earlier in `steps`. */
  dependsOn: string[];
  check: StepCheck;
  /**
   * Packages the step's code imports beyond the language's standard library
   * (`requests`, `express`): the sandbox ships none of them, so a check that
   * needs one cannot run there (simulate.ts says so).
   */
  packages?: string[];
}

/** What the model plans (validated with zod; the same shape is Ollama's `format` JSON schema). */
export interface Plan {
  goal: string;
  files: PlanFile[];
  steps: PlanStep[];
  /**
   * The highest step number ever given in this plan (`s7` → 7), removed steps
   * included, so an added step never reuses an id a stored StepRun may carry.
   * Set by normalizePlan; the model never writes it.
   */
  lastStepNumber?: number;
}

export type PlanStatus =
  | 'planning' // the model is writing the plan
  | 'planning-failed' // planning stopped short (an error, Stop, a reload): no steps; planned again in the same record
  | 'draft' // planned (and maybe edited); nothing executed
  | 'executing'
  | 'paused' // by the user, or by a reload: resumes from `StepRun` records
  | 'stopped' // by the user; can be resumed
  | 'done' // every step passed, was fixed, skipped or accepted
  | 'failed'; // a step failed past the fix loop and the user has not decided

/** One plan, as stored (table `plans`). */
export interface PlanRecord {
  id: string;
  /** Short title for lists (from the goal). */
  title: string;
  /** The user's request, as typed. */
  request: string;
  plan: Plan;
  status: PlanStatus;
  /** Model that planned and executes. */
  model: string;
  /** The chat the request came from, when it came from one. */
  conversationId?: string;
  /** The attached project the plan targets (diffs, delivery). */
  projectId?: string;
  /** Learned planning patterns that shaped this plan (ids), for the Learning page. */
  patternIds: string[];
  /**
   * Why planning failed, or why the plan paused or failed. An error (of
   * planning, of a model call, of storage) is kept as a message keeps its
   * own (code, message, details), so the page words it with describeError;
   * a sentence is a step that failed its check (and any error stored before
   * errors kept their code).
   */
  error?: StoredError | string;
  createdAt: number;
  updatedAt: number;
}

export type StepStatus =
  | 'pending'
  | 'writing' // model call in progress
  | 'checking' // sandbox run in progress
  | 'fixing' // a failed check went to the fix loop
  | 'passed' // the check passed first time
  | 'fixed' // the check passed after one or more fixes
  | 'failed' // the fix loop ran out
  | 'skipped'
  | 'accepted'; // a `review` step the user accepted, or a step whose files the user edited and accepted

/** The outcome of one check run, trimmed for storage. */
export interface CheckOutcome {
  status: 'ok' | 'error' | 'timeout' | 'accepted' | 'rejected';
  passed: number;
  failed: number;
  /** The error line shown to the user, when it failed. */
  message?: string;
  /** Last lines of output (at most 4,000 characters). */
  output: string;
}

/** One try at a step: the first write, a fix, or the user's own edit. */
export interface StepAttempt {
  n: number; // 1, 2, …
  kind: 'write' | 'fix' | 'user-edit';
  /** The prompt sent (absent for user edits). */
  prompt?: string;
  /** The model's answer as streamed (absent for user edits). */
  answer?: string;
  /** Files this attempt wrote (paths). */
  files: string[];
  check?: CheckOutcome;
  /**
   * The attempt was cut off before it finished (pause, stop, skip, or a tab
   * closed mid-call): its partial answer is kept to be seen, and the step
   * is taken up again with a new attempt.
   */
  interrupted?: boolean;
  /** The answer stopped at the answer length limit (Ollama's done_reason `length`), so its files are likely cut short. */
  cutAtLimit?: boolean;
  /** What was wrong with the answer's files, in sentences (files not in the plan, dropped or cut blocks …). */
  warnings?: string[];
  /**
   * A check run again, with no model call, because step `recheckAfter` was
   * retried or edited by hand (kind `write`, no files): it starts a new try
   * (its own fix bound), and a pass keeps the step's earlier status.
   */
  recheckAfter?: string;
  startedAt: number;
  finishedAt?: number;
}

/** A step's execution (table `planSteps`, one row per plan and step). */
export interface StepRun {
  id: string; // `${planId}:${stepId}`
  planId: string;
  stepId: string;
  status: StepStatus;
  attempts: StepAttempt[];
  updatedAt: number;
}

/**
 * One version of one workspace file (table `workspaceFiles`). Each write
 * adds a version; the file's content is its highest version. A step's retry
 * drops the versions that step wrote, so the workspace is as it was before it.
 */
export interface WorkspaceFile {
  id: string; // `${planId}:${path}:${version}`
  planId: string;
  path: string;
  version: number;
  content: string;
  /** The step that wrote it. */
  stepId: string;
  source: 'model' | 'user';
  createdAt: number;
}

/** What simulation predicts for one file. */
export interface SimulatedFile {
  path: string;
  action: 'create' | 'change' | 'unchanged-unknown';
  /** The step(s) writing it. */
  stepIds: string[];
  /** Exists in the attached project (so a change would overwrite it). */
  existsInProject: boolean;
  /** Project version → workspace version, when both exist and differ (a unified diff and its counts). */
  diff?: { patch: string; added: number; removed: number };
}

export interface SimulatedStep {
  stepId: string;
  verifiable: boolean;
  /** Why it cannot be verified in the sandbox (language, package, review). */
  reason?: string;
}

export interface SimulationRisk {
  kind: 'overwrite' | 'outside-project' | 'unverifiable' | 'missing-dependency' | 'unknown-file';
  message: string;
  path?: string;
  stepId?: string;
}

/** The dry run: nothing is written while it is computed. */
export interface Simulation {
  files: SimulatedFile[];
  steps: SimulatedStep[];
  /** Model calls: one per step, plus the fix loop's bound for steps that can be checked. */
  modelCalls: { min: number; max: number };
  risks: SimulationRisk[];
}
