'use client';
import { useContext, useEffect } from 'react';
import type { RunnerLanguage } from '@/lib/runner/languages';
import { ServicesContext } from '../_components/services';
import { ChatAnswerContext } from '../_components/chat/runner/answer-context';

/**
 * Starts a code block's runtime ahead of its run as soon as the block is
 * complete (RunBoard.warmUp 'appeared': Python starts loading in the sandbox
 * while the answer still streams or right after a conversation with it
 * opens, where Python runs automatically). Only in
 * a chat answer: code in a model comparison does not run. Outside the app
 * shell (no services) it does nothing.
 */
export function useWarmUp(runner: RunnerLanguage | undefined): void {
  const services = useContext(ServicesContext);
  const inChat = useContext(ChatAnswerContext);
  useEffect(() => {
    if (runner && inChat) services?.runner.warmUp(runner, 'appeared');
  }, [services, runner, inChat]);
}
