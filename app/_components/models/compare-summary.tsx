'use client';
/** The end of a sitting: the result against the other model, and each question's verdict. */
import type { CompareState } from '@/lib/personal/compare/session';
import { sideShownAs } from '@/lib/personal/compare/verdicts';
import { describeWinRate, winRate } from '@/lib/personal/compare/win-rate';

export function CompareSummary({ state, everAsked }: { state: CompareState; everAsked: boolean }) {
  const { baseline, candidate, rounds } = state;
  if (rounds.length === 0) {
    return (
      <p className="text-sm" data-testid="compare-summary">
        {everAsked
          ? `You have judged every past question Codelumi can ask for ${candidate} and ${baseline}. Ask a few new questions in a chat, then check again.`
          : 'The check needs a few of your own questions first: ask Codelumi something in a chat, then come back.'}
      </p>
    );
  }
  const judged = rounds.filter((r) => r.choice);
  const rows = rounds.flatMap((r) => (r.row ? [r.row] : []));
  const result = winRate(rows, candidate, baseline);
  const notKept = judged.length - rows.length;
  return (
    <div className="space-y-3 text-sm" data-testid="compare-summary">
      {rows.length > 0 ? (
        <p className="text-base">
          <span className="font-mono font-semibold">{candidate}</span>: {describeWinRate(result, baseline)}.
        </p>
      ) : (
        <p>No verdict was given in this sitting.</p>
      )}
      {state.stopped && (
        <p className="text-muted">
          Stopped after {judged.length} of {rounds.length} questions.
          {judged.length > 0 ? ' The verdicts you gave are kept.' : ''}
        </p>
      )}
      {notKept > 0 && (
        <p className="text-muted">
          {notKept === 1 ? 'One verdict was' : `${notKept} verdicts were`} not kept: the conversation was deleted or
          kept out of learning meanwhile.
        </p>
      )}
      {judged.length > 0 && (
        <ol className="space-y-1">
          {judged.map((r) => {
            const winner = r.choice === 'same' ? undefined : sideShownAs(r.choice!, r.shownFirst);
            return (
              <li key={r.question.id} className="flex gap-2">
                <span className="min-w-0 flex-1 truncate text-muted">{r.question.text}</span>
                <span className="shrink-0 font-medium">
                  {winner ? `${winner === 'candidate' ? candidate : baseline} better` : 'About the same'}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
