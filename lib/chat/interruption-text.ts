/**
 * Words for an answer that stopped before its end, by why it stopped; the
 * chat shows them above Continue. Every case says what happened and that the
 * text that arrived is kept.
 */
import type { StopReason } from '../core/records';

/** One sentence or two saying why the answer stopped and what Continue does. */
export function interruptionText(reason: StopReason | undefined): string {
  switch (reason) {
    case 'user':
      return 'You stopped this answer.';
    case 'silent':
      return 'Ollama went silent in the middle of this answer (nothing arrived for longer than the wait set in Settings), so Codelumi stopped waiting. What arrived is kept; Continue asks for the rest.';
    case 'length':
      return 'This answer reached the longest-answer limit set in Settings, so Ollama stopped it there. Continue asks for the rest.';
    case 'reload':
      return 'This answer was interrupted when the page closed.';
    default:
      return 'This answer was interrupted before its end. What arrived is kept.';
  }
}
