'use client';
/** Says politely, for screen readers, when the plan or one of its steps reaches a new status. */
import { useState } from 'react';
import type { PlanRecord, StepRun } from '@/lib/planner/types';
import { PLAN_STATUS_ANNOUNCEMENT, statusAnnouncement } from './view-helpers';

export function PlanAnnouncer({
  plan,
  runs,
  fixLimit,
}: {
  plan: PlanRecord;
  runs: readonly StepRun[];
  fixLimit: number;
}) {
  const [seen, setSeen] = useState({ planId: plan.id, status: plan.status, runs });
  const [text, setText] = useState('');
  // Compared during render (React's pattern for state derived from a change), so nothing is announced twice.
  if (seen.planId !== plan.id) {
    setSeen({ planId: plan.id, status: plan.status, runs });
    setText('');
  } else if (seen.status !== plan.status || seen.runs !== runs) {
    const said = [
      seen.status !== plan.status ? PLAN_STATUS_ANNOUNCEMENT[plan.status] : '',
      statusAnnouncement(plan.plan.steps, seen.runs, runs, fixLimit),
    ].filter(Boolean);
    setSeen({ planId: plan.id, status: plan.status, runs });
    if (said.length > 0) setText(said.join('. '));
  }
  return (
    <p role="status" className="sr-only" data-testid="plan-announcer">
      {text}
    </p>
  );
}
