'use client';
/** A button that opens the blind check of `candidate` against `baseline` (the Models page, a personal model's versions). */
import { useState } from 'react';
import { CompareDialog } from './compare-dialog';

export function CompareButton({
  baseline,
  candidate,
  label = 'Compare',
  disabled,
}: {
  baseline: string;
  candidate: string;
  label?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        disabled={disabled || !baseline || !candidate || baseline === candidate}
        onClick={() => setOpen(true)}
        className="rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium hover:bg-subtle disabled:opacity-50"
        aria-label={label === 'Compare' ? `Compare ${candidate} with ${baseline}` : undefined}
      >
        {label}
      </button>
      {open && <CompareDialog baseline={baseline} candidate={candidate} onClose={() => setOpen(false)} />}
    </>
  );
}
