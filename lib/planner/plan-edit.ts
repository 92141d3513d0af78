/**
 * The user's edits of a plan, as pure functions: each returns a new plan
 * (the old one is untouched) with notes saying what else changed, or a
 * refusal saying why. Every edit keeps the plan executable: dependencies
 * stay on earlier steps, paths stay safe and listed once, and an id once
 * given is never given again (removed steps included).
 */
import { pathKey, safeRelativePath } from './paths';
import { describeIssues, PLAN_LIMITS, stepSchema } from './plan-schema';
import { checkFileOf, normalizePlan, stepNumber, type PlanProblem } from './plan-rules';
import { stepFieldProblems, type FieldProblem } from './step-fields';
import type { Plan, PlanFile, PlanStep, StepCheck } from './types';

/** A move that carries the steps in the way along and changes the order: moveStep(plan, id, to, { carry: true }). */
export interface CarryMove {
  to: number;
  /** The steps that would move along, in plan order. */
  stepIds: string[];
}

/**
 * The outcome of an edit. `offer: 'carry'` means the same move with
 * `carry: true` would work; `carry`, when present, is the nearest carried
 * move in that direction that changes the order (a carried move of one place
 * past the step it needs changes nothing). `fields` says what is wrong with
 * a refused step, field by field.
 */
export type PlanEdit =
  | { ok: true; plan: Plan; notes: string[]; problems: PlanProblem[] }
  | { ok: false; reason: string; offer?: 'carry'; carry?: CarryMove; fields?: FieldProblem[] };

const refuse = (reason: string, offer?: 'carry'): PlanEdit => ({ ok: false, reason, ...(offer ? { offer } : {}) });

/** The highest step number the plan has ever given. */
function lastNumber(plan: Plan): number {
  return Math.max(plan.lastStepNumber ?? 0, ...plan.steps.map((s) => stepNumber(s.id) ?? 0));
}

/** Ends an edit: missing file entries added, the step counter kept, what is left wrong listed. */
function finish(before: Plan, after: Plan, notes: string[]): PlanEdit {
  const normalized = normalizePlan({ ...after, lastStepNumber: Math.max(lastNumber(before), lastNumber(after)) });
  return { ok: true, plan: normalized.plan, notes: [...notes, ...normalized.changes], problems: normalized.problems };
}

const indexOf = (plan: Plan, id: string) => plan.steps.findIndex((s) => s.id === id);

/** Steps reachable from `id` by `next` (dependencies or dependents), transitively. */
function reach(plan: Plan, id: string, next: (s: PlanStep) => string[]): Set<string> {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const found = new Set<string>();
  const todo = [id];
  while (todo.length) {
    const step = byId.get(todo.pop()!);
    for (const n of step ? next(step) : []) {
      if (found.has(n)) continue;
      found.add(n);
      todo.push(n);
    }
  }
  return found;
}
const dependentsOf = (plan: Plan, id: string) =>
  reach(plan, id, (s) => plan.steps.filter((o) => o.dependsOn.includes(s.id)).map((o) => o.id));
const dependenciesOf = (plan: Plan, id: string) => reach(plan, id, (s) => s.dependsOn);

/**
 * Moves a step to index `to` (clamped). Refused, with a reason and
 * `offer: 'carry'`, when it would pass a step it depends on (moving up) or
 * one that depends on it (moving down); with `carry`, those steps move
 * along, keeping their order, so the move succeeds. A refusal also names the
 * nearest carried move that changes the order (`carry`), when there is one.
 */
