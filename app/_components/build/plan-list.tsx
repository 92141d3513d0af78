'use client';
/** The user's plans (title, status, when last changed), each to open or delete (after a confirm). */
import { useState } from 'react';
import { ConfirmDialog } from '../confirm-dialog';
import { TrashIcon } from '../icons';
import type { PlanSummary } from './planner-service';
import { Badge, ICON_BUTTON } from './ui';
import { PLAN_STATUS_LABEL, formatUpdated, planTone } from './view-helpers';

export function PlanList({
  plans,
  now,
  onOpen,
  onDelete,
}: {
  /** undefined while loading. */
  plans: PlanSummary[] | undefined;
  now: number;
  onOpen: (planId: string) => void;
  onDelete: (planId: string) => void;
}) {
  const [deleting, setDeleting] = useState<PlanSummary>();
  return (
    <section aria-labelledby="plans-title">
      <h2 id="plans-title" className="mb-2 text-sm font-semibold">
        Your plans
      </h2>
      {plans?.length === 0 && (
        <div className="rounded-xl border border-dashed border-border p-6 text-center text-sm text-muted">
          <p className="font-medium text-fg">No plans yet.</p>
          <p className="mt-1">Describe a small program above and Codelumi plans it step by step.</p>
        </div>
      )}
      {plans === undefined && (
        <p className="text-sm text-muted" role="status">
          Loading plans…
        </p>
      )}
      {plans && plans.length > 0 && (
        <ul className="divide-y divide-border rounded-xl border border-border" aria-label="Plans">
          {plans.map((p) => (
            <li key={p.id} className="flex items-center gap-2 px-3 py-2">
              <button
                type="button"
                onClick={() => onOpen(p.id)}
                className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-1 py-1 text-left hover:bg-subtle"
              >
                <span className="min-w-0 flex-1 basis-full truncate text-sm font-medium sm:basis-0">{p.title}</span>
                <Badge tone={planTone(p.status)}>{PLAN_STATUS_LABEL[p.status]}</Badge>
                <span className="shrink-0 text-xs text-muted sm:w-20 sm:text-right">
                  {formatUpdated(p.updatedAt, now)}
                </span>
              </button>
              <button
                type="button"
                className={ICON_BUTTON}
                aria-label={`Delete plan ${p.title}`}
                onClick={() => setDeleting(p)}
              >
                <TrashIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          open
          title="Delete this plan?"
          body={
            <>
              <strong className="text-fg">{deleting.title}</strong>, its steps and its workspace files are deleted from
              this device. Files already written into a project stay there.
            </>
          }
          confirmLabel="Delete plan"
          danger
          onConfirm={() => {
            onDelete(deleting.id);
            setDeleting(undefined);
          }}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
