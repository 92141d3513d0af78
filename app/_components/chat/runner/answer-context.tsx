'use client';
import { createContext, useContext } from 'react';
import type { Message } from '@/lib/db/records';

/** The finished answer whose code blocks may run (absent while it streams: code runs only once complete). */
export const AnswerContext = createContext<{ message: Message; content: string } | null>(null);

export function useAnswer() {
  return useContext(AnswerContext);
}
