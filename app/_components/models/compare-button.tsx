'use client';
/** A button that opens the blind check of `candidate` against `baseline` (the Models page, a personal model's versions). */
import { useState } from 'react';
import { CompareDialog } from './compare-dialog';

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
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        disabled={disabled || !baseline || !candidate || baseline === candidate}
        onClick={() => setOpen(true)}
        className={
          primary
            ? 'rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-50'
            : 'rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium hover:bg-subtle disabled:opacity-50'
        }
        aria-label={label === 'Compare' ? `Compare ${candidate} with ${baseline}` : undefined}
      >
        {label}
      </button>
      {open && <CompareDialog baseline={baseline} candidate={candidate} onClose={() => setOpen(false)} />}
    </>
  );
}
