/**
 * The dry run: what executing a plan would do, computed before anything is
 * written. Every file that would be created or changed (with a diff against
 * the attached project where the workspace already holds a version), which
 * steps the sandbox can check and why the others cannot, how many model
 * calls it may take, and the risks. It only reads: the project through the
 * caller's `read`, the workspace from the map it is given.
 */
import { diffCode } from '../runner/diff';
import { pathKey, safeRelativePath } from './paths';
import { checkFileOf, planProblems, type PlanProblem } from './plan-rules';
import { checkReach } from './sandbox-reach';
import type { Plan, SimulatedFile, SimulatedStep, Simulation, SimulationRisk } from './types';

/** The attached project as simulation sees it: its file paths, and a way to read one. */
export interface SimulatedProject {
  /** Project-relative POSIX paths of its files (as the project's index lists them). */
  paths: readonly string[];
  /** The text of a file, or undefined when it cannot be read. */
  read(path: string): Promise<string | undefined>;
}

export interface SimulateInput {
  plan: Plan;
  project?: SimulatedProject;
  /** Files the plan's workspace already holds (path → content), e.g. after some steps ran. */
  workspace?: ReadonlyMap<string, string>;
  /**
   * Fixes allowed after a failed check, per step: the executor's bound for
   * its fix loop (the same setting lib/runner/board.ts's Fix it uses).
   */
  fixAttempts: number;
}

/** Which steps write each path (by the key case-insensitive file systems share), in plan order. */
function writers(plan: Plan): Map<string, { path: string; stepIds: string[] }> {
  const byKey = new Map<string, { path: string; stepIds: string[] }>();
  for (const f of plan.files) byKey.set(pathKey(f.path), { path: f.path, stepIds: [] });
  for (const s of plan.steps) {
    for (const p of s.files) {
      const entry = byKey.get(pathKey(p)) ?? { path: p, stepIds: [] };
      if (!entry.stepIds.includes(s.id)) entry.stepIds.push(s.id);
      byKey.set(pathKey(p), entry);
    }
  }
  return byKey;
}

/**
 * Simulates the plan. Writes nothing; reads a project file only when the
 * workspace holds a version of it to compare (never more than one read per
 * file). A file the project has under another case counts as existing: on
 * Windows and macOS writing it would replace that file.
 */
export async function simulate(input: SimulateInput): Promise<Simulation> {
  const { plan, project, workspace } = input;
  const inProject = new Map((project?.paths ?? []).map((p) => [pathKey(p), p]));
  const inWorkspace = new Map([...(workspace ?? new Map<string, string>())].map(([p, c]) => [pathKey(p), c]));
  const risks: SimulationRisk[] = [];

  const files: SimulatedFile[] = [];
  for (const { path, stepIds } of writers(plan).values()) {
    const checked = safeRelativePath(path);
    if (!checked.ok || checked.path !== path) {
      risks.push({
        kind: 'outside-project',
        path,
        message: `“${path}” would not stay inside the project (${checked.ok ? 'it is not written in one form' : checked.reason}); it is never written.`,
      });
      continue;
    }
    const projectPath = inProject.get(pathKey(path));
    const existsInProject = projectPath !== undefined;
    const action: SimulatedFile['action'] =
      stepIds.length === 0 ? 'unchanged-unknown' : existsInProject ? 'change' : 'create';
    const file: SimulatedFile = { path, action, stepIds, existsInProject };
    const draft = inWorkspace.get(pathKey(path));
    if (existsInProject && draft !== undefined) {
      const current = await project!.read(projectPath);
      if (current !== undefined && current !== draft) file.diff = diffCode(current, draft, path);
    }
    if (action === 'change') {
      risks.push({
        kind: 'overwrite',
        path,
        message: `“${projectPath}” exists in the project; delivering would replace it (you accept or reject each file first).`,
      });
    }
    files.push(file);
  }

  const steps: SimulatedStep[] = plan.steps.map((s) => {
    const reach = checkReach(s);
    if (reach.verifiable) return { stepId: s.id, verifiable: true };
    if (s.check.kind !== 'review') {
      risks.push({
        kind: 'unverifiable',
        stepId: s.id,
        message: `Step ${s.id} cannot be checked in the sandbox: ${reach.reason}`,
      });
    }
    return { stepId: s.id, verifiable: false, reason: reach.reason };
  });

  for (const problem of planProblems(plan)) {
    if (problem.kind === 'bad-dependency' || problem.kind === 'duplicate-id') {
      risks.push({ kind: 'missing-dependency', stepId: problem.stepId, message: problem.message });
    } else if (problem.path !== undefined && isCheckFileProblem(plan, problem)) {
      risks.push({ kind: 'unknown-file', stepId: problem.stepId, path: problem.path, message: problem.message });
    }
  }

  const checkable = steps.filter((s) => s.verifiable).length;
  const fixes = Math.max(0, Math.trunc(input.fixAttempts));
  return {
    files,
    steps,
    modelCalls: { min: plan.steps.length, max: plan.steps.length + checkable * fixes },
    risks,
  };
}

/** A check whose file no step writes (before it), or that the plan does not list. */
function isCheckFileProblem(plan: Plan, problem: PlanProblem): boolean {
  if (problem.kind === 'check-file') return true;
  const step = plan.steps.find((s) => s.id === problem.stepId);
  return problem.kind === 'unlisted-file' && step !== undefined && checkFileOf(step) === problem.path;
}

/** How much of a project file the dry run shows as what a plan would replace (the rest is said to be cut). */
export const REPLACED_TEXT_LIMIT = 20_000;

/**
 * The attached project's current text of every file the dry run says the
 * plan would change and the workspace holds no version of (so there is no
 * diff yet): what executing and delivering would overwrite, each cut to
 * `limit` characters. Reads only; a file it cannot read is left out.
 */
export async function replacedTexts(
  simulation: Simulation,
  project: SimulatedProject,
  workspace: ReadonlyMap<string, string> = new Map(),
  limit = REPLACED_TEXT_LIMIT,
): Promise<Record<string, { text: string; cut: boolean }>> {
  const inProject = new Map(project.paths.map((p) => [pathKey(p), p]));
  const inWorkspace = new Set([...workspace.keys()].map(pathKey));
  const out: Record<string, { text: string; cut: boolean }> = {};
  for (const f of simulation.files) {
    const projectPath = inProject.get(pathKey(f.path));
    if (f.action !== 'change' || projectPath === undefined || inWorkspace.has(pathKey(f.path))) continue;
    const text = await project.read(projectPath);
    if (text !== undefined) out[f.path] = { text: text.slice(0, limit), cut: text.length > limit };
  }
  return out;
}
