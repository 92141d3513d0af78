'use client';
/**
 * A plan being written or edited: planning progress (with Stop), the goal,
 * the ordered steps with their edits, "Add step", the files, and the way on
 * to the dry run. Problems an edit reports show next to what they concern.
 */
import { useState } from 'react';
import type { PlanRecord } from '@/lib/planner/types';
import { PlusIcon, StopIcon } from '../icons';
import type { EditProblem, EditResult, PlanEditOp, StepDraft } from './planner-service';
import { PlanFiles } from './plan-files';
import { StepCard } from './step-card';
import { EMPTY_STEP, StepForm } from './step-form';
import { PRIMARY, SECONDARY, Section, Spinner } from './ui';

export function PlanEditor({
  plan,
  planning,
  onEdit,
  onReplan,
  onStop,
  onDryRun,
}: {
  plan: PlanRecord;
  /** While the model writes the plan: its answer so far, in tokens. */
  planning?: { tokens: number };
  /** Applies an edit; resolves with its problems (undefined when the call failed and the user was told). */
  onEdit: (op: PlanEditOp) => Promise<EditResult | undefined>;
  onReplan: (stepId: string, note?: string) => Promise<EditResult | undefined>;
  onStop: () => void;
  onDryRun: () => void;
}) {
  const [problems, setProblems] = useState<EditProblem[]>([]);
  const [pending, setPending] = useState(false);
  const [replanning, setReplanning] = useState<string>();
  const [adding, setAdding] = useState(false);
  const isPlanning = plan.status === 'planning';
  const locked = isPlanning || pending;
  const { steps, files, goal } = plan.plan;

  const edit = async (op: PlanEditOp) => {
    setPending(true);
    const result = await onEdit(op);
    setPending(false);
    setProblems(result?.problems ?? []);
    return result;
  };

  const move = async (stepId: string, index: number, direction: -1 | 1) => {
    await edit({ kind: 'move-step', stepId, toIndex: index + direction });
    // Keep the keyboard where it was: on the same step's button, or its other arrow at the end of the list.
    requestAnimationFrame(() => {
      const same = document.getElementById(`step-${stepId}-${direction < 0 ? 'up' : 'down'}`) as HTMLButtonElement;
      const other = document.getElementById(`step-${stepId}-${direction < 0 ? 'down' : 'up'}`) as HTMLButtonElement;
      (same && !same.disabled ? same : other)?.focus();
    });
  };

  const replan = async (stepId: string, note: string) => {
    setReplanning(stepId);
    const result = await onReplan(stepId, note || undefined);
    setReplanning(undefined);
    setProblems(result?.problems ?? []);
  };

  const known = (p: EditProblem) =>
    (p.stepId && steps.some((s) => s.id === p.stepId)) || (p.path && files.some((f) => f.path === p.path));
  const general = problems.filter((p) => !known(p));

  return (
    <div className="space-y-4">
      {isPlanning && (
        <div
          className="flex flex-wrap items-center gap-3 rounded-xl border border-accent/40 bg-accent-soft px-4 py-3 text-sm text-accent-text"
          data-testid="planning-progress"
        >
          <Spinner />
          <span className="flex-1">
            Planning with {plan.model}…{' '}
            {planning ? `${planning.tokens.toLocaleString('en')} tokens so far` : 'waiting for the model'}
          </span>
          <button type="button" className={SECONDARY} onClick={onStop}>
            <StopIcon className="h-3.5 w-3.5" /> Stop
          </button>
        </div>
      )}
      {plan.error && (
        <p className="rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm" role="alert">
          {typeof plan.error === 'string' ? plan.error : plan.error.message}
        </p>
      )}

      <Section id="plan-goal" title="Goal">
        <p className="whitespace-pre-wrap break-words text-sm">{goal || (isPlanning ? 'Not written yet.' : '—')}</p>
        <p className="mt-2 text-xs text-muted">You asked: “{plan.request}”</p>
      </Section>

      {/* While the model writes, empty lists would only say nothing is there yet. */}
      {(!isPlanning || steps.length > 0) && (
        <>
          <Section
            id="plan-steps"
            title={`Steps (${steps.length})`}
            actions={
              !isPlanning && (
                <button type="button" className={PRIMARY} onClick={onDryRun} disabled={pending || steps.length === 0}>
                  Dry run
                </button>
              )
            }
          >
            {general.length > 0 && (
              <ul
                className="mb-3 space-y-1 rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm"
                role="alert"
              >
                {general.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            )}
            {steps.length === 0 && !isPlanning && <p className="text-sm text-muted">No steps. Add one below.</p>}
            <ol className="space-y-2" aria-label="Steps">
              {steps.map((step, i) => (
                <StepCard
                  key={step.id}
                  step={step}
                  index={i}
                  steps={steps}
                  problems={problems.filter((p) => p.stepId === step.id)}
                  locked={locked}
                  replanning={replanning === step.id}
                  onMove={(d) => void move(step.id, i, d)}
                  onUpdate={(patch) => void edit({ kind: 'update-step', stepId: step.id, patch })}
                  onReplan={(note) => void replan(step.id, note)}
                  onRemove={() => void edit({ kind: 'remove-step', stepId: step.id })}
                />
              ))}
            </ol>
            {!isPlanning &&
              (adding ? (
                <div className="mt-3 rounded-lg border border-border bg-bg p-3">
                  <h3 className="mb-2 text-sm font-semibold">New step</h3>
                  <StepForm
                    initial={EMPTY_STEP}
                    submitLabel="Add step"
                    onSubmit={(step: StepDraft) => {
                      setAdding(false);
                      void edit({ kind: 'add-step', afterStepId: steps.at(-1)?.id, step });
                    }}
                    onCancel={() => setAdding(false)}
                  />
                </div>
              ) : (
                <button type="button" className={`${SECONDARY} mt-3`} onClick={() => setAdding(true)} disabled={locked}>
                  <PlusIcon /> Add step
                </button>
              ))}
          </Section>

          <Section id="plan-files" title={`Files (${files.length})`}>
            <PlanFiles
              files={files}
              problems={problems}
              locked={locked}
              onRename={(from, to) => void edit({ kind: 'rename-file', from, to })}
            />
          </Section>
        </>
      )}
    </div>
  );
}
