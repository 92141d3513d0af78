/**
 * The connection check the app runs on load and every few seconds: is
 * Ollama there, does it let this page in, and does it have models?
 */
import { diagnoseNetworkFailure } from './probe';

export type ConnectionState =
  | { status: 'ready'; host: string; version: string; modelCount: number }
  | { status: 'no-models'; host: string; version: string }
  | { status: 'unreachable'; host: string }
  | { status: 'blocked'; host: string; origin: string }
  | { status: 'not-ollama'; host: string; httpStatus: number };

/**
 * Checks `host`. Uses plain GETs without custom headers (no CORS preflight),
 * and a `no-cors` probe to tell a stopped server from a CORS refusal.
 */
export async function checkConnection(
  host: string,
  origin: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 4000,
): Promise<ConnectionState> {
  const get = (path: string) =>
    fetchImpl(`${host}${path}`, { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
  let version: string;
  try {
    const res = await get('/api/version');
    if (!res.ok) return { status: 'not-ollama', host, httpStatus: res.status };
    const body = (await res.json().catch(() => null)) as { version?: unknown } | null;
    if (!body || typeof body.version !== 'string') return { status: 'not-ollama', host, httpStatus: res.status };
    version = body.version;
  } catch {
    const problem = await diagnoseNetworkFailure(host, fetchImpl, timeoutMs);
    return problem === 'blocked' ? { status: 'blocked', host, origin } : { status: 'unreachable', host };
  }
  try {
    const res = await get('/api/tags');
    const body = (await res.json()) as { models?: unknown[] };
    const count = Array.isArray(body.models) ? body.models.length : 0;
    return count > 0 ? { status: 'ready', host, version, modelCount: count } : { status: 'no-models', host, version };
  } catch {
    return { status: 'unreachable', host };
  }
}

/** The OLLAMA_ORIGINS value that lets `origin` in (keeping Ollama's defaults, which are always allowed). */
export function originsValueFor(origin: string): string {
  return origin;
}
