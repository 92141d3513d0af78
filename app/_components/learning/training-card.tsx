'use client';
/**
 * The Learning page's "Training data" card: what the export holds and the
 * button that opens it (the dialog loads on first use).
 */
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { DownloadIcon } from '../icons';

const TrainingExportDialog = dynamic(() => import('./training-export-dialog').then((m) => m.TrainingExportDialog), {
  ssr: false,
});

/** The card on the Learning page; the export dialog is mounted only while open (and unmounted when it closes). */
export function TrainingCard() {
  const [open, setOpen] = useState(false);
  return (
    <section
      id="training-data"
      aria-labelledby="training-data-title"
      className="rounded-xl border border-border bg-panel p-5"
      data-testid="training-card"
    >
      <h2 id="training-data-title" className="text-sm font-semibold">
        Training data
      </h2>
      <div className="mt-3 space-y-3 text-sm">
        <p>
          Take what Codelumi learned with you: answers that went well as fine-tuning examples, and preference pairs from
          your corrections, the regenerations you kept and the code that passed after a fix. The files suit TRL,
          Axolotl, Unsloth and mlx-lm, with a data card saying how they were chosen.
        </p>
        <p className="text-muted">
          Anonymized by default. You see the counts and samples before anything is written, and the file stays on this
          device until you share it.
        </p>
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="inline-flex items-center gap-1.5 rounded-md border border-border px-2.5 py-1 text-sm hover:bg-subtle"
        >
          <DownloadIcon className="h-4 w-4" /> Export training data…
        </button>
      </div>
      {open && <TrainingExportDialog onClose={() => setOpen(false)} />}
    </section>
  );
}
