'use client';
import { useCallback } from 'react';
import { describeError } from '@/lib/core/errors-text';
import { isCodelumiError } from '@/lib/core/errors';
import { useToasts } from '../toasts';

/** Tells the user why attaching or scanning a project failed, and what to do next; a cancelled scan is only noted. */
export function useScanFailure() {
  const toasts = useToasts();
  return useCallback(
    (err: unknown, projectName: string) => {
      if ((err as { name?: string })?.name === 'AbortError') {
        toasts.show({ text: `Stopped scanning ${projectName}. The files read so far are kept.` });
        return;
      }
      if (isCodelumiError(err)) {
        const words = describeError(err);
        toasts.show({ tone: 'error', text: `${words.title}. ${words.body}`, durationMs: 12_000 });
        return;
      }
      toasts.show({
        tone: 'error',
        text: `Could not scan ${projectName}: ${err instanceof Error ? err.message : String(err)}`,
        durationMs: 12_000,
      });
    },
    [toasts],
  );
}
