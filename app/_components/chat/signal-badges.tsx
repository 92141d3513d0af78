'use client';
/**
 * What Codelumi noticed about an answer (copied, ran, said thanks, asked
 * again …), shown quietly under it with the evidence on hover or focus.
 * Never a question to the user.
 */
import type { Signal } from '@/lib/db/records';
import { SIGNAL_SPECS, type SignalKind } from '@/lib/learning/kinds';

/** The answer's signals (from useAnswerSignals, which the avatar reads too). */
export function SignalBadges({ signals }: { signals: readonly Signal[] | undefined }) {
  if (!signals || signals.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="What Codelumi learned from this answer">
      {signals.map((s) => {
        const spec = SIGNAL_SPECS[s.kind as SignalKind];
        const positive = s.polarity > 0;
        return (
          <li key={s.id}>
            <span
              tabIndex={0}
              title={s.evidence}
              aria-label={`${spec?.label ?? s.kind}: ${s.evidence}`}
              data-signal={s.kind}
              className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-[11px] ${
                positive ? 'border-ok/30 bg-ok-soft text-ok' : 'border-danger/30 bg-danger-soft text-danger'
              }`}
            >
              <span aria-hidden="true">{positive ? '+' : '−'}</span>
              {spec?.label ?? s.kind}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
