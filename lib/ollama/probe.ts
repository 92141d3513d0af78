/**
 * Tells "Ollama is not running" from "Ollama blocks this page (CORS)".
 * Both look the same to a normal fetch (a TypeError with no status). A
 * `no-cors` fetch gets an opaque answer from any server that is there, and
 * fails only when nothing listens.
 */

export type ReachProblem = 'unreachable' | 'blocked';

/** Resolves 'blocked' when a server answers at `host`, 'unreachable' when nothing does. */
export async function diagnoseNetworkFailure(
  host: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 4000,
): Promise<ReachProblem> {
  try {
    await fetchImpl(host, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    return 'blocked';
  } catch {
    return 'unreachable';
  }
}

/** True for the TypeError a browser (or Node's fetch) throws when no HTTP answer could be read. */
export function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return false;
  return (
    err.name === 'TypeError' &&
    /fetch|network|load failed|terminated|socket|ECONNREFUSED|ECONNRESET/i.test(
      `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`,
    )
  );
}