export function moveStep(plan: Plan, id: string, to: number, options: { carry?: boolean } = {}): PlanEdit {
  const from = indexOf(plan, id);
  if (from === -1) return refuse(`There is no step ${id}.`);
  const target = Math.max(0, Math.min(plan.steps.length - 1, Math.trunc(to)));
  if (target === from) return { ok: true, plan, notes: [], problems: [] };
  const up = target < from;
  const passed = up ? plan.steps.slice(target, from) : plan.steps.slice(from + 1, target + 1);
  const linked = up ? dependenciesOf(plan, id) : dependentsOf(plan, id);
  const blocking = passed.filter((s) => linked.has(s.id));
  if (blocking.length && !options.carry) {
    const carry = usefulCarry(plan, from, target, linked);
    return { ok: false, reason: reasonFor(up, id, blocking, !!carry), offer: 'carry', ...(carry ? { carry } : {}) };
  }
  const moving = new Set([id, ...blocking.map((s) => s.id)]);
  const rest = plan.steps.filter((s) => !moving.has(s.id));
  const group = plan.steps.filter((s) => moving.has(s.id));
  // The group starts at `target` (moving up) or ends there (moving down), among the steps that stay.
  const at = plan.steps.filter((s, i) => !moving.has(s.id) && (up ? i < target : i <= target)).length;
  const steps = [...rest.slice(0, at), ...group, ...rest.slice(at)];
  const notes = blocking.length ? [`${blocking.map((s) => s.id).join(', ')} moved along with ${id}.`] : [];
  return finish(plan, { ...plan, steps }, notes);
}

/** Why a move past `blocking` is refused. */
function reasonFor(up: boolean, id: string, blocking: readonly PlanStep[], canCarry: boolean): string {
  const names = blocking.map((s) => `${s.id} “${s.title}”`).join(', ');
  const them = blocking.length > 1 ? 'them' : 'it';
  const way = canCarry
    ? `move ${them} along, or move ${id} less far.`
    : `nothing can move past ${them} that way; change what the steps come after to reorder them.`;
  return up
    ? `Step ${id} needs ${names} first; ${way}`
    : `${names} ${blocking.length > 1 ? 'need' : 'needs'} step ${id} first; ${way}`;
}

/**
 * The carried move from `from` towards `target` that passes at least one
 * step not `linked` to the moving one (so the order changes), or undefined
 * when every step that way is linked (nothing can pass).
 */
function usefulCarry(plan: Plan, from: number, target: number, linked: Set<string>): CarryMove | undefined {
  const up = target < from;
  let to = target;
  const between = () => (up ? plan.steps.slice(to, from) : plan.steps.slice(from + 1, to + 1));
  while (between().every((s) => linked.has(s.id))) {
    to += up ? -1 : 1;
    if (to < 0 || to >= plan.steps.length) return undefined;
  }
  return {
    to,
    stepIds: between()
      .filter((s) => linked.has(s.id))
      .map((s) => s.id),
  };
}

/** Moves a step one place up (`-1`) or down (`+1`); see moveStep. */
export function nudgeStep(plan: Plan, id: string, by: -1 | 1, options: { carry?: boolean } = {}): PlanEdit {
  const from = indexOf(plan, id);
  if (from === -1) return refuse(`There is no step ${id}.`);
  if (from + by < 0 || from + by >= plan.steps.length)
    return refuse(`Step ${id} is already ${by < 0 ? 'first' : 'last'}.`);
  return moveStep(plan, id, from + by, options);
}

/**
 * Removes a step: other steps no longer depend on it, and the files only it
 * wrote leave the plan (both reported). A check that used one of those files
 * is listed in `problems`. The last step cannot be removed.
 */
export function removeStep(plan: Plan, id: string): PlanEdit {
  const removed = plan.steps.find((s) => s.id === id);
  if (!removed) return refuse(`There is no step ${id}.`);
  if (plan.steps.length === 1) return refuse('A plan needs at least one step.');
  const notes: string[] = [];
  const steps = plan.steps
    .filter((s) => s.id !== id)
    .map((s) => {
      if (!s.dependsOn.includes(id)) return s;
      notes.push(`Step ${s.id} no longer waits for ${id}.`);
      return { ...s, dependsOn: s.dependsOn.filter((d) => d !== id) };
    });
  return finish(plan, { ...plan, steps, files: withoutOrphans(plan, steps, notes) }, notes);
}

