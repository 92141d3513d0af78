'use client';
import { shareNoticeText, type ShareNotice } from '@/lib/pwa/share-import';
import { CloseIcon } from '../icons';

/** Says that the draft came from a share (or why nothing came), above the message box. */
export function SharedNotice({ notice, onDismiss }: { notice: ShareNotice; onDismiss: () => void }) {
  const text = shareNoticeText(notice);
  return (
    <div
      role="status"
      data-testid="shared-notice"
      className={`flex items-start gap-3 rounded-xl border px-4 py-3 text-sm ${
        text.tone === 'error' ? 'border-danger/40 bg-danger-soft' : 'border-accent/30 bg-accent-soft'
      }`}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">{text.title}</p>
        <p className="mt-0.5 text-muted">{text.body}</p>
      </div>
      <button
        type="button"
        onClick={onDismiss}
        className="rounded-md p-1 text-muted hover:text-fg"
        aria-label="Dismiss"
      >
        <CloseIcon className="h-3.5 w-3.5" />
      </button>
    </div>
  );
}
