/**
 * How a plan keeps why it stopped: an error as a chat message keeps its own
 * (`StoredError`: code, message, details), so the Build page can word it
 * with describeError and offer the chat's next steps (`ollama serve`,
 * OLLAMA_ORIGINS, pull the model). Also which plans count as "planning
 * failed": the ones the user can plan again.
 */
import { CodelumiError, isCodelumiError, type ErrorDetails, type StoredError } from '../core/errors';
import type { PlanRecord } from './types';

/**
 * `err` as stored with a plan: a CodelumiError keeps its code and details
 * (with `context` filling what it lacks, such as the plan's model), anything
 * else becomes `unknown` with its message.
 */
export function storedPlanError(err: unknown, context: ErrorDetails = {}): StoredError {
  const known = isCodelumiError(err)
    ? err
    : new CodelumiError('unknown', err instanceof Error ? err.message : String(err));
  return { code: known.code, message: known.message, details: { ...context, ...known.details } };
}

/** What a planning that was stopped, or cut off by a reload or a closed tab, keeps as its reason. */
export function planningStoppedError(why: 'user' | 'reload'): StoredError {
  return {
    code: 'aborted:user',
    message:
      why === 'user'
        ? 'You stopped planning. Plan again when you are ready.'
        : 'Planning was cut off by a reload or a closed tab: plan again.',
    details: {},
  };
}

/**
 * A plan's reason as an error, whatever was stored: a sentence (a failed
 * step, or a row stored before errors kept their code) reads as `unknown`.
 */
export function planError(plan: Pick<PlanRecord, 'error'>): StoredError | undefined {
  if (plan.error === undefined) return undefined;
  if (typeof plan.error === 'string') return { code: 'unknown', message: plan.error, details: {} };
  return plan.error;
}

/**
 * True when planning did not give the plan any step: status
 * `planning-failed`, or `failed` with no steps (how a failed planning was
 * stored before it had its own status). Such a plan can be planned again.
 */
export function planningFailed(plan: Pick<PlanRecord, 'status' | 'plan'>): boolean {
  return plan.status === 'planning-failed' || (plan.status === 'failed' && plan.plan.steps.length === 0);
}
