/**
 * What is wrong with a step the user wrote, field by field, in plain words
 * the step form shows next to the field ("Say what the step should do"),
 * instead of the schema's wording. The plan's rules (plan-edit.ts) refuse a
 * step with any of these; the schema stays the last word for what they miss.
 */
import { safeRelativePath } from './paths';
import { PLAN_LIMITS } from './plan-schema';
import type { PlanStep } from './types';

/** The fields of the step form a problem can be shown beside. */
export type StepField = 'title' | 'detail' | 'files' | 'dependsOn' | 'checkFile' | 'checkDescription';

/** One problem of one field, worded for the user. */
export interface FieldProblem {
  field: StepField;
  message: string;
}

const L = PLAN_LIMITS;

/** An empty or too long text of `field`, or nothing. */
function textProblem(field: StepField, value: string | undefined, max: number, empty: string): FieldProblem[] {
  const text = (value ?? '').trim();
  if (!text) return [{ field, message: empty }];
  if (text.length > max) return [{ field, message: `Keep it under ${max.toLocaleString('en')} characters.` }];
  return [];
}

/** A path of `field` that cannot be written, or nothing. */
function pathProblem(field: StepField, path: string): FieldProblem[] {
  const checked = safeRelativePath(path);
  return checked.ok ? [] : [{ field, message: `“${path}” cannot be used: ${checked.reason}.` }];
}

/**
 * Every field problem of `step` standing after the steps `earlier` (each
 * field at most once): empty or too long texts, no file written, unsafe
 * paths, a check without its file, a dependency that is not an earlier step.
 * Empty when the step's fields are fine.
 */
export function stepFieldProblems(earlier: readonly PlanStep[], step: PlanStep): FieldProblem[] {
  const problems: FieldProblem[] = [
    ...textProblem('title', step.title, L.title, 'Give the step a title.'),
    ...textProblem('detail', step.detail, L.detail, 'Say what the step should do.'),
  ];
  if (step.files.length === 0)
    problems.push({ field: 'files', message: 'Name at least one file the new step writes.' });
  else if (step.files.length > L.filesPerStep)
    problems.push({ field: 'files', message: `A step writes at most ${L.filesPerStep} files.` });
  else problems.push(...step.files.flatMap((p) => pathProblem('files', p)).slice(0, 1));

  const { check } = step;
  if (check.kind !== 'review') {
    const file = check.kind === 'test' ? check.testFile : check.entry;
    const missing = check.kind === 'test' ? 'Name the file that holds the tests.' : `Name the file to ${check.kind}.`;
    problems.push(
      ...(file?.trim() ? pathProblem('checkFile', file) : [{ field: 'checkFile' as const, message: missing }]),
    );
  }
  problems.push(
    ...textProblem('checkDescription', check.description, L.description, 'Say how the check shows it works.'),
  );

  const before = new Set(earlier.map((s) => s.id));
  const bad = step.dependsOn.find((d) => !before.has(d));
  if (bad)
    problems.push({
      field: 'dependsOn',
      message: `Step ${step.id} can depend only on earlier steps, and “${bad}” is not one.`,
    });
  return problems;
}
