'use client';
/** The fields of one step the user can write (title, detail, how it is checked), for an inline edit or a new step. */
import { useId, useState } from 'react';
import type { StepCheck } from '@/lib/planner/types';
import type { StepDraft } from './planner-service';
import { INPUT, PRIMARY, SECONDARY } from './ui';

const CHECK_KINDS: { kind: StepCheck['kind']; label: string }[] = [
  { kind: 'test', label: 'Run a test file' },
  { kind: 'run', label: 'Run a file' },
  { kind: 'preview', label: 'Render a preview' },
  { kind: 'review', label: 'Review by you' },
];

/** An empty step: a title, a detail and a review check, for "Add step". */
export const EMPTY_STEP: StepDraft = { title: '', detail: '', check: { kind: 'review', description: '' } };

export function StepForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: StepDraft;
  submitLabel: string;
  onSubmit: (draft: StepDraft) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<StepDraft>(initial);
  // Typed as one line ("src/app.py, tests/test_app.py"); the service checks each path.
  const [filesText, setFilesText] = useState((initial.files ?? []).join(', '));
  const check = draft.check;
  const setCheck = (patch: Partial<StepCheck>) => setDraft({ ...draft, check: { ...check, ...patch } });
  const fileField = check.kind === 'test' ? 'testFile' : check.kind === 'review' ? undefined : 'entry';

  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const files = filesText
          .split(/[,\n]/)
          .map((f) => f.trim())
          .filter(Boolean);
        if (draft.title.trim()) onSubmit({ ...draft, title: draft.title.trim(), files });
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <label className="block text-xs font-medium" htmlFor={`${id}-title`}>
        Title
      </label>
      <input
        id={`${id}-title`}
        className={INPUT}
        value={draft.title}
        onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        autoFocus
        required
      />
      <label className="block text-xs font-medium" htmlFor={`${id}-detail`}>
        What to write
      </label>
      <textarea
        id={`${id}-detail`}
        className={`${INPUT} resize-y`}
        rows={3}
        value={draft.detail}
        onChange={(e) => setDraft({ ...draft, detail: e.target.value })}
      />
      <label className="block text-xs font-medium" htmlFor={`${id}-files`}>
        Files it writes
      </label>
      <input
        id={`${id}-files`}
        className={`${INPUT} font-mono`}
        value={filesText}
        onChange={(e) => setFilesText(e.target.value)}
        placeholder="src/app.py, tests/test_app.py"
        aria-describedby={`${id}-files-hint`}
      />
      <p id={`${id}-files-hint`} className="text-xs text-muted">
        Separated by commas. Left empty, a tested or run step writes its check’s file.
      </p>
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <label className="block text-xs font-medium" htmlFor={`${id}-kind`}>
            Checked by
          </label>
          <select
            id={`${id}-kind`}
            className={`${INPUT} mt-1`}
            value={check.kind}
            onChange={(e) => setCheck({ kind: e.target.value as StepCheck['kind'] })}
          >
            {CHECK_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        {fileField && (
          <div>
            <label className="block text-xs font-medium" htmlFor={`${id}-file`}>
              {fileField === 'testFile' ? 'Test file' : 'File to run'}
            </label>
            <input
              id={`${id}-file`}
              className={`${INPUT} mt-1 font-mono`}
              value={check[fileField] ?? ''}
              onChange={(e) => setCheck({ [fileField]: e.target.value })}
              placeholder={fileField === 'testFile' ? 'tests/test_app.py' : 'src/main.py'}
            />
          </div>
        )}
      </div>
      <label className="block text-xs font-medium" htmlFor={`${id}-check`}>
        What the check shows
      </label>
      <input
        id={`${id}-check`}
        className={INPUT}
        value={check.description}
        onChange={(e) => setCheck({ description: e.target.value })}
      />
      <div className="flex justify-end gap-2">
        <button type="button" className={SECONDARY} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={PRIMARY} disabled={!draft.title.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
