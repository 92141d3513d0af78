/**
 * The Planner's own rules for plan rows coming from an archive (the
 * archive's `rowCheck` hook; lib/archive cannot import the Planner, so the
 * worker that imports wires this in): a plan with steps has the stored
 * plan's exact shape (`planSchema`: a check's file is text, its kind and
 * language known) and no unsafe path (`planProblems`' `unsafe-path`; other
 * problems a draft may keep while the user edits it are let through); a
 * workspace file's path is safe and in its stored spelling (`paths.ts`).
 * A refused row makes the import fail as `invalid:import`, so no row the
 * Planner would refuse is stored, and none can later block a delivery.
 */
import { planSchema, describeIssues } from './plan-schema';
import { planProblems } from './plan-rules';
import { safeRelativePath } from './paths';

/** Why an archive row of `table` breaks the Planner's rules, or undefined (rows of other tables: always undefined). */
export function planRowProblem(table: string, row: unknown): string | undefined {
  const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  if (table === 'plans') {
    const plan = r.plan as { steps?: unknown[] } | undefined;
    if (!plan || !Array.isArray(plan.steps) || plan.steps.length === 0) return undefined; // being planned, or failed
    const shaped = planSchema.safeParse(plan);
    if (!shaped.success) return `plan: ${describeIssues(shaped.error, 2).join('; ')}`;
    const unsafe = planProblems(shaped.data).find((p) => p.kind === 'unsafe-path');
    return unsafe ? `plan: ${unsafe.message}` : undefined;
  }
  if (table === 'workspaceFiles') {
    const checked = safeRelativePath(r.path);
    if (!checked.ok) return `path: ${checked.reason}`;
    if (checked.path !== r.path)
      return `path: “${String(r.path)}” is not written as the Planner stores it (${checked.path})`;
  }
  if (table === 'planSteps' && Array.isArray(r.attempts)) {
    for (const a of r.attempts as { files?: unknown }[]) {
      const bad = Array.isArray(a.files) ? a.files.find((p) => !safeRelativePath(p).ok) : undefined;
      if (bad !== undefined) return `attempts: the file path “${String(bad).slice(0, 80)}” is not safe`;
    }
  }
  return undefined;
}
