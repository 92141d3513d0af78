/**
 * One streamed chat with Ollama's structured output (`format`): the text as
 * it arrives, reported chunk by chunk, and whether it stopped at the length
 * limit. Every failure is a CodelumiError: stopped by the caller
 * (`aborted:user`, also while the model loads), silent too long
 * (`timeout:ollama`), or what classifyOllamaError makes of the call's error.
 */
import { CodelumiError, isCodelumiError } from '../core/errors';
import { idleWatch } from '../core/timing';
import { readChatChunk } from '../ollama/chat-chunk';
import { classifyOllamaError } from '../ollama/classify';
import { createOllamaClient, fetchStoppedBy } from '../ollama/client';
import type { ChatMessage } from '../prompt/prompt';

/** Where the model runs: the user's Ollama (a client is made with createOllamaClient for each call). */
export interface OllamaTarget {
  host: string;
  /** The page origin, for the CORS advice of a blocked call. */
  origin?: string;
  /** Injected in tests (the fake Ollama); the platform's fetch otherwise. */
  fetchImpl?: typeof fetch;
}

/** Progress of a call: which try, chunks of answer (and of thinking) so far, the answer's text so far. */
export interface PlanProgress {
  attempt: 1 | 2;
  tokens: number;
  thinkingTokens: number;
  text: string;
}

/** What every structured call needs besides its messages. */
export interface StructuredCall {
  model: string;
  /** num_ctx of the request. */
  contextLength: number;
  client: OllamaTarget;
  signal?: AbortSignal;
  onProgress?: (progress: PlanProgress) => void;
  /** Let a thinking model think first (as the chat does for models with the `thinking` capability). */
  think?: boolean;
  /** Ollama's keep_alive (Settings). */
  keepAlive?: string | number;
  /**
   * Give up when Ollama, once it answered, sends nothing for this long
   * (Settings' silence limit). Loading the model is not timed. Off when unset.
   */
  idleTimeoutMs?: number;
}

/** The streamed answer to `messages` with `format`; `reserve` caps the answer's tokens (doubled for thinking). */
export async function askStructured(
  input: StructuredCall,
  messages: ChatMessage[],
  format: Record<string, unknown>,
  reserve: number,
  attempt: 1 | 2,
): Promise<{ text: string; cut: boolean }> {
  const { client, signal } = input;
  const details = { model: input.model, host: client.host };
  if (signal?.aborted) throw new CodelumiError('aborted:user', 'Planning stopped.', details);
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const idle = idleWatch(input.idleTimeoutMs, stop);
  // The signal also stops a request whose headers have not come (a model still loading).
  const ollama = createOllamaClient(client.host, fetchStoppedBy(controller.signal, client.fetchImpl));
  let text = '';
  let tokens = 0;
  let thinkingTokens = 0;
  let responded = false;
  let cut = false;
  try {
    const stream = await ollama.chat({
      model: input.model,
      messages,
      stream: true,
      format,
      options: { num_ctx: input.contextLength, num_predict: input.think ? reserve * 2 : reserve, temperature: 0.2 },
      ...(input.think !== undefined ? { think: input.think } : {}),
      ...(input.keepAlive !== undefined ? { keep_alive: input.keepAlive } : {}),
    });
    responded = true;
    idle.restart();
    for await (const line of stream) {
      idle.restart();
      const chunk = readChatChunk(line);
      const piece = chunk.message?.content ?? '';
      if (piece) {
        text += piece;
        tokens++;
      }
      if (chunk.message?.thinking) thinkingTokens++;
      if (piece || chunk.message?.thinking) input.onProgress?.({ attempt, tokens, thinkingTokens, text });
      if (chunk.done) cut = chunk.done_reason === 'length';
    }
    return { text, cut };
  } catch (err) {
    if (signal?.aborted) throw new CodelumiError('aborted:user', 'Planning stopped.', details);
    if (idle.fired) {
      const seconds = Math.max(1, Math.round(input.idleTimeoutMs! / 1000));
      throw new CodelumiError(
        'timeout:ollama',
        `Ollama sent nothing more for ${seconds} s while writing the plan, so it was given up. Ollama may be stuck: try again, and restart Ollama if it happens again.`,
        details,
      );
    }
    throw isCodelumiError(err)
      ? err
      : await classifyOllamaError(err, {
          host: client.host,
          model: input.model,
          origin: client.origin,
          streamStarted: tokens + thinkingTokens > 0,
          responded,
          fetchImpl: client.fetchImpl,
        });
  } finally {
    idle.stop();
    signal?.removeEventListener('abort', stop);
  }
}
