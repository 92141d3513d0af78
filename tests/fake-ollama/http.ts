/**
 * Small HTTP helpers shared by the handlers: the per-request context, JSON/text
 * responses shaped like gin's, and request-body binding with Ollama's error texts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBody } from './bind';
import { goDecode, goKind, type JsonObject } from './go-json';
import type { ServerState } from './state';

export const JSON_UTF8 = 'application/json; charset=utf-8';
export const NDJSON = 'application/x-ndjson';

/** Everything a route handler needs for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  /** Path parameters, e.g. `digest` for /api/blobs/:digest. */
  params: Record<string, string>;
  /** The raw request body (blob uploads hash these bytes). */
  body: Buffer;
  bodyText: string;
  state: ServerState;
  /** Aborted when the client goes away before the response has finished. */
  signal: AbortSignal;
}

/** Writes one JSON response with a Content-Length (gin's c.JSON). */
export function sendJson(res: ServerResponse, status: number, value: unknown, contentType = JSON_UTF8): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}

/** `{"error": message}` with the given status. */
export function sendError(res: ServerResponse, status: number, message: string, contentType = JSON_UTF8): void {
  sendJson(res, status, { error: message }, contentType);
}

/** A text response (gin's c.String, or its 404/405 texts with 'text/plain'). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(text);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}

/** A status with an empty body (gin's AbortWithStatus / c.Status). */
export function sendEmpty(res: ServerResponse, status: number): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204 || status === 304) res.writeHead(status);
  else res.writeHead(status, { 'Content-Length': 0 });
  res.end();
}

/**
 * Decodes the body into a JSON object the way Ollama's ShouldBindJSON does. On failure it
 * answers 400 (`missing request body`, Go's syntax/type error text) and returns undefined.
 */
export function bindJson(ctx: RequestContext, struct: string): JsonObject | undefined {
  const decoded = goDecode(ctx.bodyText);
  if (!decoded.ok) {
    sendError(ctx.res, 400, decoded.empty ? 'missing request body' : decoded.error);
    return undefined;
  }
  const v = decoded.value;
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    sendError(ctx.res, 400, `json: cannot unmarshal ${goKind(v)} into Go value of type api.${struct}`);
    return undefined;
  }
  const err = checkBody(struct, v as JsonObject);
  if (err) {
    sendError(ctx.res, 400, err);
    return undefined;
  }
  return v as JsonObject;
}

/** The string value of a body field, '' when absent or not a string. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** `stream` defaults to true when absent (Ollama's server default). */
export function wantsStream(body: JsonObject): boolean {
  return body.stream !== false;
}

/** RFC3339Nano UTC like Go's time.Time JSON, with sub-millisecond digits from the monotonic clock. */
export function rfc3339Nano(date = new Date()): string {
  const iso = date.toISOString(); // 2025-01-01T00:00:00.123Z
  const subMs = String(Number(process.hrtime.bigint() % 1_000_000n)).padStart(6, '0');
  return `${iso.slice(0, 23)}${subMs}`.replace(/(?<![.0])\.?0+$/, '') + 'Z';
}

/** Resolves after `ms`, or early (with false) when the signal aborts. Never leaves a timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = ms <= 0 ? setTimeout(() => done(true), 0) : setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends headers for a streamed body right away. */
export function startStream(res: ServerResponse, contentType = NDJSON): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, { 'Content-Type': contentType });
  res.flushHeaders();
}

/** Writes one NDJSON line unless the client is gone. */
export function writeLine(res: ServerResponse, value: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  res.write(JSON.stringify(value) + '\n');
}

/** Resolves once the socket has no queued bytes (or after `maxMs`), so a cut keeps what was sent. */
export async function drained(res: ServerResponse, maxMs = 500): Promise<void> {
  const deadline = performance.now() + maxMs;
  do {
    await new Promise((r) => setImmediate(r));
    const sock = res.socket;
    if (!sock || sock.destroyed || sock.writableLength === 0) return;
    await new Promise((r) => setTimeout(r, 2));
  } while (performance.now() < deadline);
}
