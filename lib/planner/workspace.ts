/**
 * A plan's workspace: every file the plan's steps (and the user) wrote, as
 * versions (table `workspaceFiles`). A write adds a version; a file is its
 * version from the latest step in the plan's order that wrote it (the
 * highest version among that step's), so a retried earlier step never
 * hides a later step's change; a step's retry drops the versions the step
 * wrote, and the workspace as it was after any step can be read back. Every
 * path is checked before it is stored; a write checks, in its transaction,
 * that the plan still exists (`not_found:plan` once it was deleted or
 * forgotten), so nothing is left behind by a late write. Nothing here
 * touches the user's folders.
 */
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { CodelumiError } from '../core/errors';
import type { Plan, StepRun, WorkspaceFile } from './types';
import { assertPlanExists } from './store';
import { cleanPath } from './paths';

/** One file to write. */
export interface FileContent {
  path: string;
  content: string;
}

/** Who wrote a version, and in which step. */
export interface VersionSource {
  stepId: string;
  source: WorkspaceFile['source'];
}

const versionId = (planId: string, path: string, version: number) => `${planId}:${path}:${version}`;

/** `path` checked, or an `invalid:path` error naming it. */
function safe(path: string): string {
  const checked = cleanPath(path);
  if (!checked) throw new CodelumiError('invalid:path', `“${path.slice(0, 120)}” is not a path inside the workspace.`);
  return checked;
}

/**
 * Writes each file as a new version (its highest so far plus one), in one
 * transaction; returns the versions stored. Throws `invalid:path` (and writes
 * nothing) when any path is not a safe workspace-relative path, and
 * `not_found:plan` (writing nothing) when the plan is gone.
 */
export async function writeFiles(
  db: CodelumiDB,
  planId: string,
  files: readonly FileContent[],
  by: VersionSource,
  now = Date.now(),
): Promise<WorkspaceFile[]> {
  const checked = files.map((f) => ({ path: safe(f.path), content: f.content }));
  return guardWrite(() =>
    db.transaction('rw', [db.plans, db.workspaceFiles], async () => {
      await assertPlanExists(db, planId);
      return addVersions(db, planId, checked, by, now);
    }),
  );
}

/**
 * A step's answer stored at once: its files as new versions and its run (the
 * attempt that wrote them), in one transaction that checks the plan exists.
 * A tab closed meanwhile leaves either both or neither, never versions from
 * an attempt that is later taken for interrupted and written again. Throws
 * as `writeFiles`.
 */
export async function writeStepAnswer(
  db: CodelumiDB,
  run: StepRun,
  files: readonly FileContent[],
  now = Date.now(),
): Promise<WorkspaceFile[]> {
  const checked = files.map((f) => ({ path: safe(f.path), content: f.content }));
  return guardWrite(() =>
    db.transaction('rw', [db.plans, db.planSteps, db.workspaceFiles], async () => {
      await assertPlanExists(db, run.planId);
      const rows = await addVersions(db, run.planId, checked, { stepId: run.stepId, source: 'model' }, now);
      await db.planSteps.put(run);
      return rows;
    }),
  );
}

/** Adds each file as its next version; inside the caller's transaction. */
async function addVersions(
  db: CodelumiDB,
  planId: string,
  checked: readonly FileContent[],
  by: VersionSource,
  now: number,
): Promise<WorkspaceFile[]> {
  const rows: WorkspaceFile[] = [];
  for (const f of checked) {
    const versions = await db.workspaceFiles.where('[planId+path]').equals([planId, f.path]).toArray();
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    const row: WorkspaceFile = {
      id: versionId(planId, f.path, version),
      planId,
      path: f.path,
      version,
      content: f.content,
      stepId: by.stepId,
      source: by.source,
      createdAt: now,
    };
    await db.workspaceFiles.add(row);
    rows.push(row);
  }
  return rows;
}

/** Writes one file version (see `writeFiles`). */
export async function writeFileVersion(
  db: CodelumiDB,
  planId: string,
  file: FileContent,
  by: VersionSource,
  now = Date.now(),
): Promise<WorkspaceFile> {
  const [row] = await writeFiles(db, planId, [file], by, now);
  return row!;
}

/** The user's own edit of `path`, as a new version attributed to `stepId` with `source: 'user'`. */
export function writeUserEdit(
  db: CodelumiDB,
  planId: string,
  stepId: string,
  file: FileContent,
  now = Date.now(),
): Promise<WorkspaceFile> {
  return writeFileVersion(db, planId, file, { stepId, source: 'user' }, now);
}

/**
 * Each path's current version among `versions`, sorted by path: the one
 * from the latest step in `order` (a step not in the plan counts as before
 * every step), and among one step's versions the highest.
 */
function latest(versions: readonly WorkspaceFile[], order: readonly string[] = []): WorkspaceFile[] {
  const rank = (v: WorkspaceFile) => order.indexOf(v.stepId);
  const byPath = new Map<string, WorkspaceFile>();
  for (const v of versions) {
    const have = byPath.get(v.path);
    if (!have || rank(v) > rank(have) || (rank(v) === rank(have) && v.version > have.version)) byPath.set(v.path, v);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The plan's step ids in order (empty when the plan is gone: versions then count by number). */
async function stepOrder(db: CodelumiDB, planId: string): Promise<string[]> {
  return ((await db.plans.get(planId))?.plan.steps ?? []).map((s) => s.id);
}

/** The workspace now: each file at its version from the latest step in the plan's order (see `latest`), sorted by path. */
export async function currentFiles(db: CodelumiDB, planId: string): Promise<WorkspaceFile[]> {
  return db.transaction('r', [db.plans, db.workspaceFiles], async () =>
    latest(await db.workspaceFiles.where('planId').equals(planId).toArray(), await stepOrder(db, planId)),
  );
}

/** Every version of one file, oldest first. */
export async function fileVersions(db: CodelumiDB, planId: string, path: string): Promise<WorkspaceFile[]> {
  const rows = await db.workspaceFiles.where('[planId+path]').equals([planId, path]).toArray();
  return rows.sort((a, b) => a.version - b.version);
}

/**
 * Drops every version step `stepId` wrote (its retry), the user's edits
 * attributed to it included: the workspace is as it was without that step.
 * Returns how many went.
 */
export async function dropStepVersions(db: CodelumiDB, planId: string, stepId: string): Promise<number> {
  return guardWrite(() => db.workspaceFiles.where('[planId+stepId]').equals([planId, stepId]).delete());
}

/**
 * The workspace as it was after step `stepId`: each file at the highest
 * version written by that step or one before it in the plan's order (the
 * user's edits attributed to those steps included). Unknown step: empty.
 */
export async function workspaceAfterStep(
  db: CodelumiDB,
  planId: string,
  plan: Plan,
  stepId: string,
): Promise<WorkspaceFile[]> {
  const at = plan.steps.findIndex((s) => s.id === stepId);
  if (at === -1) return [];
  const order = plan.steps.slice(0, at + 1).map((s) => s.id);
  const rows = await db.workspaceFiles.where('planId').equals(planId).toArray();
  return latest(
    rows.filter((r) => order.includes(r.stepId)),
    order,
  );
}
