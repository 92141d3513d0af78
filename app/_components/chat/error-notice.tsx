'use client';
/** An error with its explanation and next steps (buttons), as describeError words it. */
import { useRouter } from 'next/navigation';
import type { StoredError } from '@/lib/core/errors';
import { describeError, type ErrorAction } from '@/lib/core/errors-text';
import { usePulls } from '../../_hooks/use-pulls';
import { useServices } from '../services';
import { AlertIcon } from '../icons';
import { CopyText } from '../copy-text';
import { PullProgressRow } from '../models/pull-progress';

export interface ErrorNoticeProps {
  error: Pick<StoredError, 'code' | 'message' | 'details'>;
  hasPartial?: boolean;
  onRetry?: () => void;
  onContinue?: () => void;
  onDismiss?: () => void;
  /** "Choose another model" where there is no model picker to focus (the model check closes its dialog). */
  onChooseModel?: () => void;
  compact?: boolean;
}

const LABELS: Record<ErrorAction, string> = {
  retry: 'Try again',
  continue: 'Continue',
  'pull-model': 'Download model',
  'choose-model': 'Choose another model',
  'open-settings': 'Open Settings',
  'open-models': 'Open Models',
};

export function ErrorNotice({ error, hasPartial, onRetry, onContinue, onDismiss, onChooseModel }: ErrorNoticeProps) {
  const text = describeError(error, hasPartial);
  const router = useRouter();
  const { pulls } = useServices();
  const pull = usePulls().find((p) => p.model === error.details?.model);
  const handlers: Partial<Record<ErrorAction, (() => void) | undefined>> = {
    retry: onRetry,
    continue: onContinue,
    'pull-model': error.details?.model ? () => pulls.start(error.details!.model!) : undefined,
    'choose-model': onChooseModel ?? (() => document.getElementById('model-picker')?.focus()),
    'open-settings': () => router.push('/settings/'),
    'open-models': () => router.push('/models/'),
  };
  // Once the missing model has been downloaded, trying again is the next step.
  const installed = error.code === 'not_found:model' && pull?.status === 'done';
  const offered: ErrorAction[] = installed ? ['retry', ...text.actions] : text.actions;
  const actions = offered.filter((a) => handlers[a] && !(a === 'pull-model' && pull && pull.status !== 'failed'));
  return (
    <div
      role="alert"
      className="rounded-lg border border-danger/40 bg-danger-soft p-4 text-sm"
      data-error-code={error.code}
    >
      <div className="flex items-start gap-2.5">
        <AlertIcon className="mt-0.5 h-4 w-4 shrink-0 text-danger" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold">{text.title}</p>
          <p className="mt-1 text-fg/90">{text.body}</p>
          {text.command && <CopyText text={text.command} label={text.commandLabel} />}
          {pull && (
            <div className="mt-3">
              <PullProgressRow state={pull} />
            </div>
          )}
          {(actions.length > 0 || onDismiss) && (
            <div className="mt-3 flex flex-wrap gap-2">
              {actions.map((a, i) => (
                <button
                  key={a}
                  type="button"
                  onClick={handlers[a]}
                  className={
                    i === 0
                      ? 'rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg hover:opacity-90'
                      : 'rounded-md border border-border bg-bg px-3 py-1.5 font-medium hover:bg-subtle'
                  }
                >
                  {a === 'retry' && pull?.status === 'done' ? 'Try again now' : LABELS[a]}
                </button>
              ))}
              {onDismiss && (
                <button type="button" onClick={onDismiss} className="rounded-md px-3 py-1.5 text-muted hover:bg-subtle">
                  Dismiss
                </button>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
