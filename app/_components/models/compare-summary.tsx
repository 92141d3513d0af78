'use client';
import type { CompareState } from '@/lib/personal/compare/session';
import { sittingSummary } from '@/lib/personal/compare/summary';

/**
 * The end of a sitting, as `sittingSummary` words it: the checked model's
 * result against the other one, a Stop, verdicts not kept, and each
 * question's verdict. `everAsked`: whether the user has any past question
 * the check could ask (for an empty sitting).
 */
export function CompareSummary({ state, everAsked }: { state: CompareState; everAsked: boolean }) {
  const summary = sittingSummary(state, everAsked);
  if (summary.empty) {
    return (
      <p className="text-sm" data-testid="compare-summary">
        {summary.empty}
      </p>
    );
  }
  return (
    <div className="space-y-3 text-sm" data-testid="compare-summary">
      {summary.result ? (
        <p className="text-base">
          <span className="font-mono font-semibold">{summary.result.model}</span>: {summary.result.text}
        </p>
      ) : (
        <p>{summary.noResult}</p>
      )}
      {summary.stopped && <p className="text-muted">{summary.stopped}</p>}
      {summary.notKept.map((line) => (
        <p key={line} className="text-muted">
          {line}
        </p>
      ))}
      {summary.verdicts.length > 0 && (
        <ol className="space-y-1">
          {summary.verdicts.map((v) => (
            <li key={v.questionId} className="flex gap-2">
              <span className="min-w-0 flex-1 truncate text-muted">{v.question}</span>
              <span className="shrink-0 font-medium">{v.picked}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
