'use client';
/**
 * The plan open on the Build page (`?plan=<id>`): loading, gone, or its
 * view. It alone follows the plan's snapshots, so a saved step run redraws
 * this part of the page and not the page around it (header, pickers, the
 * model list); and each snapshot keeps the objects of the parts that did not
 * change (shareUnchanged), so the memoised steps and workspace below skip
 * their redraw.
 */
import { memo, useState } from 'react';
import { shareUnchanged } from '@/lib/planner/app-snapshot';
import { usePlan } from '../../_hooks/use-planner';
import { PlanView, type PlanActions } from './plan-view';
import type { PlanSnapshot, PlannerService } from './planner-service';

/** The snapshot the service published last, sharing every unchanged part with the one shown before. */
function useSharedPlan(service: PlannerService, planId: string): PlanSnapshot | null | undefined {
  const published = usePlan(service, planId);
  // State derived from a change, computed during render (React's pattern): no extra commit, no effect.
  const [shown, setShown] = useState({ published, shared: published });
  if (shown.published === published) return shown.shared;
  const shared = published && shown.shared ? shareUnchanged(shown.shared, published) : published;
  setShown({ published, shared });
  return shared;
}

export const OpenPlan = memo(function OpenPlan({
  service,
  planId,
  projectNameOf,
  actions,
}: {
  service: PlannerService;
  planId: string;
  /** The name of an attached project, by id. */
  projectNameOf: (projectId: string | undefined) => string | undefined;
  actions: PlanActions;
}) {
  const snapshot = useSharedPlan(service, planId);
  if (snapshot === undefined)
    return (
      <p className="text-sm text-muted" role="status">
        Loading the plan…
      </p>
    );
  if (snapshot === null)
    return (
      <div className="rounded-xl border border-dashed border-border p-6 text-center text-sm text-muted">
        <p className="font-medium text-fg">This plan no longer exists.</p>
        <p className="mt-1">It may have been deleted in another tab.</p>
      </div>
    );
  return (
    <PlanView
      key={snapshot.plan.id}
      snapshot={snapshot}
      projectName={projectNameOf(snapshot.plan.projectId)}
      actions={actions}
    />
  );
});
