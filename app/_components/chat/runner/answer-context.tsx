'use client';
import { createContext, useContext } from 'react';
import type { Message } from '@/lib/core/records';
import type { ProcessedBlock } from '@/lib/response/response';

/** A finished answer whose code blocks may run, with its blocks as the Response Processor sees them. */
export interface RunnableAnswer {
  message: Message;
  content: string;
  blocks: ProcessedBlock[];
}

/** The finished answer whose code blocks may run (absent while it streams: code runs only once complete). */
export const AnswerContext = createContext<RunnableAnswer | null>(null);

export function useAnswer() {
  return useContext(AnswerContext);
}

/**
 * True inside the chat answer this tab is streaming: its complete Python
 * blocks that will run by themselves when it ends start Python loading
 * ahead (RunBoard.warmUp). False for answers from history, answers
 * streaming in another tab, and model comparisons.
 */
export const StreamingAnswerContext = createContext(false);
