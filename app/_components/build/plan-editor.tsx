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
import { CarryOffer } from './carry-offer';
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
  // A re-plan answers for the plan as it was: other edits wait for it, or the re-plan would be refused as stale.
  const locked = isPlanning || pending || replanning !== undefined;
  const { steps, files, goal } = plan.plan;

  /** Applies `op`; a form's refusal stays in the form (beside its fields), not in the list. */
  const edit = async (op: PlanEditOp, fromForm = false) => {
    setPending(true);
    const result = await onEdit(op);
    setPending(false);
    if (!(fromForm && result?.refused)) setProblems(result?.problems ?? []);
    return result;
  };

  /** Answers a step form: closes it (`close`) once the edit is applied, else hands back the problems to show. */
  const editFromForm = async (op: PlanEditOp, close: () => void) => {
    const result = await edit(op, true);
    if (result && !result.refused) close();
    return result?.refused ? result.problems : [];
  };

  const move = async (stepId: string, toIndex: number, direction: -1 | 1, carry = false) => {
    await edit({ kind: 'move-step', stepId, toIndex, ...(carry ? { carry } : {}) });
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
              {steps.map((step, i) => {
                const carry = problems.find((p) => p.stepId === step.id && p.carry)?.carry;
                const up = !!carry && carry.toIndex < i;
                return (
                  <StepCard
                    key={step.id}
                    step={step}
                    index={i}
                    steps={steps}
                    problems={problems.filter((p) => p.stepId === step.id && !p.carry)}
                    locked={locked}
                    replanning={replanning === step.id}
                    onMove={(d) => void move(step.id, i + d, d)}
                    onUpdate={(patch) => edit({ kind: 'update-step', stepId: step.id, patch }, true)}
                    onReplan={(note) => void replan(step.id, note)}
                    onRemove={() => void edit({ kind: 'remove-step', stepId: step.id })}
                    offer={
                      carry && (
                        <CarryOffer
                          step={step}
                          steps={steps}
                          carried={carry.stepIds}
                          up={up}
                          onMove={() => void move(step.id, carry.toIndex, up ? -1 : 1, true)}
                          onDismiss={() => setProblems((all) => all.filter((p) => !p.carry))}
                        />
                      )
                    }
                  />
                );
              })}
            </ol>
            {!isPlanning &&
              (adding ? (
                <div className="mt-3 rounded-lg border border-border bg-bg p-3">
                  <h3 className="mb-2 text-sm font-semibold">New step</h3>
                  <StepForm
                    // A new step follows the last one unless the user says otherwise.
                    initial={{ ...EMPTY_STEP, dependsOn: steps.length ? [steps.at(-1)!.id] : [] }}
                    submitLabel="Add step"
                    earlier={steps}
                    onSubmit={(step: StepDraft) =>
                      editFromForm({ kind: 'add-step', afterStepId: steps.at(-1)?.id, step }, () => setAdding(false))
                    }
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
