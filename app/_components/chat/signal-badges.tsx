'use client';
/**
 * What Codelumi noticed about an answer (copied, ran, said thanks, asked
 * again …), shown quietly under it with the evidence and how sure it is on
 * hover or focus. Never a question to the user; but each badge can be set
 * right ("Not right?"), which removes it or turns it into what it was.
 */
import { useState } from 'react';
import type { Signal } from '@/lib/core/records';
import { SIGNAL_SPECS, TEXT_TARGETS, type CorrectionTarget, type SignalKind } from '@/lib/signals/kinds';
import { useServices } from '../services';
import { useToasts } from '../toasts';

/** The answer's signals (from useAnswerSignals, which the avatar reads too). */
export function SignalBadges({ signals }: { signals: readonly Signal[] | undefined }) {
  if (!signals || signals.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap items-start gap-1.5" aria-label="What Codelumi learned from this answer">
      {signals.map((s) => (
        <SignalBadge key={s.id} signal={s} />
      ))}
    </ul>
  );
}

/** "82 % sure", "you set this" for a signal the user set, and who else judged it. */
export function sureness(signal: Pick<Signal, 'confidence' | 'correctedFrom' | 'judged'>): string {
  if (signal.correctedFrom) return 'you set this';
  const sure = `${Math.round(signal.confidence * 100)} % sure`;
  return signal.judged ? `${sure}, checked by ${signal.judged.model}` : sure;
}

function SignalBadge({ signal: s }: { signal: Signal }) {
  const { db } = useServices();
  const toasts = useToasts();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const spec = SIGNAL_SPECS[s.kind as SignalKind];
  const label = spec?.label ?? s.kind;
  const positive = s.polarity > 0;
  const targets: CorrectionTarget[] = [
    'none',
    ...(s.source === 'text' ? TEXT_TARGETS.filter((k) => k !== s.kind) : []),
  ];

  async function correct(to: CorrectionTarget) {
    setBusy(true);
    try {
      // Loaded on first use: it carries the detector's model, which the chat page does not need until then.
      const { correctSignal } = await import('@/lib/learning/engine/corrections');
      await correctSignal(db, s.id, to);
      setOpen(false);
      toasts.show({
        tone: 'success',
        text:
          to === 'none'
            ? `Removed “${label}”. Codelumi will read messages like that differently.`
            : `Changed to “${SIGNAL_SPECS[to].label}”.`,
      });
    } catch (err) {
      toasts.show({
        tone: 'error',
        text: `Could not correct the signal: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="flex flex-col gap-1">
      <span className="inline-flex items-center gap-1">
        <span
          tabIndex={0}
          title={`${s.evidence}\n(${sureness(s)})`}
          aria-label={`${label}: ${s.evidence} (${sureness(s)})`}
          data-signal={s.kind}
          data-corrected={s.correctedFrom ? 'true' : undefined}
          data-judged={s.judged && !s.correctedFrom ? 'true' : undefined}
          className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-[11px] ${
            positive ? 'border-ok/30 bg-ok-soft text-ok' : 'border-danger/30 bg-danger-soft text-danger'
          }`}
        >
          <span aria-hidden="true">{positive ? '+' : '−'}</span>
          {label}
          {s.correctedFrom && <span className="opacity-70">· corrected</span>}
          {!s.correctedFrom && s.judged && <span className="opacity-70">· checked</span>}
        </span>
        <button
          type="button"
          className="rounded px-1 text-[11px] text-muted underline-offset-2 hover:underline"
          aria-expanded={open}
          aria-label={`Not right: ${label}`}
          onClick={() => setOpen((o) => !o)}
        >
          Not right?
        </button>
      </span>
      {open && (
        <div role="group" aria-label={`What was “${label}” really?`} className="flex flex-wrap gap-1 text-[11px]">
          {targets.map((to) => (
            <button
              key={to}
              type="button"
              disabled={busy}
              className="rounded border border-border px-1.5 py-0.5 hover:bg-accent-soft disabled:opacity-50"
              onClick={() => void correct(to)}
            >
              {to === 'none' ? 'Nothing: remove it' : `It was: ${SIGNAL_SPECS[to].label}`}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
