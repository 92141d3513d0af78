'use client';
/**
 * A plan whose planning did not finish (an error, Stop, a reload): why, with
 * the chat's advice, the whole request as typed, and Plan again (same
 * request and project, with the model chosen here) or Delete. Nothing to
 * resume: there are no steps.
 */
import { useState } from 'react';
import type { PlanRecord } from '@/lib/planner/types';
import { planError } from '@/lib/planner/plan-error';
import { ErrorNotice } from '../chat/error-notice';
import { ModelPicker } from '../chat/model-picker';
import { InfoIcon, RefreshIcon, TrashIcon } from '../icons';
import { DANGER, PRIMARY, Section } from './ui';

export function PlanningFailed({
  plan,
  onPlanAgain,
  onDelete,
}: {
  plan: PlanRecord;
  /** Plans the same request again with `model`. */
  onPlanAgain: (model: string) => Promise<void>;
  onDelete: () => void;
}) {
  const error = planError(plan);
  const [model, setModel] = useState(plan.model);
  const [starting, setStarting] = useState(false);
  const planAgain = async () => {
    setStarting(true);
    await onPlanAgain(model);
    setStarting(false);
  };

  return (
    <div className="space-y-4" data-testid="planning-failed">
      {/* Stopped or cut off: not an error to explain, only what happened. */}
      {!error || error.code === 'aborted:user' ? (
        <p
          className="flex items-start gap-2 rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-sm"
          role="status"
        >
          <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
          {error?.message ?? 'Planning did not finish: plan again.'}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      <Section id="plan-request" title="Your request">
        <p className="whitespace-pre-wrap break-words text-sm" data-testid="plan-request">
          {plan.request}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          {/* A block around the picker (its own line when narrow): in a wrapping row its select would shrink to nothing. */}
          <div className="min-w-0 flex-1 basis-full sm:basis-auto">
            <ModelPicker value={model} onChange={setModel} />
          </div>
          <button type="button" className={PRIMARY} disabled={!model || starting} onClick={() => void planAgain()}>
            <RefreshIcon className="h-3.5 w-3.5" /> {starting ? 'Starting…' : 'Plan again'}
          </button>
          <button type="button" className={DANGER} onClick={onDelete}>
            <TrashIcon className="h-3.5 w-3.5" /> Delete
          </button>
        </div>
      </Section>
    </div>
  );
}