/**
 * The plan's files without those no step writes any more since the edit
 * (each reported); a file a check still uses stays listed, and the rules
 * report that nothing writes it.
 */
function withoutOrphans(before: Plan, steps: readonly PlanStep[], notes: string[]): PlanFile[] {
  const writtenBefore = new Set(before.steps.flatMap((s) => s.files.map(pathKey)));
  const stillWritten = new Set(steps.flatMap((s) => s.files.map(pathKey)));
  const checkedBy = new Map(steps.flatMap((s) => (checkFileOf(s) ? [[pathKey(checkFileOf(s)!), s.id] as const] : [])));
  const gone = new Set<string>();
  for (const f of before.files) {
    const key = pathKey(f.path);
    if (!writtenBefore.has(key) || stillWritten.has(key)) continue;
    const checker = checkedBy.get(key);
    if (checker) notes.push(`No step writes “${f.path}” any more, but step ${checker}’s check uses it.`);
    else {
      gone.add(key);
      notes.push(`“${f.path}” leaves the plan: no other step writes it.`);
    }
  }
  return before.files.filter((f) => !gone.has(pathKey(f.path)));
}

/** What the user writes for a new step (the id is given by addStep). */
export type StepDraft = Omit<PlanStep, 'id' | 'files' | 'dependsOn'> & Partial<Pick<PlanStep, 'files' | 'dependsOn'>>;

/**
 * Adds a step at `index` (default: the end) with the next id never used
 * (`s<highest ever + 1>`); its files join the plan's list. Without
 * `dependsOn` it depends on the step just before it; without `files` it
 * writes its check's file when no earlier step does. Refused when the plan
 * is full, the step would write nothing, a path is unsafe, a dependency is
 * not an earlier step, or a field is empty or too long.
 */
export function addStep(plan: Plan, draft: StepDraft, index = plan.steps.length): PlanEdit {
  if (plan.steps.length >= PLAN_LIMITS.steps) return refuse(`A plan has at most ${PLAN_LIMITS.steps} steps.`);
  const at = Math.max(0, Math.min(plan.steps.length, Math.trunc(index)));
  const id = `s${lastNumber(plan) + 1}`;
  const earlier = plan.steps.slice(0, at);
  const files = draft.files ?? defaultFiles(earlier, draft.check);
  const dependsOn = draft.dependsOn ?? (at > 0 ? [plan.steps[at - 1].id] : []);
  const step: PlanStep = { ...draft, id, files, dependsOn };
  const problem = stepProblem(earlier, step);
  if (problem) return problem;
  const steps = [...plan.steps.slice(0, at), step, ...plan.steps.slice(at)];
  return finish(plan, { ...plan, steps, lastStepNumber: lastNumber(plan) + 1 }, [`Step ${id} is added.`]);
}

/** A new step's files when the user named none: its check's file, unless an earlier step writes it. */
function defaultFiles(earlier: readonly PlanStep[], check: StepCheck): string[] {
  const file = check.kind === 'test' ? check.testFile : check.kind === 'review' ? undefined : check.entry;
  if (!file) return [];
  const written = earlier.some((s) => s.files.some((p) => pathKey(p) === pathKey(file)));
  return written ? [] : [file];
}

/**
 * The refusal of `step` after `earlier`, or undefined: its fields in plain
 * words (all of them, each beside its field), then what the schema alone
 * catches. One problem is the reason as it is; several are listed after
 * "The step is not complete:".
 */
