'use client';
/**
 * The Build page's subscriptions to the Planner service: the list of plans
 * and the open plan, re-rendering whenever the service publishes. Thin on
 * purpose: it subscribes and hands over what the service says.
 */
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '@/lib/core/errors-text';
import { isCodelumiError } from '@/lib/core/errors';
import type { PlanSnapshot, PlanSummary, PlannerService } from '../_components/build/planner-service';
import { useToasts } from '../_components/toasts';

/** The user's plans, newest first; undefined until the service first answers. */
export function usePlanList(service: PlannerService): PlanSummary[] | undefined {
  const [plans, setPlans] = useState<PlanSummary[]>();
  useEffect(() => service.subscribePlans(setPlans), [service]);
  return plans;
}

/**
 * The open plan as the service last published it: undefined while it loads
 * (or with no plan open), null when there is no such plan.
 */
export function usePlan(service: PlannerService, planId: string | undefined): PlanSnapshot | null | undefined {
  // Kept with the id it belongs to, so a switch to another plan never shows the previous one.
  const [state, setState] = useState<{ planId: string; snapshot: PlanSnapshot | null }>();
  useEffect(() => {
    if (!planId) return;
    return service.subscribe(planId, (snapshot) => setState({ planId, snapshot: snapshot ?? null }));
  }, [service, planId]);
  return planId && state?.planId === planId ? state.snapshot : undefined;
}

/**
 * Runs a service call from a click and tells the user, in a notice, why it
 * failed and what to do next; resolves with the call's result, or undefined
 * when it failed.
 */
export function usePlannerAction(): <T>(call: () => Promise<T>) => Promise<T | undefined> {
  const toasts = useToasts();
  return useCallback(
    async <T>(call: () => Promise<T>) => {
      try {
        return await call();
      } catch (err) {
        if (isCodelumiError(err)) {
          const words = describeError(err);
          toasts.show({ tone: 'error', text: `${words.title}. ${words.body}`, durationMs: 12_000 });
        } else {
          toasts.show({ tone: 'error', text: err instanceof Error ? err.message : String(err), durationMs: 12_000 });
        }
        return undefined;
      }
    },
    [toasts],
  );
}
