/**
 * The Build page's edits of a draft plan, as plan-edit.ts's pure operations:
 * the page says what the user asked for (`PlanEditOp`), this applies it and
 * says what was refused or is left to fix, next to the step or file it is about.
 */
import { addStep, editStep, moveStep, removeStep, renameFile, type PlanEdit } from './plan-edit';
import type { EditProblem, PlanEditOp } from './app-contract';
import type { Plan, StepCheck } from './types';

/** `op` applied to `plan` (plan-edit.ts's rules: dependencies stay earlier, ids never reused, paths checked). */
export function applyEditOp(plan: Plan, op: PlanEditOp): PlanEdit {
  switch (op.kind) {
    case 'move-step':
      return moveStep(plan, op.stepId, op.toIndex, { carry: op.carry === true });
    case 'remove-step':
      return removeStep(plan, op.stepId);
    case 'add-step': {
      const after = op.afterStepId ? plan.steps.findIndex((s) => s.id === op.afterStepId) : -1;
      const files = (op.step.files ?? []).map((f) => f.trim()).filter(Boolean);
      const { title, detail, check, dependsOn } = op.step;
      return addStep(
        plan,
        {
          title,
          detail,
          check: cleanCheck(check),
          ...(files.length ? { files } : {}),
          ...(dependsOn ? { dependsOn } : {}),
        },
        after >= 0 ? after + 1 : plan.steps.length,
      );
    }
    case 'update-step': {
      // An emptied files field keeps the step's files (a step must write something).
      const { files, check, ...rest } = op.patch;
      const named = (files ?? []).map((f) => f.trim()).filter(Boolean);
      const patch = { ...rest, ...(check ? { check: cleanCheck(check) } : {}) };
      return editStep(plan, op.stepId, named.length ? { ...patch, files: named } : patch);
    }
    case 'rename-file':
      return renameFile(plan, op.from, op.to);
  }
}

/**
 * A check as the form sends it, keeping only the file its kind uses (a
 * switch from "Run a test file" to "Review by you" leaves no stale
 * `testFile` in the plan).
 */
function cleanCheck(check: StepCheck): StepCheck {
  const { testFile, entry, ...rest } = check;
  if (check.kind === 'test') return testFile === undefined ? rest : { ...rest, testFile };
  if (check.kind === 'review') return rest;
  return entry === undefined ? rest : { ...rest, entry };
}

/**
 * What an edit leaves for the user to see: the refusal (nothing changed),
 * field by field for a step the user wrote, with the carried move to offer
 * for a refused move; or the plan's remaining problems.
 */
export function editProblems(edit: PlanEdit, op: PlanEditOp): EditProblem[] {
  if (!edit.ok) {
    const at = 'stepId' in op ? { stepId: op.stepId } : op.kind === 'rename-file' ? { path: op.from } : {};
    if (edit.fields?.length) return edit.fields.map((f) => ({ message: f.message, field: f.field, ...at }));
    const carry = edit.carry ? { carry: { toIndex: edit.carry.to, stepIds: edit.carry.stepIds } } : {};
    return [{ message: edit.reason, ...at, ...carry }];
  }
  return edit.problems.map((p) => ({
    message: p.message,
    ...(p.stepId ? { stepId: p.stepId } : {}),
    ...(p.path ? { path: p.path } : {}),
  }));
}
