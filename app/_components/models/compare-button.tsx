'use client';
import { useState } from 'react';
import { CompareDialog } from './compare-dialog';

/**
 * A button that opens the blind check of `candidate` against `baseline` (the
 * Models page's Start, a personal model's versions). The pair is taken when
 * it is pressed: props that change while the dialog is open (a pull ends and
 * the list reorders) never swap the models of the sitting in progress.
 */
export function CompareButton({
  baseline,
  candidate,
  label = 'Compare',
  disabled,
  primary,
}: {
  baseline: string;
  candidate: string;
  label?: string;
  disabled?: boolean;
  /** The main action of its section (the Models page's Start), not a small button in a list. */
  primary?: boolean;
}) {
  const [open, setOpen] = useState<{ baseline: string; candidate: string }>();
  return (
    <>
      <button
        type="button"
        disabled={disabled || !baseline || !candidate || baseline === candidate}
        onClick={() => setOpen({ baseline, candidate })}
        className={
          primary
            ? 'rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-50'
            : 'rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium hover:bg-subtle disabled:opacity-50'
        }
        aria-label={label === 'Compare' ? `Compare ${candidate} with ${baseline}` : undefined}
      >
        {label}
      </button>
      {open && <CompareDialog baseline={open.baseline} candidate={open.candidate} onClose={() => setOpen(undefined)} />}
    </>
  );
}
