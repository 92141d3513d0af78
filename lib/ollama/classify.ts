/**
 * Turns whatever an Ollama call threw (ollama-js ResponseError, a plain Error
 * from an `{"error"}` stream line, a fetch TypeError, an AbortError) into a
 * CodelumiError with a code the UI can explain.
 */
import { CodelumiError, isCodelumiError } from '../core/errors';
import { diagnoseNetworkFailure, isNetworkFailure } from './probe';

export interface OllamaCallInfo {
  host: string;
  model?: string;
  /** The page origin, for the OLLAMA_ORIGINS advice. */
  origin?: string;
  /** True once part of the answer arrived: failures then mean a broken stream. */
  streamStarted?: boolean;
  /** True once Ollama answered with a stream (headers arrived): a network failure then is a cut, not "down" or "blocked". */
  responded?: boolean;
  fetchImpl?: typeof fetch;
}

const STREAM_CUT = /did not receive done|terminated|network error|premature close|aborted by peer|socket/i;

function statusOf(err: unknown): number | undefined {
  const e = err as { name?: string; status_code?: number };
  return e?.name === 'ResponseError' && typeof e.status_code === 'number' ? e.status_code : undefined;
}

/** Classifies an error from an Ollama call; may probe the host to tell "down" from "blocked". */
export async function classifyOllamaError(err: unknown, ctx: OllamaCallInfo): Promise<CodelumiError> {
  if (isCodelumiError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const base = { host: ctx.host, model: ctx.model, origin: ctx.origin, cause: message };

  if (err instanceof Error && (err.name === 'AbortError' || (/aborted/i.test(message) && !STREAM_CUT.test(message)))) {
    return new CodelumiError('aborted:user', 'Stopped.', base);
  }

  const status = statusOf(err);
  if (status !== undefined) {
    const details = { ...base, status };
    if (status === 404 && /not found/i.test(message)) {
      return new CodelumiError(
        'not_found:model',
        `The model “${ctx.model ?? 'unknown'}” is not installed in Ollama.`,
        details,
      );
    }
    if (status === 400 && /does not support/i.test(message)) {
      return new CodelumiError('unsupported:model', message, details);
    }
    if (status === 403) {
      return new CodelumiError('blocked:cors', 'Ollama refused this page’s origin.', details);
    }
    if (status === 503) return new CodelumiError('busy:ollama', 'Ollama is busy with other requests.', details);
    if (status >= 400 && status < 500) return new CodelumiError('bad_request:ollama', message, details);
    return new CodelumiError('server:ollama', message, details);
  }

  if (isNetworkFailure(err) || (err instanceof Error && STREAM_CUT.test(message))) {
    if (ctx.streamStarted || ctx.responded || /did not receive done/i.test(message)) {
      return new CodelumiError(
        'stream_cut:ollama',
        'The connection to Ollama broke before the answer was finished.',
        base,
      );
    }
    const problem = await diagnoseNetworkFailure(ctx.host, ctx.fetchImpl);
    return problem === 'blocked'
      ? new CodelumiError('blocked:cors', 'Ollama is running but does not allow requests from this page.', base)
      : new CodelumiError('unreachable:ollama', `Ollama is not reachable at ${ctx.host}.`, base);
  }

  if (ctx.streamStarted) {
    return new CodelumiError('stream_error:ollama', message || 'Ollama reported an error while answering.', base);
  }
  return new CodelumiError('server:ollama', message || 'Ollama reported an error.', base);
}
