'use client';
/**
 * Short notices at the bottom of the window ("Conversation deleted · Undo").
 * Announced politely to screen readers; each can carry one action. The
 * notices themselves live in lib/services/toasts.
 */
import type { ToastApi } from '@/lib/services/toasts';
import { CloseIcon } from './icons';
import { useServices } from './services';
import { useStore } from '../_hooks/use-store';

export type { Toast, ToastApi } from '@/lib/services/toasts';

/** Shows and dismisses the tab's notices (lib/services/toasts). */
export function useToasts(): ToastApi {
  return useServices().toasts;
}

/** Renders the tab's notices below `children`. */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const { toasts: notices } = useServices();
  const toasts = useStore(notices.state);
  const { dismiss } = notices;
  return (
    <>
      {children}
      <div
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4"
        role="status"
        aria-live="polite"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`pointer-events-auto flex max-w-md items-center gap-3 rounded-lg border px-4 py-2.5 text-sm shadow-lg ${
              t.tone === 'error' ? 'border-danger/40 bg-danger-soft text-fg' : 'border-border bg-panel text-fg'
            }`}
          >
            <span className="min-w-0 flex-1">{t.text}</span>
            {t.action && (
              <button
                type="button"
                className="font-semibold text-accent-text hover:underline"
                onClick={() => {
                  t.action!.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            )}
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              className="text-muted hover:text-fg"
              aria-label="Dismiss"
            >
              <CloseIcon className="h-3.5 w-3.5" />
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
