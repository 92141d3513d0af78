'use client';
/** A model's record in the blind check, one line per model it was compared with, live from the database. */
import { useLiveQuery } from 'dexie-react-hooks';
import { comparisonsOf } from '@/lib/personal/compare/verdicts';
import { describeWinRate, winRatesByOpponent } from '@/lib/personal/compare/win-rate';
import { useServices } from '../services';

/**
 * "Won 3, lost 1, 1 tie against qwen2.5-coder:7b" for `candidate` (its
 * verdicts in either role), against `against` only when given. Renders
 * nothing for a model never checked.
 */
export function WinRate({ candidate, against }: { candidate: string; against?: string }) {
  const { db } = useServices();
  const rows = useLiveQuery(() => comparisonsOf(db, candidate), [db, candidate]);
  const lines = winRatesByOpponent(rows ?? [], candidate).filter((o) => !against || o.against === against);
  if (lines.length === 0) return null;
  return (
    <ul
      className="mt-2 space-y-0.5 text-xs text-muted"
      data-testid="win-rate"
      aria-label={`${candidate} in the blind check`}
    >
      {lines.map(({ against: other, result }) => (
        <li key={other}>
          <span className="font-medium text-fg">{describeWinRate(result, other)}</span>
          {result.rate !== undefined && ` · ${Math.round(result.rate * 100)}% (a tie counts half)`}
        </li>
      ))}
    </ul>
  );
}
