'use client';
/** One try at a step, expandable: the prompt sent, the model's answer, the files it wrote and the check's outcome with its output. */
import { memo } from 'react';
import type { CheckOutcome, StepAttempt } from '@/lib/planner/types';
import { Badge } from './ui';
import type { Tone } from './view-helpers';

const KIND_LABEL: Record<StepAttempt['kind'], string> = { write: 'Write', fix: 'Fix', 'user-edit': 'Your edit' };

const OUTCOME: Record<CheckOutcome['status'], { label: string; tone: Tone }> = {
  ok: { label: 'check passed', tone: 'ok' },
  error: { label: 'check failed', tone: 'danger' },
  timeout: { label: 'check timed out', tone: 'warn' },
  accepted: { label: 'accepted', tone: 'ok' },
  rejected: { label: 'rejected', tone: 'danger' },
};

function Block({ label, text }: { label: string; text: string }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs text-accent-text">{label}</summary>
      <pre
        className="mt-1 max-h-72 overflow-auto whitespace-pre-wrap break-words rounded-md border border-border bg-code-bg p-2 font-mono text-xs"
        tabIndex={0}
      >
        {text}
      </pre>
    </details>
  );
}

/** Memoised: an attempt that ended keeps its object (shareUnchanged), so it is drawn once, not on every save of its step. */
export const AttemptDetails = memo(function AttemptDetails({ attempt }: { attempt: StepAttempt }) {
  const check = attempt.check;
  const counts = check && check.passed + check.failed > 0 ? ` · ${check.passed} passed, ${check.failed} failed` : '';
  return (
    <details className="rounded-md border border-border bg-bg px-3 py-2" data-testid="attempt">
      <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-xs">
        <span className="font-medium">
          Attempt {attempt.n} · {attempt.recheckAfter ? 'Check again' : KIND_LABEL[attempt.kind]}
        </span>
        {attempt.interrupted && <Badge tone="warn">cut off</Badge>}
        {attempt.cutAtLimit && <Badge tone="warn">stopped at the answer limit</Badge>}
        {check ? (
          <Badge tone={OUTCOME[check.status].tone}>{OUTCOME[check.status].label}</Badge>
        ) : (
          !attempt.finishedAt && <span className="text-muted">in progress</span>
        )}
        {counts && <span className="text-muted">{counts.slice(3)}</span>}
      </summary>
      {attempt.files.length > 0 && (
        <p className="mt-2 flex flex-wrap items-center gap-1 text-xs">
          <span className="text-muted">Wrote:</span>
          {attempt.files.map((f) => (
            <code key={f} className="break-all rounded bg-subtle px-1.5 py-0.5 font-mono">
              {f}
            </code>
          ))}
        </p>
      )}
      {attempt.recheckAfter && (
        <p className="mt-2 text-xs text-muted">
          Checked again with no model call, because step {attempt.recheckAfter} changed.
        </p>
      )}
      {attempt.warnings && attempt.warnings.length > 0 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs text-warn" aria-label="About this answer">
          {attempt.warnings.map((w, i) => (
            <li key={i} className="break-words">
              {w}
            </li>
          ))}
        </ul>
      )}
      {check?.message && <p className="mt-2 break-words text-xs text-danger">{check.message}</p>}
      {attempt.prompt && <Block label="Prompt sent" text={attempt.prompt} />}
      {attempt.answer && <Block label="Model's answer" text={attempt.answer} />}
      {check?.output && <Block label="Check output" text={check.output} />}
    </details>
  );
});
