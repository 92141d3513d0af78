'use client';
/**
 * The dry run: every file the plan would create or change (and whether it
 * would overwrite one in the project, with the project's file as it is now,
 * or its diff once the workspace has a version), which steps the sandbox can
 * check and why not, the model calls it will take, and the risks. Nothing is
 * written.
 */
import { useEffect, useRef } from 'react';
import type { PlanRecord, Simulation } from '@/lib/planner/types';
import type { DryRunResult } from './planner-service';
import { AlertIcon, ChevronLeftIcon, PlayIcon } from '../icons';
import { DiffView } from './diff-view';
import { Badge, PRIMARY, SECONDARY, Section } from './ui';

export function DryRun({
  plan,
  simulation,
  patches,
  replaced,
  onBack,
  onExecute,
}: {
  plan: PlanRecord;
  simulation: Simulation;
  /** Unified diffs against the attached project, by path, where the service computed one. */
  patches?: Record<string, string>;
  /** The project's current text of files the plan would overwrite and the workspace has no version of yet. */
  replaced?: DryRunResult['replaced'];
  onBack: () => void;
  /** Absent for a plan that has run (it is resumed from its own controls). */
  onExecute?: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The Dry run button that led here is gone: the keyboard continues from the top of the dry run.
  useEffect(() => heading.current?.focus(), []);
  const stepNumber = (id: string) => plan.plan.steps.findIndex((s) => s.id === id) + 1;
  const stepTitle = (id: string) => plan.plan.steps.find((s) => s.id === id)?.title ?? id;
  const verifiable = simulation.steps.filter((s) => s.verifiable).length;
  const { min, max } = simulation.modelCalls;

  return (
    <div className="space-y-4" data-testid="dry-run">
      <div>
        <h3 ref={heading} tabIndex={-1} className="text-sm font-semibold">
          Dry run
        </h3>
        <p className="text-sm text-muted">
          Nothing has been written.{' '}
          {onExecute
            ? 'Check what would happen, then execute.'
            : 'What the workspace’s files would change in the project.'}
        </p>
      </div>

      <Section id="dry-files" title={`Files (${simulation.files.length})`}>
        <ul className="divide-y divide-border rounded-lg border border-border bg-bg" aria-label="Files the plan writes">
          {simulation.files.map((f) => {
            const patch = patches?.[f.path];
            const current = replaced?.[f.path];
            return (
              <li key={f.path} className="px-3 py-2 text-sm" data-testid="dry-file">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="min-w-0 flex-1 basis-40 break-all font-mono text-[13px]">{f.path}</code>
                  {f.action === 'create' && <Badge tone="ok">create</Badge>}
                  {f.action === 'change' && <Badge tone="warn">change</Badge>}
                  {f.action === 'unchanged-unknown' && <Badge tone="neutral">may change</Badge>}
                </div>
                <p className="mt-0.5 text-xs text-muted">
                  By {f.stepIds.map((id) => `step ${stepNumber(id)}`).join(', ') || 'no step'}
                </p>
                {f.existsInProject && (
                  <p className="mt-1 flex items-center gap-1.5 text-xs text-warn">
                    <AlertIcon className="h-3.5 w-3.5 shrink-0" /> Exists in the project: writing it would overwrite it
                    (you accept each file before anything is written).
                  </p>
                )}
                {patch && (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-accent-text">
                      Show the difference from the project’s file
                    </summary>
                    <div className="mt-1">
                      <DiffView patch={patch} label={`Difference for ${f.path}`} />
                    </div>
                  </details>
                )}
                {!patch && current && (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-accent-text">
                      Show what it would overwrite ({lineCount(current.text)})
                    </summary>
                    <p className="mt-1 text-xs text-muted">
                      The project’s {f.path} as it is now. The plan writes its own version in its place
                      {current.cut ? '; only the beginning is shown' : ''}.
                    </p>
                    <pre
                      className="mt-1 max-h-80 overflow-auto rounded-md border border-border bg-code-bg px-3 py-2 font-mono text-xs leading-relaxed"
                      aria-label={`${f.path} now, in the project`}
                      tabIndex={0}
                      data-testid="dry-replaced"
                    >
                      {current.text}
                    </pre>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      </Section>

      <Section id="dry-steps" title={`Checks (${verifiable} of ${simulation.steps.length} steps in the sandbox)`}>
        <ol className="space-y-1.5 text-sm">
          {simulation.steps.map((s) => (
            <li key={s.stepId} className="flex flex-wrap items-start gap-x-2 gap-y-0.5">
              <span className="min-w-0 flex-1">
                {stepNumber(s.stepId)}. {stepTitle(s.stepId)}
              </span>
              {s.verifiable ? (
                <Badge tone="ok">checked in the sandbox</Badge>
              ) : (
                <Badge tone="warn">you review it</Badge>
              )}
              {!s.verifiable && s.reason && <span className="w-full pl-4 text-xs text-muted">{s.reason}</span>}
            </li>
          ))}
        </ol>
      </Section>

      {/* Only before a run: a plan that has run would count calls it already made. */}
      {onExecute && (
        <Section id="dry-calls" title="Model calls">
          <p className="text-sm" data-testid="dry-calls">
            {min === max ? `${min} calls` : `${min} to ${max} calls`} to {plan.model}: one per step, plus fixes for the
            checks that fail.
          </p>
        </Section>
      )}

      <Section id="dry-risks" title={`Risks (${simulation.risks.length})`}>
        {simulation.risks.length === 0 ? (
          <p className="text-sm text-muted">None found.</p>
        ) : (
          <ul className="space-y-1.5 text-sm">
            {simulation.risks.map((r, i) => (
              <li key={i} className="flex items-start gap-2">
                <AlertIcon className="mt-0.5 h-4 w-4 shrink-0 text-warn" />
                <span className="min-w-0 break-words">{r.message}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className={SECONDARY} onClick={onBack}>
          <ChevronLeftIcon /> {onExecute ? 'Back to plan' : 'Close the dry run'}
        </button>
        {onExecute && (
          <button type="button" className={PRIMARY} onClick={onExecute}>
            <PlayIcon className="h-3.5 w-3.5" /> Execute
          </button>
        )}
      </div>
    </div>
  );
}

/** "12 lines" (a last line without a newline counts). */
function lineCount(text: string): string {
  const n = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return `${n} line${n === 1 ? '' : 's'}`;
}
