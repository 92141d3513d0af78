'use client';
import { useModal } from '../../_hooks/use-modal';

/**
 * A modal for the Models page's forms (native <dialog>: focus is trapped).
 * Esc closes it; while `busy` it stays open and calls `onStop` instead (when
 * the work can be stopped).
 */
export function ModelDialog({
  open,
  title,
  titleId,
  busy,
  onStop,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  titleId: string;
  busy?: boolean;
  onStop?: () => void;
  onClose: () => void;
  children: React.ReactNode;
}) {
  const ref = useModal(open);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={(e) => {
        // A create that is running is not hidden by Esc: its progress and outcome stay in view; Esc stops it when it can be.
        if (busy) {
          e.preventDefault();
          onStop?.();
        }
      }}
      aria-labelledby={titleId}
      className="m-auto max-h-[90vh] w-[40rem] max-w-[94vw] overflow-y-auto rounded-xl border border-border bg-bg p-5 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id={titleId} className="text-base font-semibold">
        {title}
      </h2>
      {open && children}
    </dialog>
  );
}

/** An error from a create as the user reads it: what happened and what to do next. */
export function CreationError({
  title,
  body,
  command,
  children,
}: {
  title: string;
  body: string;
  command?: string;
  children?: React.ReactNode;
}) {
  return (
    <div role="alert" className="mt-4 rounded-lg border border-danger/40 bg-danger-soft p-3 text-sm">
      <p className="font-medium text-danger">{title}</p>
      <p className="mt-1">{body}</p>
      {command && <code className="mt-2 block font-mono text-xs">{command}</code>}
      {children}
    </div>
  );
}

/**
 * A model dialog's buttons: Cancel (Stop while the work runs, when `onStop`
 * can end it) and the form's submit button.
 */
export function DialogActions({
  running,
  onStop,
  onCancel,
  submitLabel,
  disabled,
}: {
  running: boolean;
  onStop: () => void;
  onCancel: () => void;
  submitLabel: string;
  disabled: boolean;
}) {
  return (
    <div className="flex justify-end gap-2">
      <button
        type="button"
        onClick={running ? onStop : onCancel}
        className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle"
      >
        {running ? 'Stop' : 'Cancel'}
      </button>
      <button
        type="submit"
        disabled={disabled}
        className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
      >
        {submitLabel}
      </button>
    </div>
  );
}