function stepProblem(earlier: PlanStep[], step: PlanStep): PlanEdit | undefined {
  const fields = stepFieldProblems(earlier, step);
  if (fields.length) {
    const reason =
      fields.length === 1 ? fields[0].message : `The step is not complete: ${fields.map((f) => f.message).join(' ')}`;
    return { ok: false, reason, fields };
  }
  const shaped = stepSchema.safeParse(step);
  if (!shaped.success) return refuse(`The step is not complete: ${describeIssues(shaped.error, 3).join('; ')}.`);
  const check = checkFileOf(step);
  for (const p of check ? [...step.files, check] : step.files) {
    const checked = safeRelativePath(p);
    if (!checked.ok) return refuse(`“${p}” cannot be used: ${checked.reason}.`);
  }
  return undefined;
}

/**
 * Renames a file everywhere it appears: the file list, the steps that write
 * it, the checks that use it. Refused when the new path is unsafe or names
 * another file of the plan (also when they differ only in case).
 */
export function renameFile(plan: Plan, from: string, to: string): PlanEdit {
  const checked = safeRelativePath(to);
  if (!checked.ok) return refuse(`“${to}” cannot be used: ${checked.reason}.`);
  const next = checked.path;
  const key = pathKey(from);
  const known =
    plan.files.some((f) => pathKey(f.path) === key) || plan.steps.some((s) => s.files.some((p) => pathKey(p) === key));
  if (!known) return refuse(`The plan has no file “${from}”.`);
  if (next === from) return { ok: true, plan, notes: [], problems: [] };
  const clash = plan.files.find((f) => pathKey(f.path) === pathKey(next) && pathKey(f.path) !== key);
  if (clash)
    return refuse(
      `The plan already has “${clash.path}”${clash.path === next ? '' : ' (the same name on Windows and macOS)'}.`,
    );
  const swap = <T extends string | undefined>(p: T): T => (p !== undefined && pathKey(p) === key ? (next as T) : p);
  let places = 0;
  const steps = plan.steps.map((s) => {
    const check: StepCheck = { ...s.check };
    if (check.testFile !== undefined) check.testFile = swap(check.testFile);
    if (check.entry !== undefined) check.entry = swap(check.entry);
    const renamed = { ...s, files: s.files.map(swap), check };
    if (JSON.stringify(renamed) !== JSON.stringify(s)) places++;
    return renamed;
  });
  const files = plan.files.map((f) => (pathKey(f.path) === key ? { ...f, path: next } : f));
  return finish(plan, { ...plan, files, steps }, [
    `“${from}” is now “${next}” in ${places} step${places === 1 ? '' : 's'}.`,
  ]);
}

/** The fields of a step the user can change by hand. */
export type StepPatch = Partial<Pick<PlanStep, 'title' | 'detail' | 'check' | 'files' | 'packages' | 'dependsOn'>>;

/** Changes a step's title, detail, check, files, packages or dependencies; refused like addStep. */
export function editStep(plan: Plan, id: string, patch: StepPatch): PlanEdit {
  const at = indexOf(plan, id);
  if (at === -1) return refuse(`There is no step ${id}.`);
  const step: PlanStep = { ...plan.steps[at], ...patch, id };
  const problem = stepProblem(plan.steps.slice(0, at), step);
  if (problem) return problem;
  const steps = plan.steps.map((s, i) => (i === at ? step : s));
  const notes: string[] = [];
  return finish(plan, { ...plan, steps, files: withoutOrphans(plan, steps, notes) }, notes);
}

/**
 * Puts a re-planned step in place of step `id`. The new step keeps that id
 * (whatever id the model gave it) and must fit the plan where it stands.
 */
export function replaceStep(plan: Plan, id: string, replacement: PlanStep): PlanEdit {
  const at = indexOf(plan, id);
  if (at === -1) return refuse(`There is no step ${id}.`);
  const step: PlanStep = { ...replacement, id };
  const problem = stepProblem(plan.steps.slice(0, at), step);
  if (problem) return problem;
  const steps = plan.steps.map((s, i) => (i === at ? step : s));
  const notes = [`Step ${id} is re-planned.`];
  return finish(plan, { ...plan, steps, files: withoutOrphans(plan, steps, notes) }, notes);
}
