/**
 * Words for a create's failure (personal model or adapter). The app's
 * `describeError` speaks of answers for a broken stream ("the answer was cut
 * off"); a create has no answer, so its own message, which names the model
 * that was not created, is the body.
 */
import { describeError, type ErrorText } from '../core/errors-text';
import type { StoredError } from '../core/errors';

/** What the user reads when a create failed: `describeError`'s words, a create's own for a cut stream. */
export function describeCreateError(error: Pick<StoredError, 'code' | 'message' | 'details'>): ErrorText {
  if (error.code === 'stream_cut:ollama') {
    return { title: 'The create was cut off', body: error.message, actions: ['retry'] };
  }
  // describeError speaks of "this answer"; a stopped create's own message says what was sent and kept.
  if (error.code === 'aborted:user') return { title: 'Stopped', body: error.message, actions: ['retry'] };
  return describeError(error);
}
