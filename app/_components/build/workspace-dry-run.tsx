'use client';
/**
 * The dry run again once a plan has run (paused, stopped, failed or done)
 * and its workspace holds files: what they would change in the attached
 * project, each with its diff against the project's file. Nothing is written.
 */
import { useState } from 'react';
import type { PlanRecord } from '@/lib/planner/types';
import { DryRun } from './dry-run';
import type { DryRunResult } from './planner-service';
import { SECONDARY } from './ui';

export function WorkspaceDryRun({
  plan,
  onSimulate,
}: {
  plan: PlanRecord;
  /** Runs the dry run (undefined: it failed and the user was told). */
  onSimulate: () => Promise<DryRunResult | undefined>;
}) {
  const [result, setResult] = useState<DryRunResult>();
  const [busy, setBusy] = useState(false);
  if (result)
    return (
      <DryRun
        plan={plan}
        simulation={result.simulation}
        patches={result.patches}
        replaced={result.replaced}
        onBack={() => setResult(undefined)}
      />
    );
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
      <button
        type="button"
        className={SECONDARY}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setResult(await onSimulate());
          setBusy(false);
        }}
      >
        Dry run
      </button>
      <span>
        {busy ? 'Comparing the workspace with the project…' : 'Compare the workspace with the project; writes nothing.'}
      </span>
    </p>
  );
}
