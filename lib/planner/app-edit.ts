/**
 * The Build page's edits of a draft plan, as plan-edit.ts's pure operations:
 * the page says what the user asked for (`PlanEditOp`), this applies it and
 * says what was refused or is left to fix, next to the step or file it is about.
 */
import { addStep, editStep, moveStep, removeStep, renameFile, type PlanEdit } from './plan-edit';
import type { EditProblem, PlanEditOp } from './app-contract';
import type { Plan } from './types';

/** `op` applied to `plan` (plan-edit.ts's rules: dependencies stay earlier, ids never reused, paths checked). */
export function applyEditOp(plan: Plan, op: PlanEditOp): PlanEdit {
  switch (op.kind) {
    case 'move-step':
      return moveStep(plan, op.stepId, op.toIndex);
    case 'remove-step':
      return removeStep(plan, op.stepId);
    case 'add-step': {
      const after = op.afterStepId ? plan.steps.findIndex((s) => s.id === op.afterStepId) : -1;
      const files = (op.step.files ?? []).map((f) => f.trim()).filter(Boolean);
      return addStep(
        plan,
        { title: op.step.title, detail: op.step.detail, check: op.step.check, ...(files.length ? { files } : {}) },
        after >= 0 ? after + 1 : plan.steps.length,
      );
    }
    case 'update-step': {
      // An emptied files field keeps the step's files (a step must write something).
      const { files, ...rest } = op.patch;
      const named = (files ?? []).map((f) => f.trim()).filter(Boolean);
      return editStep(plan, op.stepId, named.length ? { ...rest, files: named } : rest);
    }
    case 'rename-file':
      return renameFile(plan, op.from, op.to);
  }
}

/** What an edit leaves for the user to see: the refusal (nothing changed), or the plan's remaining problems. */
export function editProblems(edit: PlanEdit, op: PlanEditOp): EditProblem[] {
  if (!edit.ok) {
    const at = 'stepId' in op ? { stepId: op.stepId } : op.kind === 'rename-file' ? { path: op.from } : {};
    return [{ message: edit.reason, ...at }];
  }
  return edit.problems.map((p) => ({
    message: p.message,
    ...(p.stepId ? { stepId: p.stepId } : {}),
    ...(p.path ? { path: p.path } : {}),
  }));
}
