'use client';
/**
 * One step of a draft plan: what it writes, its files, what it waits for and
 * how it is checked, with the user's edits (move, edit, re-plan, remove).
 * Every change goes out through a callback; the plan's rules are the service's.
 */
import { useState, type ReactNode } from 'react';
import type { PlanStep } from '@/lib/planner/types';
import { ConfirmDialog } from '../confirm-dialog';
import { ArrowDownIcon, ArrowUpIcon, EditIcon, RefreshIcon, TrashIcon } from '../icons';
import type { EditProblem, EditResult, StepDraft } from './planner-service';
import { StepForm } from './step-form';
import { ICON_BUTTON, INPUT, PRIMARY, SECONDARY, Spinner } from './ui';
import { CHECK_KIND_LABEL, checkTarget, dependentsOf } from './view-helpers';

export function StepCard({
  step,
  index,
  steps,
  problems,
  locked,
  replanning,
  onMove,
  onUpdate,
  onReplan,
  onRemove,
  offer,
}: {
  step: PlanStep;
  index: number;
  /** Every step of the plan, in order (for dependency names and the ends of the list). */
  steps: readonly PlanStep[];
  /** The last edit's problems about this step. */
  problems: EditProblem[];
  /** True while the plan cannot be edited (planning, or another edit in flight). */
  locked: boolean;
  replanning: boolean;
  onMove: (direction: -1 | 1) => void;
  /** Applies the edit form; resolves with the service's answer (undefined: the call failed and the user was told). */
  onUpdate: (patch: Partial<StepDraft>) => Promise<EditResult | undefined>;
  onReplan: (note: string) => void;
  onRemove: () => void;
  /** A way through a refused edit (the carried move), shown under the step's problems. */
  offer?: ReactNode;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'replan'>('view');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const dependents = dependentsOf(steps, step.id);
  const n = index + 1;
  const titleId = `step-${step.id}-title`;
  const target = checkTarget(step.check);
  const numberOf = (id: string) => steps.findIndex((s) => s.id === id) + 1;

  return (
    <li
      className="rounded-lg border border-border bg-bg p-3"
      aria-labelledby={titleId}
      data-testid="plan-step"
      data-step-id={step.id}
    >
      <div className="flex flex-wrap items-start gap-2">
        <span
          className="mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold"
          aria-hidden="true"
        >
          {n}
        </span>
        <h3 id={titleId} className="min-w-0 flex-1 basis-48 break-words pt-0.5 text-sm font-semibold">
          <span className="sr-only">Step {n}: </span>
          {step.title}
        </h3>
        <div className="ml-auto flex shrink-0 items-center" role="group" aria-label={`Step ${n} actions`}>
          <button
            type="button"
            id={`step-${step.id}-up`}
            className={ICON_BUTTON}
            aria-label={`Move step ${n} up`}
            disabled={locked || index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUpIcon />
          </button>
          <button
            type="button"
            id={`step-${step.id}-down`}
            className={ICON_BUTTON}
            aria-label={`Move step ${n} down`}
            disabled={locked || index === steps.length - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDownIcon />
          </button>
          <button
            type="button"
            className={ICON_BUTTON}
            aria-label={`Edit step ${n}`}
            aria-expanded={mode === 'edit'}
            disabled={locked}
            onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}
          >
            <EditIcon />
          </button>
          <button
            type="button"
            className={ICON_BUTTON}
            aria-label={`Re-plan step ${n}`}
            aria-expanded={mode === 'replan'}
            disabled={locked}
            onClick={() => setMode(mode === 'replan' ? 'view' : 'replan')}
          >
            <RefreshIcon />
          </button>
          <button
            type="button"
            className={ICON_BUTTON}
            aria-label={`Remove step ${n}`}
            disabled={locked}
            onClick={() => (dependents.length > 0 ? setConfirming(true) : onRemove())}
          >
            <TrashIcon />
          </button>
        </div>
      </div>

      {mode === 'edit' ? (
        <div className="mt-3">
          <StepForm
            initial={{
              title: step.title,
              detail: step.detail,
              check: step.check,
              files: step.files,
              dependsOn: step.dependsOn,
            }}
            submitLabel="Save step"
            earlier={steps.slice(0, index)}
            onSubmit={async (draft) => {
              const result = await onUpdate(draft);
              // Closed only once saved: a refusal stays in the form, beside its field, with what was typed.
              if (result && !result.refused) setMode('view');
              return result?.refused ? result.problems : [];
            }}
            onCancel={() => setMode('view')}
          />
        </div>
      ) : (
        <div className="mt-2 space-y-2 sm:pl-8 text-sm">
          {step.detail && <p className="whitespace-pre-wrap break-words text-muted">{step.detail}</p>}
          {step.files.length > 0 && (
            <p className="flex flex-wrap items-center gap-1 text-xs">
              <span className="text-muted">Files:</span>
              {step.files.map((f) => (
                <code key={f} className="break-all rounded bg-subtle px-1.5 py-0.5 font-mono">
                  {f}
                </code>
              ))}
            </p>
          )}
          {step.dependsOn.length > 0 && (
            <p className="text-xs text-muted">After {step.dependsOn.map((id) => `step ${numberOf(id)}`).join(', ')}</p>
          )}
          <p className="text-xs">
            <span className="font-medium">Check · {CHECK_KIND_LABEL[step.check.kind]}</span>
            {target && (
              <>
                {' '}
                <code className="break-all font-mono">{target}</code>
              </>
            )}
            {step.check.description && <span className="text-muted"> — {step.check.description}</span>}
          </p>
        </div>
      )}

      {mode === 'replan' && (
        <form
          className="mt-3 flex flex-col gap-2 sm:pl-8 sm:flex-row"
          onSubmit={(e) => {
            e.preventDefault();
            onReplan(note.trim());
            setNote('');
            setMode('view');
          }}
        >
          <label className="sr-only" htmlFor={`${titleId}-note`}>
            What should change in step {n} (optional)
          </label>
          <input
            id={`${titleId}-note`}
            className={INPUT}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="What should change? (optional)"
            autoFocus
          />
          <div className="flex shrink-0 gap-2">
            <button type="button" className={SECONDARY} onClick={() => setMode('view')}>
              Cancel
            </button>
            <button type="submit" className={PRIMARY}>
              Re-plan this step
            </button>
          </div>
        </form>
      )}
      {replanning && (
        <p className="mt-2 flex items-center gap-2 sm:pl-8 text-xs text-muted">
          <Spinner /> Re-planning this step…
        </p>
      )}
      {problems.length > 0 && (
        <ul className="mt-2 space-y-1 sm:pl-8 text-xs text-danger" data-testid="step-problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      {offer}

      {confirming && (
        <ConfirmDialog
          open
          title={`Remove step ${n}?`}
          body={
            <>
              {dependents.length === 1 ? 'Step ' : 'Steps '}
              {dependents.map((d) => numberOf(d.id)).join(', ')} {dependents.length === 1 ? 'depends' : 'depend'} on “
              {step.title}”. Removing it leaves {dependents.length === 1 ? 'that step' : 'them'} without what it needs;
              you can re-plan {dependents.length === 1 ? 'it' : 'them'} afterwards.
            </>
          }
          confirmLabel="Remove step"
          danger
          onConfirm={() => {
            setConfirming(false);
            onRemove();
          }}
          onCancel={() => setConfirming(false)}
        />
      )}
    </li>
  );
}
