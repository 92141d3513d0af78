/**
 * `POST /api/create` as Codelumi sends it: streamed, each status line handed
 * on, every failure a CodelumiError (see README "/api/create"). A base that
 * Ollama does not have, and cannot find to pull, is `not_found:base`, so the
 * screen can offer the pull manager; a refusal carries Ollama's own words.
 */
import type { CreateRequest } from 'ollama/browser';
import { CodelumiError, isCodelumiError } from '../core/errors';
import { classifyOllamaError, type OllamaCallInfo } from './classify';
import type { OllamaClient } from './client';

/** One status line of a create: "using existing layer sha256:…", "writing manifest", "success" … */
export interface CreateStatus {
  status: string;
  /** Bytes done and in all, on lines that have them (a base pulled on the way, quantizing). */
  completed?: number;
  total?: number;
}

/** Ollama's words when `from` names a model it does not have and cannot find in its library. */
const BASE_MISSING = /pull model manifest|file does not exist/i;

/**
 * A failure of a create as a CodelumiError: the base missing (`not_found:base`,
 * `details.model` the base), Ollama down or blocking this page (as for any
 * call), or the create refused (`bad_request:ollama`, Ollama's message).
 */
export async function classifyCreateError(
  err: unknown,
  ctx: OllamaCallInfo & { model: string; base?: string },
): Promise<CodelumiError> {
  if (isCodelumiError(err) && err.code !== 'stream_error:ollama') return err;
  const message = err instanceof Error ? err.message : String(err);
  const status = (err as { status_code?: number })?.status_code;
  const details = { host: ctx.host, model: ctx.base ?? ctx.model, cause: message, status };
  if (ctx.base && (BASE_MISSING.test(message) || (status === 404 && /not found/i.test(message)))) {
    return new CodelumiError('not_found:base', `The base model “${ctx.base}” is not installed in Ollama.`, details);
  }
  const classified = await classifyOllamaError(err, ctx);
  // classifyOllamaError speaks of an answer; a create has none, it has a model that may not exist.
  if (classified.code === 'stream_cut:ollama') return createCut(ctx.model, ctx.host);
  // An {"error"} from Ollama, before or during the stream, is Ollama refusing this create: its words say why.
  if (['stream_error:ollama', 'server:ollama', 'bad_request:ollama'].includes(classified.code)) {
    return new CodelumiError('bad_request:ollama', `Ollama refused to create ${ctx.model}: ${message}`, {
      ...details,
      model: ctx.model,
    });
  }
  return classified;
}

/**
 * Creates `request.model` with a streamed `/api/create`, calling `onStatus`
 * for every status line. Resolves once Ollama said `success`; rejects with a
 * CodelumiError (see classifyCreateError) otherwise, `aborted:user` when
 * `signal` aborts (the request is closed; Ollama may still finish the model).
 */
export async function createModel(
  client: OllamaClient,
  request: Omit<CreateRequest, 'stream'>,
  onStatus: (status: CreateStatus) => void,
  info: Omit<OllamaCallInfo, 'model' | 'streamStarted' | 'responded'>,
  signal?: AbortSignal,
): Promise<void> {
  let responded = false;
  let streamStarted = false;
  let succeeded = false;
  try {
    signal?.throwIfAborted();
    const stream = await client.create({ ...request, stream: true });
    responded = true;
    // Stopping closes the stream (ollama-js aborts its request); the loop then throws an AbortError.
    if (signal?.aborted) stream.abort();
    signal?.addEventListener('abort', () => stream.abort(), { once: true });
    for await (const line of stream) {
      // Lines already read still come after an abort: the user stopped, so none of them counts.
      signal?.throwIfAborted();
      streamStarted = true;
      const status = typeof line.status === 'string' ? line.status : '';
      if (status === 'success') succeeded = true;
      onStatus({
        status,
        ...(typeof line.completed === 'number' ? { completed: line.completed } : {}),
        ...(typeof line.total === 'number' ? { total: line.total } : {}),
      });
    }
  } catch (err) {
    throw await classifyCreateError(err, {
      ...info,
      model: request.model,
      base: request.from,
      responded,
      streamStarted,
    });
  }
  // ollama-js stops at `success`; a stream that ended without it did not create anything.
  if (!succeeded) throw createCut(request.model, info.host);
}

/** A create whose stream broke or ended without `success`, in a create's words (not an answer's). */
function createCut(model: string, host: string): CodelumiError {
  return new CodelumiError(
    'stream_cut:ollama',
    `The connection to Ollama broke before ${model} was created (Ollama may have stopped or crashed). Check that Ollama is running and try again.`,
    { host, model },
  );
}
