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
 * True inside a chat answer, streaming or finished (not in a model
 * comparison): its complete code blocks start their runtime ahead of a run.
 */
export const ChatAnswerContext = createContext(false);
