'use client';
/**
 * A plan being executed (or done with): Pause / Resume / Stop, a notice when
 * it picked up again after a reload, each step's live status and attempts,
 * the workspace's files, and what learning took from it.
 */
import { useCallback } from 'react';
import type { PlanRecord, StepRun, StepStatus, WorkspaceFile } from '@/lib/planner/types';
import { InfoIcon, PauseIcon, PlayIcon, StopIcon } from '../icons';
import { PlanErrorNotice } from './plan-error-notice';
import { StepRunItem } from './step-run-item';
import { SECONDARY, Section } from './ui';
import { runOf } from './view-helpers';
import { WorkspaceBrowser } from './workspace-browser';

/** The statuses a step ends in (a failed one waits for the user). */
const DONE = new Set<StepStatus>(['passed', 'fixed', 'skipped', 'accepted']);

export function ExecutionView({
  plan,
  runs,
  files,
  fixLimit,
  resumedAfterReload,
  running,
  awaitingReview,
  onPause,
  onResume,
  onStop,
  onSkip,
  onRetry,
  onAccept,
  onReject,
  onSaveFile,
  onUseModel,
}: {
  plan: PlanRecord;
  runs: readonly StepRun[];
  files: readonly WorkspaceFile[];
  fixLimit: number;
  resumedAfterReload?: boolean;
  /** This tab's executor works on the plan now. */
  running: boolean;
  /** Steps waiting for the user's accept or reject. */
  awaitingReview: readonly string[];
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  onSkip: (stepId: string) => void;
  onRetry: (stepId: string) => void;
  onAccept: (stepId: string) => void;
  onReject: (stepId: string) => void;
  onSaveFile: (file: WorkspaceFile, content: string) => Promise<boolean>;
  /** Switches the plan's model and resumes (offered with an error that a model choice can fix). */
  onUseModel: (model: string) => void;
}) {
  const { status } = plan;
  const steps = plan.plan.steps;
  const finished = steps.filter((s) => DONE.has(runOf(runs, plan.id, s.id).status)).length;
  // The same function while the steps stay the same, so the memoised workspace browser is not redrawn for nothing.
  const stepNumber = useCallback((stepId: string) => steps.findIndex((s) => s.id === stepId) + 1, [steps]);

  // Executing but not running here: waiting for the user's review, or run by another tab (which has the controls).
  const waiting = status === 'executing' && !running && awaitingReview.length > 0;
  const controls = (
    <>
      {status === 'executing' && running && (
        <button type="button" className={SECONDARY} onClick={onPause}>
          <PauseIcon className="h-3.5 w-3.5" /> Pause
        </button>
      )}
      {/* Not on a failed plan: it would fail again at once. Its step's Retry, Skip or an edit carries on. */}
      {(status === 'paused' || status === 'stopped') && (
        <button type="button" className={SECONDARY} onClick={onResume}>
          <PlayIcon className="h-3.5 w-3.5" /> Resume
        </button>
      )}
      {(status === 'executing' || status === 'paused') && (
        <button type="button" className={SECONDARY} onClick={onStop}>
          <StopIcon className="h-3.5 w-3.5" /> Stop
        </button>
      )}
    </>
  );

  return (
    <div className="space-y-4">
      {resumedAfterReload && (
        <p
          className="flex items-start gap-2 rounded-lg border border-accent/40 bg-accent-soft px-3 py-2 text-sm text-accent-text"
          data-testid="resumed-notice"
        >
          <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
          The page was reloaded while this plan ran. It picked up where it stopped: finished steps were kept.
        </p>
      )}
      {waiting && (
        <p
          className="flex items-start gap-2 rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-sm"
          role="status"
          data-testid="review-notice"
        >
          <InfoIcon className="mt-0.5 h-4 w-4 shrink-0" />
          Waiting for your review: read the files of step {awaitingReview.map((id) => stepNumber(id)).join(', ')}, then
          accept or reject them below.
        </p>
      )}
      {plan.error && (
        <PlanErrorNotice
          error={plan.error}
          model={plan.model}
          onRetry={status === 'paused' && !running ? onResume : undefined}
          onUseModel={status === 'paused' && !running ? onUseModel : undefined}
        />
      )}

      <Section id="run-steps" title={`Steps (${finished} of ${steps.length} done)`} actions={controls}>
        <ol className="space-y-2" aria-label="Steps">
          {steps.map((step, i) => (
            <StepRunItem
              key={step.id}
              step={step}
              index={i}
              planId={plan.id}
              stored={runs.find((r) => r.stepId === step.id)}
              fixLimit={fixLimit}
              // Only a plan that executes can have a step at work: a paused or stopped one shows where it stopped.
              live={status === 'executing'}
              onSkip={onSkip}
              onRetry={onRetry}
              onAccept={onAccept}
              onReject={onReject}
            />
          ))}
        </ol>
      </Section>

      <Section id="run-files" title={`Workspace (${files.length} ${files.length === 1 ? 'file' : 'files'})`}>
        <WorkspaceBrowser files={files} canEdit={!running} stepNumber={stepNumber} onSave={onSaveFile} />
      </Section>
    </div>
  );
}
