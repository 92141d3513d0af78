'use client';
import { useContext, useEffect } from 'react';
import type { RunnerLanguage } from '@/lib/runner/languages';
import { ServicesContext } from '../_components/services';
import { StreamingAnswerContext } from '../_components/chat/runner/answer-context';

/**
 * Starts a complete code block's runtime ahead of its run while this tab
 * streams its answer (RunBoard.warmUp 'streaming': only Python that the
 * auto-run will run when the answer ends). Nothing for answers from history,
 * answers streaming in another tab, or model comparisons. Outside the app
 * shell (no services) it does nothing.
 */
export function useWarmUp(runner: RunnerLanguage | undefined, code: string): void {
  const services = useContext(ServicesContext);
  const streaming = useContext(StreamingAnswerContext);
  useEffect(() => {
    if (runner && streaming) services?.runner.warmUp({ runner, code }, 'streaming');
  }, [services, runner, code, streaming]);
}
