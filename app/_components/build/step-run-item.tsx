'use client';
/**
 * One step while the plan runs: its live status (the model's streaming text
 * folded away while it writes), every attempt, and the step's controls
 * (skip, retry, accept or reject a review). Memoised: its props are the
 * step's own records (shared while unchanged, see shareUnchanged) and the
 * plan's actions, so a save of another step's run does not redraw it.
 */
import { memo } from 'react';
import type { PlanStep, StepRun } from '@/lib/planner/types';
import { CheckIcon, CloseIcon, RefreshIcon, SkipIcon } from '../icons';
import { AttemptDetails } from './attempt-details';
import { Badge, SECONDARY, Spinner } from './ui';
import { runOf, runTone, stepControls, stepStatusText } from './view-helpers';
import { awaitsUser } from '@/lib/planner/step-state';

export const StepRunItem = memo(function StepRunItem({
  step,
  index,
  planId,
  stored,
  fixLimit,
  live,
  onSkip,
  onRetry,
  onAccept,
  onReject,
}: {
  step: PlanStep;
  index: number;
  planId: string;
  /** The step's run; undefined until execution reaches it (shown pending). */
  stored: StepRun | undefined;
  fixLimit: number;
  /** The plan is executing (here or in another tab): false once it paused, stopped or failed. */
  live: boolean;
  onSkip: (stepId: string) => void;
  onRetry: (stepId: string) => void;
  onAccept: (stepId: string) => void;
  onReject: (stepId: string) => void;
}) {
  const run = stored ?? runOf([], planId, step.id);
  const controls = stepControls(run);
  const waiting = awaitsUser(run);
  const active = live && !waiting && (run.status === 'writing' || run.status === 'checking' || run.status === 'fixing');
  const last = run.attempts.at(-1);
  const streaming = active && (run.status === 'writing' || run.status === 'fixing') ? last?.answer : undefined;
  const n = index + 1;
  const titleId = `run-${step.id}-title`;

  return (
    <li
      className={`rounded-lg border bg-bg p-3 ${run.status === 'failed' ? 'border-danger/50' : active ? 'border-accent/50' : 'border-border'}`}
      aria-labelledby={titleId}
      data-testid="run-step"
      data-status={waiting ? 'awaiting-review' : run.status}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span
          className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold"
          aria-hidden="true"
        >
          {n}
        </span>
        <h3 id={titleId} className="min-w-0 flex-1 basis-48 break-words text-sm font-semibold">
          <span className="sr-only">Step {n}: </span>
          {step.title}
        </h3>
        <Badge tone={runTone(run)} testId="run-step-status">
          {active && (
            <span className="mr-1">
              <Spinner />
            </span>
          )}
          {stepStatusText(run, fixLimit)}
        </Badge>
      </div>

      {run.status === 'failed' && last?.check?.message && (
        <p className="mt-2 break-words sm:pl-8 text-xs text-danger">{last.check.message}</p>
      )}
      {controls.review && (
        <p className="mt-2 sm:pl-8 text-xs text-muted">
          {last?.kind === 'user-edit' && run.status === 'failed'
            ? 'You edited this step’s files: accept them as they are, or reject them.'
            : step.check.kind === 'preview'
              ? 'This page cannot be previewed here (only HTML pages and React components can): look at its files below and accept or reject them.'
              : `Nothing can run this step’s check: look at its files (${step.check.description || 'below'}) and accept or reject them.`}
        </p>
      )}

      {streaming !== undefined && (
        <details className="mt-2 sm:pl-8">
          <summary className="cursor-pointer text-xs text-accent-text">
            Model output so far ({streaming.length.toLocaleString('en')} characters)
          </summary>
          <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded-md border border-border bg-code-bg p-2 font-mono text-xs">
            {streaming}
          </pre>
        </details>
      )}

      {run.attempts.length > 0 && (
        <div className="mt-2 space-y-1.5 sm:pl-8">
          {run.attempts.map((a) => (
            <AttemptDetails key={a.n} attempt={a} />
          ))}
        </div>
      )}

      {(controls.skip || controls.retry || controls.review) && (
        <div className="mt-2 flex flex-wrap gap-2 sm:pl-8" role="group" aria-label={`Step ${n} controls`}>
          {controls.review && (
            <>
              <button type="button" className={SECONDARY} onClick={() => onAccept(step.id)}>
                <CheckIcon className="h-3.5 w-3.5" /> Accept
              </button>
              <button type="button" className={SECONDARY} onClick={() => onReject(step.id)}>
                <CloseIcon className="h-3.5 w-3.5" /> Reject
              </button>
            </>
          )}
          {controls.retry && (
            <button type="button" className={SECONDARY} onClick={() => onRetry(step.id)} aria-label={`Retry step ${n}`}>
              <RefreshIcon className="h-3.5 w-3.5" /> Retry
            </button>
          )}
          {controls.skip && (
            <button type="button" className={SECONDARY} onClick={() => onSkip(step.id)} aria-label={`Skip step ${n}`}>
              <SkipIcon className="h-3.5 w-3.5" /> Skip
            </button>
          )}
        </div>
      )}
    </li>
  );
});
