/**
 * Which later steps a change to an earlier step reaches, as a pure function
 * over the plan and the workspace's versions: a retry rewrites the step,
 * and every later step that wrote one of the files it (or another step
 * being rewritten) writes must be written again too, or its old version
 * would hide the new one (workspace.ts orders versions by step); every other
 * later step that depends on a changed step, or writes, checks or imports
 * (through its files' imports) a changed file, and had passed, is checked
 * again (no model call unless it now fails).
 */
import type { Plan, PlanStep, StepRun, WorkspaceFile } from './types';
import { importedPaths } from './imports';

type Version = Pick<WorkspaceFile, 'path' | 'stepId' | 'content' | 'version'>;

/** The steps a change reaches: written again, or only checked again. */
export interface StepResets {
  rewrite: string[];
  recheck: string[];
}

/** Statuses whose pass a change can make stale (a skip or an accepted review stays the user's decision). */
const CHECKED = new Set(['passed', 'fixed']);

const filesOf = (step: PlanStep, versions: readonly Version[]) =>
  new Set([...step.files, ...versions.filter((v) => v.stepId === step.id).map((v) => v.path)]);

const checkFile = (step: PlanStep) => (step.check.kind === 'test' ? step.check.testFile : step.check.entry);

/**
 * The later steps (in the plan's order) a change to `stepId` reaches.
 * `retry`: `stepId` is written again, so steps sharing a file with it are
 * rewritten too (transitively); `edit`: only `paths` changed, nothing is
 * rewritten. Either way the other later steps that depend on a changed step
 * (transitively) or write or check a changed file, and had passed, are
 * rechecked. Neither list holds `stepId` itself.
 */
export function resetsAfter(
  plan: Plan,
  runs: ReadonlyMap<string, StepRun>,
  versions: readonly Version[],
  stepId: string,
  change: { kind: 'retry' } | { kind: 'edit'; paths: readonly string[] },
): StepResets {
  const at = plan.steps.findIndex((s) => s.id === stepId);
  if (at === -1) return { rewrite: [], recheck: [] };
  const later = plan.steps.slice(at + 1);
  const changedFiles = change.kind === 'retry' ? filesOf(plan.steps[at]!, versions) : new Set<string>(change.paths);
  const changed = new Set([stepId]);
  const rewrite: string[] = [];
  if (change.kind === 'retry')
    for (const step of later) {
      const mine = filesOf(step, versions);
      if (![...mine].some((p) => changedFiles.has(p))) continue;
      rewrite.push(step.id);
      changed.add(step.id);
      for (const p of mine) changedFiles.add(p);
    }
  const reads = importsOf(versions);
  const recheck: string[] = [];
  for (const step of later) {
    if (changed.has(step.id)) continue;
    const own = [...filesOf(step, versions), checkFile(step) ?? ''];
    const reached = step.dependsOn.some((d) => changed.has(d)) || own.some((p) => reachesAny(p, changedFiles, reads));
    if (!reached) continue;
    // A step reached is itself changed for the ones after it (its pass may go).
    changed.add(step.id);
    if (CHECKED.has(runs.get(step.id)?.status ?? 'pending')) recheck.push(step.id);
  }
  return { rewrite, recheck };
}

/** Each path's imports (workspace paths), read from its highest version. */
function importsOf(versions: readonly Version[]): Map<string, string[]> {
  const newest = new Map<string, Version>();
  for (const v of versions) if ((newest.get(v.path)?.version ?? -1) < v.version) newest.set(v.path, v);
  const paths = new Set(newest.keys());
  return new Map([...newest.values()].map((v) => [v.path, importedPaths(v, paths)]));
}

/** True when `path` is one of `targets` or imports one, directly or through other files. */
function reachesAny(path: string, targets: ReadonlySet<string>, reads: ReadonlyMap<string, string[]>): boolean {
  const seen = new Set<string>();
  const todo = [path];
  while (todo.length) {
    const p = todo.pop()!;
    if (targets.has(p)) return true;
    if (seen.has(p)) continue;
    seen.add(p);
    todo.push(...(reads.get(p) ?? []));
  }
  return false;
}
