/**
 * The executor's model call on the user's own Ollama: one streamed
 * /api/chat through `createOllamaClient`, abortable at any moment (while the
 * model loads too), each piece of the answer handed on as it arrives, a
 * thinking model's reasoning left out. A stream that goes silent is given
 * up (`timeout:ollama`); other failures come classified, with what to do next.
 */
import { CodelumiError, isCodelumiError } from '../core/errors';
import { idleWatch } from '../core/timing';
import { createOllamaClient, fetchStoppedBy } from '../ollama/client';
import { classifyOllamaError } from '../ollama/classify';
import { readChatChunk } from '../ollama/chat-chunk';
import { splitThinkTags } from '../response/think-tags';
import type { StepChat } from './step-attempt';

export interface StepChatOptions {
  host: string;
  model: string;
  /** num_ctx asked of Ollama (the prompt's budget is built for it). */
  contextTokens: number;
  /** The longest answer (num_predict): a step's files, so the chat's limit from Settings. */
  maxAnswerTokens?: number;
  /** Silence, once the answer streams, after which it is given up (the chat's setting); off when unset. */
  idleTimeoutMs?: number;
  keepAlive?: string;
  /** The page's origin, for the CORS advice in errors. */
  origin?: string;
  fetchImpl?: typeof fetch;
}

/** A `StepChat` on Ollama (see the module's comment). An aborted call rejects with `aborted:user`. */
export function createStepChat(options: StepChatOptions): StepChat {
  return async (messages, { signal, onToken, onLimit }) => {
    const controller = new AbortController();
    const cancel = () => controller.abort();
    if (signal.aborted) cancel();
    signal.addEventListener('abort', cancel, { once: true });
    const idle = idleWatch(options.idleTimeoutMs, cancel);
    const client = createOllamaClient(options.host, fetchStoppedBy(controller.signal, options.fetchImpl));
    let raw = '';
    let shown = 0;
    let started = false;
    let responded = false;
    try {
      const stream = await client.chat({
        model: options.model,
        messages,
        stream: true,
        ...(options.keepAlive ? { keep_alive: options.keepAlive } : {}),
        options: {
          num_ctx: options.contextTokens,
          ...(options.maxAnswerTokens ? { num_predict: options.maxAnswerTokens } : {}),
        },
      });
      responded = true;
      idle.restart();
      const stop = () => stream.abort();
      controller.signal.addEventListener('abort', stop, { once: true });
      if (controller.signal.aborted) stop();
      try {
        for await (const line of stream) {
          idle.restart();
          const chunk = readChatChunk(line);
          // Stopped by num_predict, not by the model: the files are likely cut short, and the fix prompt says so.
          if (chunk.done && chunk.done_reason === 'length') onLimit?.();
          const piece = chunk.message?.content ?? '';
          if (!piece) continue;
          started = true;
          raw += piece;
          // Only what is outside <think> tags is the answer; hand on what it grew by.
          const content = splitThinkTags(raw).content;
          if (content.length > shown && content.startsWith(content.slice(0, shown))) {
            onToken(content.slice(shown));
            shown = content.length;
          }
        }
      } finally {
        controller.signal.removeEventListener('abort', stop);
      }
      return splitThinkTags(raw).content;
    } catch (err) {
      if (signal.aborted)
        throw new CodelumiError('aborted:user', 'Stopped.', { host: options.host, model: options.model });
      if (idle.fired)
        throw new CodelumiError(
          'timeout:ollama',
          `Ollama sent nothing more for ${Math.round(options.idleTimeoutMs! / 1000)} s in the middle of a step, so the step was paused. Resume it; restart Ollama if it happens again.`,
          { host: options.host, model: options.model },
        );
      if (isCodelumiError(err)) throw err;
      throw await classifyOllamaError(err, {
        host: options.host,
        model: options.model,
        origin: options.origin,
        streamStarted: started,
        responded,
        fetchImpl: options.fetchImpl,
      });
    } finally {
      idle.stop();
      signal.removeEventListener('abort', cancel);
    }
  };
}
