/**
 * Asks one model one past question for the check, streamed, with a cancel.
 * No Codelumi context (no persona, memories, preferences or project): only
 * the question, so the check measures the models themselves. A personal
 * model still answers with the `system` it was created with; that is what
 * is being checked. A stream that goes silent (no chunk for `idleTimeoutMs`)
 * is given up with a `timeout:ollama` error, so a stalled Ollama never holds
 * the check forever.
 */
import { CodelumiError, isCodelumiError } from '../../core/errors';
import { createOllamaClient, fetchStoppedBy } from '../../ollama/client';
import { idleWatch } from '../../core/timing';
import { classifyOllamaError } from '../../ollama/classify';
import { readChatChunk } from '../../ollama/chat-chunk';
import { splitThinkTags } from '../../response/think-tags';

export interface AskDeps {
  host: string;
  /** The page origin, for the CORS advice in errors. */
  origin?: string;
  fetchImpl?: typeof fetch;
  /**
   * Gives up when Ollama, once it has answered (the model is loaded), sends
   * no chunk for this long: the request is aborted and the answer fails with
   * `timeout:ollama`. Off when unset or 0. Loading the model is not timed (it
   * may take minutes; Stop ends it).
   */
  idleTimeoutMs?: number;
  /**
   * The longest answer asked for (Ollama's `num_predict`), the same for both
   * models so the check stays fair: the chat's limit from Settings. An endless
   * answer ends there instead of growing without bound.
   */
  maxAnswerTokens?: number;
  /** The clock progress is paced by (tests inject one). */
  now?: () => number;
}

/** Progress is reported at most this often: each report re-renders the answer's markdown, which grows with the answer. */
export const PROGRESS_INTERVAL_MS = 50;

/** How long a check waits for the next chunk unless told otherwise (the chat's default silence limit). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Where an answer is: Ollama loading the model, the model thinking, or the answer arriving. */
export type AskPhase = 'waiting' | 'thinking' | 'answering';

export interface AskRequest {
  model: string;
  question: string;
  /** Aborting it stops the request at once, even while the model is still loading. */
  signal: AbortSignal;
  /** Called with the answer so far (thinking left out) each time more arrives. */
  onProgress?: (progress: { content: string; phase: AskPhase }) => void;
}

/**
 * The model's whole answer to `question` (a thinking model's reasoning left
 * out). Throws a CodelumiError: `aborted:user` when `signal` aborted,
 * `timeout:ollama` when the stream went silent for `idleTimeoutMs` (the
 * request is aborted first), otherwise the classified failure (model
 * missing, Ollama down, blocked, stream cut …) with the words for what to do next.
 */
export async function askModel(deps: AskDeps, req: AskRequest): Promise<string> {
  // Aborted by the caller's signal or by the idle watch; `idle.fired` says which.
  const controller = new AbortController();
  const cancel = () => controller.abort();
  if (req.signal.aborted) cancel();
  req.signal.addEventListener('abort', cancel, { once: true });
  const idle = idleWatch(deps.idleTimeoutMs, () => controller.abort());
  const client = createOllamaClient(deps.host, fetchStoppedBy(controller.signal, deps.fetchImpl));
  let raw = '';
  let started = false;
  let responded = false;
  try {
    const stream = await client.chat({
      model: req.model,
      messages: [{ role: 'user', content: req.question }],
      stream: true,
      ...(deps.maxAnswerTokens ? { options: { num_predict: deps.maxAnswerTokens } } : {}),
    });
    responded = true;
    // From here on the model is loaded and streams: silence now means Ollama is stuck.
    idle.restart();
    // ollama-js's own signal for the body: stop it too when ours aborts mid-stream.
    const stop = () => stream.abort();
    controller.signal.addEventListener('abort', stop, { once: true });
    if (controller.signal.aborted) stop();
    const now = deps.now ?? (() => performance.now());
    let reported = -Infinity;
    try {
      for await (const line of stream) {
        idle.restart();
        const chunk = readChatChunk(line);
        const piece = chunk.message?.content ?? '';
        const thought = chunk.message?.thinking ?? '';
        if (!piece && !thought) continue;
        started = true;
        raw += piece;
        // Paced, so a fast model's answer is not parsed and rendered again for every token (the caller gets the whole answer at the end).
        if (!req.onProgress || now() - reported < PROGRESS_INTERVAL_MS) continue;
        reported = now();
        const content = splitThinkTags(raw).content;
        req.onProgress({ content, phase: content ? 'answering' : 'thinking' });
      }
    } finally {
      controller.signal.removeEventListener('abort', stop);
    }
    return splitThinkTags(raw).content;
  } catch (err) {
    if (req.signal.aborted) throw new CodelumiError('aborted:user', 'Stopped.', { host: deps.host, model: req.model });
    if (idle.fired) {
      const seconds = Math.max(1, Math.round(deps.idleTimeoutMs! / 1000));
      throw new CodelumiError(
        'timeout:ollama',
        // No model name in the words: in the blind check it would tell which model is behind the label.
        `Ollama sent nothing more for ${seconds} s in the middle of an answer, so the answer was given up. Ollama may be stuck: try again, and restart Ollama if it happens again.`,
        { host: deps.host, model: req.model },
      );
    }
    if (isCodelumiError(err)) throw err;
    throw await classifyOllamaError(err, {
      host: deps.host,
      model: req.model,
      origin: deps.origin,
      streamStarted: started,
      responded,
      fetchImpl: deps.fetchImpl,
    });
  } finally {
    idle.stop();
    req.signal.removeEventListener('abort', cancel);
  }
}
