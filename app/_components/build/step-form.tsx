'use client';
/**
 * The fields of one step the user can write (title, detail, files, the steps
 * it comes after, how it is checked), for an inline edit or a new step. It
 * stays open, with what was typed, until the edit is applied; a refusal shows
 * beside the field it is about.
 */
import { useId, useRef, useState } from 'react';
import type { StepCheck } from '@/lib/planner/types';
import type { EditProblem, StepDraft, StepField } from './planner-service';
import { INPUT, PRIMARY, SECONDARY, Spinner } from './ui';

const CHECK_KINDS: { kind: StepCheck['kind']; label: string }[] = [
  { kind: 'test', label: 'Run a test file' },
  { kind: 'run', label: 'Run a file' },
  { kind: 'preview', label: 'Render a preview' },
  { kind: 'review', label: 'Review by you' },
];

/** An empty step: a title, a detail and a review check, for "Add step". */
export const EMPTY_STEP: StepDraft = { title: '', detail: '', check: { kind: 'review', description: '' } };

/** A step the form's step can come after. */
export interface EarlierStep {
  id: string;
  title: string;
}

/** A text field; red-edged while its problem shows beside it. */
const FIELD = `${INPUT} aria-[invalid=true]:border-danger`;

const REQUIRED = <span className="font-normal text-muted"> (required)</span>;

export function StepForm({
  initial,
  submitLabel,
  earlier,
  onSubmit,
  onCancel,
}: {
  initial: StepDraft;
  submitLabel: string;
  /** The steps before this one, in order: it may come after any of them. */
  earlier: readonly EarlierStep[];
  /** Applies the step; resolves with the problems to show (the caller closes the form once it is applied). */
  onSubmit: (draft: StepDraft) => Promise<EditProblem[]>;
  onCancel: () => void;
}) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<StepDraft>(initial);
  // Typed as one line ("src/app.py, tests/test_app.py"); the service checks each path.
  const [filesText, setFilesText] = useState((initial.files ?? []).join(', '));
  const [problems, setProblems] = useState<EditProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const check = draft.check;
  const setCheck = (patch: Partial<StepCheck>) => setDraft({ ...draft, check: { ...check, ...patch } });
  const fileField = check.kind === 'test' ? 'testFile' : check.kind === 'review' ? undefined : 'entry';
  const dependsOn = draft.dependsOn ?? [];

  const problemOf = (field: StepField) => problems.find((p) => p.field === field);
  const other = problems.filter((p) => !p.field || (p.field === 'checkFile' && !fileField));
  /** What a field needs beside it: its problem's id, its state for screen readers. */
  const fieldProps = (field: StepField) => {
    const problem = problemOf(field);
    return problem ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-problem` } : {};
  };
  /** The field's problem, in words, right under it. */
  const problemBeside = (field: StepField) => {
    const problem = problemOf(field);
    return problem ? (
      <p id={`${id}-${field}-problem`} className="text-xs text-danger" data-testid="field-problem" data-field={field}>
        {problem.message}
      </p>
    ) : null;
  };

  const submit = async () => {
    const files = filesText
      .split(/[,\n]/)
      .map((f) => f.trim())
      .filter(Boolean);
    setBusy(true);
    const found = await onSubmit({ ...draft, title: draft.title.trim(), files });
    setBusy(false);
    setProblems(found);
    // The keyboard goes to the first field that needs something.
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  return (
    <form
      ref={form}
      className="space-y-3"
      noValidate
      aria-busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="space-y-1">
        <label className="block text-xs font-medium" htmlFor={`${id}-title`}>
          Title{REQUIRED}
        </label>
        <input
          id={`${id}-title`}
          className={FIELD}
          value={draft.title}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          autoFocus
          aria-required
          {...fieldProps('title')}
        />
        {problemBeside('title')}
      </div>
      <div className="space-y-1">
        <label className="block text-xs font-medium" htmlFor={`${id}-detail`}>
          What to write{REQUIRED}
        </label>
        <textarea
          id={`${id}-detail`}
          className={`${FIELD} resize-y`}
          rows={3}
          value={draft.detail}
          onChange={(e) => setDraft({ ...draft, detail: e.target.value })}
          aria-required
          {...fieldProps('detail')}
        />
        {problemBeside('detail')}
      </div>
      <div className="space-y-1">
        <label className="block text-xs font-medium" htmlFor={`${id}-files`}>
          Files it writes
        </label>
        <input
          id={`${id}-files`}
          className={`${FIELD} font-mono`}
          value={filesText}
          onChange={(e) => setFilesText(e.target.value)}
          placeholder="src/app.py, tests/test_app.py"
          {...fieldProps('files')}
          aria-describedby={[problemOf('files') && `${id}-files-problem`, `${id}-files-hint`].filter(Boolean).join(' ')}
        />
        {problemBeside('files')}
        <p id={`${id}-files-hint`} className="text-xs text-muted">
          Separated by commas. Left empty, a tested or run step writes its check’s file.
        </p>
      </div>
      {earlier.length > 0 && (
        <fieldset className="space-y-1" {...fieldProps('dependsOn')}>
          <legend className="text-xs font-medium">After step(s)…</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {earlier.map((s, i) => (
              <label key={s.id} className="flex min-w-0 items-center gap-1.5 text-xs">
                <input
                  type="checkbox"
                  checked={dependsOn.includes(s.id)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      // Kept in the plan's order, as the model writes them.
                      dependsOn: earlier
                        .map((o) => o.id)
                        .filter((o) => (o === s.id ? e.target.checked : dependsOn.includes(o))),
                    })
                  }
                />
                <span className="min-w-0 break-words">
                  Step {i + 1} <span className="text-muted">{s.title}</span>
                </span>
              </label>
            ))}
          </div>
          {problemBeside('dependsOn')}
        </fieldset>
      )}
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
          <div className="space-y-1">
            <label className="mt-0 block text-xs font-medium" htmlFor={`${id}-file`}>
              {fileField === 'testFile' ? 'Test file' : 'File to run'}
              {REQUIRED}
            </label>
            <input
              id={`${id}-file`}
              className={`${FIELD} font-mono`}
              value={check[fileField] ?? ''}
              onChange={(e) => setCheck({ [fileField]: e.target.value })}
              placeholder={fileField === 'testFile' ? 'tests/test_app.py' : 'src/main.py'}
              aria-required
              {...fieldProps('checkFile')}
            />
            {problemBeside('checkFile')}
          </div>
        )}
      </div>
      <div className="space-y-1">
        <label className="block text-xs font-medium" htmlFor={`${id}-check`}>
          What the check shows{REQUIRED}
        </label>
        <input
          id={`${id}-check`}
          className={FIELD}
          value={check.description}
          onChange={(e) => setCheck({ description: e.target.value })}
          placeholder={check.kind === 'review' ? 'You read it and it says what the app does' : undefined}
          aria-required
          {...fieldProps('checkDescription')}
        />
        {problemBeside('checkDescription')}
      </div>
      {other.length > 0 && (
        <ul className="space-y-1 text-xs text-danger">
          {other.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <p className="sr-only" role="alert">
          {problems.length === 1 ? problems[0]!.message : `${problems.length} fields need something.`}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className={SECONDARY} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={PRIMARY} disabled={busy}>
          {busy && <Spinner />} {submitLabel}
        </button>
      </div>
    </form>
  );
}
