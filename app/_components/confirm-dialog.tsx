'use client';
import { useModal } from '../_hooks/use-modal';

/** A modal yes/no question (native <dialog>: focus is trapped, Esc cancels). */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  danger,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  body: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useModal(open);
  return (
    <dialog
      ref={ref}
      onClose={onCancel}
      aria-labelledby="confirm-title"
      className="m-auto w-[28rem] max-w-[92vw] rounded-xl border border-border bg-bg p-5 text-fg shadow-xl backdrop:bg-black/40"
    >
      <h2 id="confirm-title" className="text-base font-semibold">
        {title}
      </h2>
      <div className="mt-2 text-sm text-muted">{body}</div>
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle" autoFocus>
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          className={`rounded-md px-3 py-1.5 text-sm font-medium text-white ${danger ? 'bg-red-700 hover:bg-red-800' : 'bg-accent hover:opacity-90'}`}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
