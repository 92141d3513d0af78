/**
 * Pure helpers the Build page's components render with: labels, tones and
 * groupings of the Planner's records. Presentation only; every rule about
 * plans lives in lib/planner.
 */
import type { PlanRecord, PlanStatus, PlanStep, StepCheck, StepRun, StepStatus } from '@/lib/planner/types';
import { awaitsUser } from '@/lib/planner/step-state';
import { isToolPath } from '@/lib/planner/paths';
import type { FolderFileChange } from './planner-service';

/** The words for a plan's status in lists and headings. */
export const PLAN_STATUS_LABEL: Record<PlanStatus, string> = {
  planning: 'Planning…',
  'planning-failed': 'Planning failed',
  draft: 'Draft',
  executing: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  done: 'Done',
  failed: 'Failed',
};

/** What a screen reader hears when the open plan reaches a status. */
export const PLAN_STATUS_ANNOUNCEMENT: Record<PlanStatus, string> = {
  planning: 'Planning started',
  'planning-failed': 'Planning did not finish: plan again',
  draft: 'The plan is ready to edit',
  executing: 'The plan is running',
  paused: 'The plan is paused',
  stopped: 'The plan is stopped',
  done: 'The plan is done',
  failed: 'The plan stopped at a failed step',
};

/** The words for a step's status (`fixing` carries its attempt, see stepStatusText). */
export const STEP_STATUS_LABEL: Record<StepStatus, string> = {
  pending: 'Pending',
  writing: 'Writing',
  checking: 'Checking',
  fixing: 'Fixing',
  passed: 'Passed',
  fixed: 'Fixed',
  failed: 'Failed',
  skipped: 'Skipped',
  accepted: 'Accepted',
};

/** How a step is checked, in a word or two. */
export const CHECK_KIND_LABEL: Record<StepCheck['kind'], string> = {
  test: 'Tests',
  run: 'Runs',
  preview: 'Preview',
  review: 'Your review',
};

/** The file a check runs (its test file, or the entry it runs or renders), when it names one. */
export function checkTarget(check: StepCheck): string | undefined {
  return check.kind === 'test' ? check.testFile : check.kind === 'review' ? undefined : check.entry;
}

/** Tailwind classes of a status badge: ok, danger, warn, active or neutral. */
export type Tone = 'ok' | 'danger' | 'warn' | 'active' | 'neutral';

export const TONE_CLASS: Record<Tone, string> = {
  ok: 'border-ok/40 bg-ok-soft text-ok',
  danger: 'border-danger/40 bg-danger-soft text-danger',
  warn: 'border-warn/40 bg-warn-soft text-warn',
  active: 'border-accent/40 bg-accent-soft text-accent-text',
  neutral: 'border-border bg-subtle text-muted',
};

/** A step's tone: waiting for the user's review is a warning (it needs them), else by its status. */
export function runTone(run: StepRun): Tone {
  return awaitsUser(run) ? 'warn' : stepTone(run.status);
}

/** A step status's tone: finished well, failed, waiting on the user, working, or not started. */
export function stepTone(status: StepStatus): Tone {
  if (status === 'passed' || status === 'fixed' || status === 'accepted') return 'ok';
  if (status === 'failed') return 'danger';
  if (status === 'writing' || status === 'checking' || status === 'fixing') return 'active';
  return 'neutral';
}

/** A plan status's tone. */
export function planTone(status: PlanStatus): Tone {
  if (status === 'done') return 'ok';
  if (status === 'failed' || status === 'planning-failed') return 'danger';
  if (status === 'paused' || status === 'stopped') return 'warn';
  if (status === 'planning' || status === 'executing') return 'active';
  return 'neutral';
}

/** A step's run, or a pending one when execution has not reached it. */
export function runOf(runs: readonly StepRun[], planId: string, stepId: string): StepRun {
  return (
    runs.find((r) => r.stepId === stepId) ?? {
      id: `${planId}:${stepId}`,
      planId,
      stepId,
      status: 'pending',
      attempts: [],
      updatedAt: 0,
    }
  );
}

/** A step's status in words: "Fixing (attempt 2 of 3)" while the fix loop runs. */
export function stepStatusText(run: StepRun, fixLimit: number): string {
  if (awaitsUser(run)) return 'Waiting for your review';
  if (run.status !== 'fixing') return STEP_STATUS_LABEL[run.status];
  const fixes = run.attempts.filter((a) => a.kind === 'fix').length;
  return `Fixing (attempt ${Math.max(1, fixes)} of ${fixLimit})`;
}

/** Which of a step's buttons make sense now (the service still decides whether an action is allowed). */
export interface StepControls {
  skip: boolean;
  retry: boolean;
  /** Accept / Reject: a review step waiting for the user, or a failed step the user edited by hand. */
  review: boolean;
}

