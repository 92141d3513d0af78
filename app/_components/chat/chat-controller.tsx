'use client';
import { createContext, useContext } from 'react';
import type { CopyEventData, Message } from '@/lib/core/records';
import type { SendFollowUp } from '@/lib/runner/board';

/** What a message in the list can ask the chat to do. */
export interface ChatController {
  /** Answers again as a new branch; `exclude` drops context items (by id) chosen in the prompt inspector. */
  regenerate(answer: Message, options?: { exclude?: string[] }): void;
  continueAnswer(answer: Message): void;
  edit(question: Message, text: string): Promise<boolean>;
  selectBranch(messageId: string): void;
  recordCopy(message: Message, what: NonNullable<CopyEventData['what']>, extra?: Omit<CopyEventData, 'what'>): void;
  /** Asks a follow-up (Fix it, Write tests) at the end of the conversation; resolves once the answer started. */
  sendFollowUp: SendFollowUp;
  /** True while an answer in this conversation streams in this tab. */
  busy: boolean;
}

export const ChatControllerContext = createContext<ChatController | null>(null);

export function useChatController(): ChatController {
  const c = useContext(ChatControllerContext);
  if (!c) throw new Error('useChatController must be used inside the chat page');
  return c;
}
