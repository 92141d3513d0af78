'use client';
/**
 * The open plan: its editor while it is planned and edited, the dry run once
 * asked for, then its execution, the way to take its files, and what
 * Codelumi learned from it; or, when planning did not finish, why and Plan again. Which one shows follows the plan's status.
 */
import Link from 'next/link';
import { memo, useState } from 'react';
import type { WorkspaceFile } from '@/lib/planner/types';
import { planningFailed } from '@/lib/planner/plan-error';
import { BrainIcon } from '../icons';
import { Delivery } from './delivery';
import { DryRun } from './dry-run';
import { ExecutionView } from './execution-view';
import { PlanAnnouncer } from './plan-announcer';
import { PlanEditor } from './plan-editor';
import { PlanningFailed } from './planning-failed';
import { WorkspaceDryRun } from './workspace-dry-run';
import type {
  DryRunResult,
  EditResult,
  FolderWritePreview,
  FolderWriteReport,
  PlanEditOp,
  PlanSnapshot,
} from './planner-service';
import { Badge } from './ui';
import { PLAN_STATUS_LABEL, isEditable, planTone } from './view-helpers';

/** What the open plan's buttons do; each resolves once the service has it (undefined results: it failed and the user was told). */
export interface PlanActions {
  edit: (op: PlanEditOp) => Promise<EditResult | undefined>;
  replan: (stepId: string, note?: string) => Promise<EditResult | undefined>;
  /** Runs the dry run. */
  simulate: () => Promise<DryRunResult | undefined>;
  execute: () => void;
  pause: () => void;
  resume: () => void;
  stop: () => void;
  skip: (stepId: string) => void;
  retry: (stepId: string) => void;
  accept: (stepId: string) => void;
  reject: (stepId: string) => void;
  saveFile: (file: WorkspaceFile, content: string) => Promise<boolean>;
  downloadZip: () => Promise<void>;
  prepareFolderWrite: () => Promise<FolderWritePreview | undefined>;
  writeFolder: (accepted: string[]) => Promise<FolderWriteReport | undefined>;
  /** A plan whose planning failed: plans its request again with `model`. */
  planAgain: (model: string) => Promise<void>;
  /** A plan that is not running: its next steps use `model`, and it resumes. */
  useModel: (model: string) => void;
  remove: () => void;
}

/** Memoised: a snapshot that brought nothing new is the same object (shareUnchanged), and draws nothing. */
export const PlanView = memo(function PlanView({
  snapshot,
  projectName,
  actions,
}: {
  snapshot: PlanSnapshot;
  /** The attached project's name, when the plan targets one. */
  projectName?: string;
  actions: PlanActions;
}) {
  const { plan, steps: runs, files, fixLimit } = snapshot;
  // The dry run shown, until the user goes back to the plan (an edit makes it stale, so it is not kept).
  const [dryRun, setDryRun] = useState<DryRunResult>();
  const [simulating, setSimulating] = useState(false);
  const editable = isEditable(plan);
  const failedPlanning = planningFailed(plan);
  const showDryRun = editable && !!dryRun;
  const waitingForReview = plan.status === 'executing' && !snapshot.running && snapshot.awaitingReview.length > 0;

  const simulate = async () => {
    setSimulating(true);
    setDryRun(await actions.simulate());
    setSimulating(false);
  };

  return (
    <article aria-labelledby="plan-title" className="space-y-4" data-testid="plan-view" data-status={plan.status}>
      <PlanAnnouncer plan={plan} runs={runs} fixLimit={fixLimit} />
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id="plan-title" className="min-w-0 flex-1 break-words text-lg font-semibold">
          {plan.title}
        </h2>
        <Badge tone={waitingForReview ? 'warn' : planTone(plan.status)} testId="plan-status">
          {showDryRun
            ? 'Dry run'
            : failedPlanning
              ? PLAN_STATUS_LABEL['planning-failed']
              : waitingForReview
                ? 'Waiting for your review'
                : PLAN_STATUS_LABEL[plan.status]}
        </Badge>
        <p className="w-full text-xs text-muted">
          <span className="font-mono">{plan.model}</span>
          {projectName && <> · for {projectName}</>}
          {plan.conversationId && (
            <>
              {' · '}
              <Link href={`/?c=${encodeURIComponent(plan.conversationId)}`} className="text-accent-text underline">
                From a chat
              </Link>
            </>
          )}
        </p>
      </header>

      {simulating && (
        <p className="text-sm text-muted" role="status">
          Running the dry run…
        </p>
      )}

      {editable && !showDryRun && (
        <PlanEditor
          plan={plan}
          planning={snapshot.planning}
          onEdit={actions.edit}
          onReplan={actions.replan}
          onStop={actions.stop}
          onDryRun={() => void simulate()}
        />
      )}
      {showDryRun && (
        <DryRun
          plan={plan}
          simulation={dryRun.simulation}
          patches={dryRun.patches}
          replaced={dryRun.replaced}
          onBack={() => setDryRun(undefined)}
          onExecute={actions.execute}
        />
      )}

      {failedPlanning && <PlanningFailed plan={plan} onPlanAgain={actions.planAgain} onDelete={actions.remove} />}
      {!editable && !failedPlanning && (
        <ExecutionView
          plan={plan}
          runs={runs}
          files={files}
          fixLimit={fixLimit}
          resumedAfterReload={snapshot.resumedAfterReload}
          running={snapshot.running}
          awaitingReview={snapshot.awaitingReview}
          onPause={actions.pause}
          onResume={actions.resume}
          onStop={actions.stop}
          onSkip={actions.skip}
          onRetry={actions.retry}
          onAccept={actions.accept}
          onReject={actions.reject}
          onSaveFile={actions.saveFile}
          onUseModel={actions.useModel}
        />
      )}
      {!editable && plan.status !== 'executing' && files.length > 0 && plan.projectId && (
        <WorkspaceDryRun plan={plan} onSimulate={actions.simulate} />
      )}
      {!editable && plan.status !== 'executing' && files.length > 0 && (
        <Delivery
          fileCount={files.length}
          projectName={plan.projectId ? projectName : undefined}
          onDownloadZip={actions.downloadZip}
          onPrepareFolderWrite={actions.prepareFolderWrite}
          onWriteFolder={actions.writeFolder}
        />
      )}
      {snapshot.learned && snapshot.learned.length > 0 && (
        <p
          className="flex items-start gap-2 rounded-lg border border-border bg-panel px-3 py-2 text-sm"
          data-testid="plan-learned"
        >
          <BrainIcon className="mt-0.5 h-4 w-4 shrink-0 text-accent-text" />
          <span>
            Codelumi learned from this plan: {snapshot.learned.join(' ')}{' '}
            <Link href="/learning/" className="text-accent-text underline">
              See Learning
            </Link>
          </span>
        </p>
      )}
    </article>
  );
});
