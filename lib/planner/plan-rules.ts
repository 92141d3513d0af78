/**
 * What makes a plan executable beyond its shape: unique step ids, every
 * dependency on an earlier step, every file a step writes or checks listed
 * once under a safe path. `normalizePlan` repairs what can be repaired
 * without guessing at the model's intent and says what it changed;
 * `planProblems` lists what is left; `parsePlan` does both after the shape.
 */
import { cleanPath, pathKey, safeRelativePath } from './paths';
import { describeIssues, modelPlanSchema, planSchema } from './plan-schema';
import type { Plan, PlanFile, PlanStep } from './types';

/** A rule a plan breaks, in words the model (on a retry) and the user can act on. */
export interface PlanProblem {
  kind: 'duplicate-id' | 'bad-dependency' | 'unsafe-path' | 'unlisted-file' | 'duplicate-file' | 'check-file';
  message: string;
  stepId?: string;
  path?: string;
}

/** The number of a step id (`s12` → 12), or undefined for any other spelling. */
export function stepNumber(id: string): number | undefined {
  const m = /^s([1-9][0-9]{0,5})$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** The files a step's check reads (its test file or entry), if it names one. */
export function checkFileOf(step: PlanStep): string | undefined {
  return step.check.kind === 'test' ? step.check.testFile : step.check.kind === 'review' ? undefined : step.check.entry;
}

/** Problems of the file list (unsafe or repeated paths), and the listed paths by key. */
function fileListProblems(plan: Plan): { problems: PlanProblem[]; listed: Map<string, string> } {
  const problems: PlanProblem[] = [];
  const listed = new Map<string, string>();
  for (const file of plan.files) {
    const checked = safeRelativePath(file.path);
    if (!checked.ok)
      problems.push({
        kind: 'unsafe-path',
        path: file.path,
        message: `The file “${file.path}” is refused: ${checked.reason}.`,
      });
    const key = pathKey(file.path);
    const earlier = listed.get(key);
    if (earlier !== undefined) {
      problems.push({
        kind: 'duplicate-file',
        path: file.path,
        message: `“${file.path}” is listed twice (as “${earlier}” too; names differing only in case clash on Windows and macOS).`,
      });
    } else listed.set(key, file.path);
  }
  return { problems, listed };
}

/** Every rule the plan breaks (empty when it can be executed as it is). Pure. */
export function planProblems(plan: Plan): PlanProblem[] {
  const { problems, listed } = fileListProblems(plan);
  const seen = new Set<string>();
  const all = new Set(plan.steps.map((s) => s.id));
  const written = new Set<string>();
  for (const step of plan.steps) {
    if (seen.has(step.id))
      problems.push({ kind: 'duplicate-id', stepId: step.id, message: `Two steps have the id “${step.id}”.` });
    for (const dep of step.dependsOn) {
      const why =
        dep === step.id
          ? 'itself'
          : seen.has(dep)
            ? undefined
            : all.has(dep)
              ? `“${dep}”, which comes later`
              : `“${dep}”, which is not in the plan`;
      if (why)
        problems.push({
          kind: 'bad-dependency',
          stepId: step.id,
          message: `Step ${step.id} depends on ${why}; a step may depend only on earlier steps.`,
        });
    }
    seen.add(step.id);
    for (const path of step.files) {
      const checked = safeRelativePath(path);
      if (!checked.ok)
        problems.push({
          kind: 'unsafe-path',
          stepId: step.id,
          path,
          message: `Step ${step.id} writes “${path}”, which is refused: ${checked.reason}.`,
        });
      else if (!listed.has(pathKey(path)))
        problems.push({
          kind: 'unlisted-file',
          stepId: step.id,
          path,
          message: `Step ${step.id} writes “${path}”, which is not in the plan’s files.`,
        });
      written.add(pathKey(path));
    }
    problems.push(...checkProblems(step, written, listed));
  }
  return problems;
}

function checkProblems(step: PlanStep, written: Set<string>, listed: Map<string, string>): PlanProblem[] {
  const { kind } = step.check;
  const file = checkFileOf(step);
  const field = kind === 'test' ? 'testFile' : 'entry';
  const at = { kind: 'check-file' as const, stepId: step.id };
  if (kind === 'review') return [];
  if (!file) return [{ ...at, message: `Step ${step.id}’s ${kind} check names no ${field}.` }];
  const checked = safeRelativePath(file);
  if (!checked.ok)
    return [
      {
        ...at,
        kind: 'unsafe-path',
        path: file,
        message: `Step ${step.id}’s check uses “${file}”, which is refused: ${checked.reason}.`,
      },
    ];
  if (!listed.has(pathKey(file)))
    return [
      {
        ...at,
        path: file,
        kind: 'unlisted-file',
        message: `Step ${step.id}’s check uses “${file}”, which is not in the plan’s files.`,
      },
    ];
  if (!written.has(pathKey(file)))
    return [
      {
        ...at,
        path: file,
        message: `Step ${step.id}’s check uses “${file}”, which neither this step nor an earlier one writes.`,
      },
    ];
  return [];
}

/** A plan made regular, with what was changed (sentences) and what is still wrong. */
export interface NormalizedPlan {
  plan: Plan;
  changes: string[];
  problems: PlanProblem[];
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/**
 * Repairs what is safely repairable and reports each change: paths in their
 * one spelling, trimmed text, ids renumbered `s1…sN` when they are not
 * already unique `s<n>` ids (dependencies follow, each to the nearest
 * earlier step of that name), dependencies on nothing or on the step itself
 * dropped, repeated entries merged, files a step writes or checks but the
 * plan does not list added with a purpose, a missing check language taken
 * from the check file's extension, and `lastStepNumber` set. Unsafe paths and
 * dependencies on later steps are left for `problems`. Pure.
 */
export function normalizePlan(input: Plan): NormalizedPlan {
  const changes: string[] = [];
  const path = (p: string) => {
    const clean = cleanPath(p);
    if (clean !== undefined && clean !== p) changes.push(`“${p}” is written “${clean}”.`);
    return clean ?? p;
  };
  const files: PlanFile[] = [];
  const byKey = new Map<string, PlanFile>();
  for (const f of input.files) {
    const file: PlanFile = { ...f, path: path(f.path), purpose: f.purpose.trim() };
    if (byKey.has(pathKey(file.path))) {
      changes.push(`“${file.path}” was listed twice; it is listed once.`);
      continue;
    }
    byKey.set(pathKey(file.path), file);
    files.push(file);
  }
  let steps: PlanStep[] = input.steps.map((s) => ({
    ...s,
    title: s.title.trim(),
    detail: s.detail.trim(),
    files: unique(s.files.map(path)),
    dependsOn: unique(s.dependsOn.map((d) => d.trim())),
    check: {
      ...s.check,
      ...(s.check.testFile !== undefined ? { testFile: path(s.check.testFile) } : {}),
      ...(s.check.entry !== undefined ? { entry: path(s.check.entry) } : {}),
    },
    ...(s.packages ? { packages: unique(s.packages.map((p) => p.trim())) } : {}),
  }));
  steps = renumber(steps, changes);
  steps = steps.map((s, i) => {
    const earlier = new Set(steps.slice(0, i).map((e) => e.id));
    const later = new Set(steps.slice(i + 1).map((e) => e.id));
    const kept = s.dependsOn.filter((d) => earlier.has(d) || (later.has(d) && d !== s.id));
    for (const d of s.dependsOn.filter((x) => !kept.includes(x))) {
      changes.push(
        d === s.id
          ? `Step ${s.id} depended on itself; that is dropped.`
          : `Step ${s.id} depended on “${d}”, which is not in the plan; that is dropped.`,
      );
    }
    return { ...s, dependsOn: kept, check: withLanguage(s, changes) };
  });
  for (const s of steps) {
    const check = checkFileOf(s);
    for (const p of check && !s.files.includes(check) ? [...s.files, check] : s.files) {
      if (byKey.has(pathKey(p)) || !safeRelativePath(p).ok) continue;
      const file = {
        path: p,
        purpose:
          p === check ? `Checked by step ${s.id}: ${s.check.description}` : `Written by step ${s.id}: ${s.title}`,
      };
      files.push(file);
      byKey.set(pathKey(p), file);
      changes.push(`“${p}” (step ${s.id}) is added to the plan’s files.`);
    }
  }
  const numbers = steps.map((s) => stepNumber(s.id) ?? 0);
  const lastStepNumber = Math.max(input.lastStepNumber ?? 0, ...numbers);
  const plan: Plan = { goal: input.goal.trim(), files, steps, lastStepNumber };
  // A path spelled twice the same wrong way is one change.
  return { plan, changes: [...new Set(changes)], problems: planProblems(plan) };
}

/** Ids `s1…sN` in order when the model's ids are not unique `s<n>` ids; dependencies follow. */
function renumber(steps: PlanStep[], changes: string[]): PlanStep[] {
  const ids = steps.map((s) => s.id.trim());
  const regular = ids.every((id) => stepNumber(id) !== undefined) && new Set(ids).size === ids.length;
  if (regular) return steps.map((s, i) => ({ ...s, id: ids[i] }));
  changes.push('The steps are numbered s1, s2, … in their order.');
  const renamed = ids.map((_, i) => `s${i + 1}`);
  return steps.map((s, i) => {
    const target = (dep: string) => {
      // The nearest earlier step of that name, else the first later one (left for the rules to refuse).
      for (let j = i - 1; j >= 0; j--) if (ids[j] === dep) return renamed[j];
      const later = ids.indexOf(dep, i + 1);
      return later === -1 ? dep : renamed[later];
    };
    return { ...s, id: renamed[i], dependsOn: unique(s.dependsOn.map(target)) };
  });
}

const LANGUAGE_OF_EXTENSION: Record<string, PlanStep['check']['language']> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
};

/** The check language a file's extension says (`.py` → python), or undefined. */
export function checkLanguageOf(path: string | undefined): PlanStep['check']['language'] {
  const ext = path?.split('/').pop()?.split('.').slice(1).pop()?.toLowerCase();
  return ext ? LANGUAGE_OF_EXTENSION[ext] : undefined;
}

function withLanguage(step: PlanStep, changes: string[]): PlanStep['check'] {
  const { check } = step;
  if (check.language || (check.kind !== 'test' && check.kind !== 'run')) return check;
  const language = checkLanguageOf(checkFileOf(step));
  if (!language) return check;
  changes.push(`Step ${step.id}’s check runs as ${language} (from its file’s name).`);
  return { ...check, language };
}

/** A plan read from the model: usable (with what was repaired), or the reasons it is not. */
export type ParsedPlan = { ok: true; plan: Plan; changes: string[] } | { ok: false; errors: string[] };

/**
 * Reads a plan from parsed JSON: the model's shape (or, with `stored`, the
 * stored shape with its step counter), repaired by `normalizePlan`, and
 * refused with every remaining problem when it still breaks a rule.
 */
export function parsePlan(value: unknown, stored = false): ParsedPlan {
  const shaped = (stored ? planSchema : modelPlanSchema).safeParse(value);
  if (!shaped.success) return { ok: false, errors: describeIssues(shaped.error) };
  const normalized = normalizePlan(shaped.data);
  if (normalized.problems.length) return { ok: false, errors: normalized.problems.map((p) => p.message) };
  return { ok: true, plan: normalized.plan, changes: normalized.changes };
}

/** Every path the plan names: its file list and each step's files. */
export function planListedPaths(plan: Pick<Plan, 'files' | 'steps'>): Set<string> {
  return new Set([...plan.files.map((f) => f.path), ...plan.steps.flatMap((s) => s.files)]);
}
