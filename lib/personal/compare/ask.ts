/**
 * Asks one model one past question for the check, streamed, with a cancel.
 * No Codelumi context (no persona, memories, preferences or project): only
 * the question, so the check measures the models themselves. A personal
 * model still answers with the `system` it was created with; that is what
 * is being checked.
 */
import { CodelumiError, isCodelumiError } from '../../core/errors';
import { createOllamaClient, fetchStoppedBy } from '../../ollama/client';
import { classifyOllamaError } from '../../ollama/classify';
import { readChatChunk } from '../../ollama/chat-chunk';
import { splitThinkTags } from '../../response/think-tags';

export interface AskDeps {
  host: string;
  /** The page origin, for the CORS advice in errors. */
  origin?: string;
  fetchImpl?: typeof fetch;
}

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
 * otherwise the classified failure (model missing, Ollama down, blocked,
 * stream cut …) with the words for what to do next.
 */
export async function askModel(deps: AskDeps, req: AskRequest): Promise<string> {
  const client = createOllamaClient(deps.host, fetchStoppedBy(req.signal, deps.fetchImpl));
  let raw = '';
  let started = false;
  let responded = false;
  try {
    const stream = await client.chat({
      model: req.model,
      messages: [{ role: 'user', content: req.question }],
      stream: true,
    });
    responded = true;
    // ollama-js's own signal for the body: stop it too when ours aborts mid-stream.
    const stop = () => stream.abort();
    req.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const line of stream) {
        const chunk = readChatChunk(line);
        const piece = chunk.message?.content ?? '';
        const thought = chunk.message?.thinking ?? '';
        if (!piece && !thought) continue;
        started = true;
        raw += piece;
        const content = splitThinkTags(raw).content;
        req.onProgress?.({ content, phase: content ? 'answering' : 'thinking' });
      }
    } finally {
      req.signal.removeEventListener('abort', stop);
    }
    return splitThinkTags(raw).content;
  } catch (err) {
    if (req.signal.aborted) throw new CodelumiError('aborted:user', 'Stopped.', { host: deps.host, model: req.model });
    if (isCodelumiError(err)) throw err;
    throw await classifyOllamaError(err, {
      host: deps.host,
      model: req.model,
      origin: deps.origin,
      streamStarted: started,
      responded,
      fetchImpl: deps.fetchImpl,
    });
  }
}