/** The buttons a step shows for its status and check: skip what runs or failed, retry what failed or was skipped. */
export function stepControls(run: StepRun): StepControls {
  const s = run.status;
  const editedByUser = run.attempts.at(-1)?.kind === 'user-edit';
  return {
    // Only on the step that is running or stuck: a button on each of twenty rows would bury them.
    skip: s === 'writing' || s === 'checking' || s === 'fixing' || s === 'failed',
    retry: s === 'failed' || s === 'skipped',
    // A review, or a preview of a page nothing here can render: its files are written and wait for the user's decision.
    review: awaitsUser(run) || (s === 'failed' && editedByUser),
  };
}

/** The steps whose `dependsOn` names `stepId` (what removing it would break). */
export function dependentsOf(steps: readonly PlanStep[], stepId: string): PlanStep[] {
  return steps.filter((s) => s.dependsOn.includes(stepId));
}

/** Whether a plan is still being shaped (the editor), rather than run or finished. */
export function isEditable(plan: PlanRecord): boolean {
  return plan.status === 'planning' || plan.status === 'draft';
}

/** "just now", "5 min ago", "3 h ago", else the date: when a plan was last touched. */
export function formatUpdated(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'jsx',
  py: 'python',
  json: 'json',
  html: 'html',
  css: 'css',
  md: 'markdown',
  sh: 'bash',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  sql: 'sql',
};

/** The highlighter's language for a file, from its extension ('' when unknown: shown plain). */
export function languageOfPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? (LANGUAGE_BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? '') : '';
}

/** A folder of the workspace tree, its folders first, then its files, each sorted by name. */
export interface TreeFolder {
  name: string;
  path: string;
  folders: TreeFolder[];
  files: { name: string; path: string }[];
}

/** The workspace's paths as a folder tree (the root has name and path ''). */
export function buildTree(paths: readonly string[]): TreeFolder {
  const root: TreeFolder = { name: '', path: '', folders: [], files: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const at = folder.path ? `${folder.path}/${part}` : part;
      let next = folder.folders.find((f) => f.name === part);
      if (!next) {
        next = { name: part, path: at, folders: [], files: [] };
        folder.folders.push(next);
      }
      folder = next;
    }
    folder.files.push({ name: parts[parts.length - 1], path });
  }
  const sort = (f: TreeFolder) => {
    f.folders.sort((a, b) => a.name.localeCompare(b.name));
    f.files.sort((a, b) => a.name.localeCompare(b.name));
    f.folders.forEach(sort);
  };
  sort(root);
  return root;
}

/**
 * The files a folder write accepts before the user decides: new files yes;
 * changes to files the folder already has no (nothing is overwritten without
 * the user's accept); unchanged files need no write.
 */
export function defaultAccepted(files: readonly FolderFileChange[]): Set<string> {
  // A file the plan never listed, or a tool or dot-file (`.vscode/`, `.github/`, `.npmrc`: they run code when a folder
  // is opened or a commit made), is written only when the user checks it.
  return new Set(files.filter((f) => f.action === 'create' && !f.undeclared && !isToolPath(f.path)).map((f) => f.path));
}

/** One line of a unified diff, classed for display. */
export interface DiffLine {
  kind: 'add' | 'del' | 'hunk' | 'same';
  text: string;
}

/** A unified diff's lines without its file headers, each marked added, removed, hunk header or context. */
export function diffLinesOf(patch: string): DiffLine[] {
  return patch
    .split('\n')
    .filter((l) => !l.startsWith('--- ') && !l.startsWith('+++ ') && !l.startsWith('Index: ') && l !== '')
    .map((text) => ({
      kind: text.startsWith('@@') ? 'hunk' : text.startsWith('+') ? 'add' : text.startsWith('-') ? 'del' : 'same',
      text,
    }));
}

/**
 * What to announce when the steps change: each step that reached a new
 * status since `before` ("Step 2, Add the parser: passed"). Steps still at
 * the status they had are not repeated.
 */
export function statusAnnouncement(
  steps: readonly PlanStep[],
  before: readonly StepRun[],
  after: readonly StepRun[],
  fixLimit: number,
): string {
  const said: string[] = [];
  steps.forEach((step, i) => {
    const now = after.find((r) => r.stepId === step.id);
    if (!now) return;
    const then = before.find((r) => r.stepId === step.id);
    if (then?.status === now.status && (now.status !== 'fixing' || then.attempts.length === now.attempts.length))
      return;
    said.push(`Step ${i + 1}, ${step.title}: ${stepStatusText(now, fixLimit).toLowerCase()}`);
  });
  return said.join('. ');
}
