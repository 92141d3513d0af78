/**
 * Ollama's streams (chat, pull) are NDJSON read by ollama-js, which trusts
 * them: it buffers a line however long it grows (and re-splits the whole
 * buffer on every read), throws a TypeError on a line that is `null`, a
 * number or a string, and silently drops a line that is not JSON. This guard
 * sits between the response and ollama-js: it passes on only whole lines that
 * are JSON objects, and fails the stream with a CodelumiError on anything
 * else, so the answer ends with a clear message and keeps what arrived.
 */
import { CodelumiError } from '../core/errors';

/** No line Ollama sends comes near this (a chunk is a token or a progress figure); more is not Ollama. */
export const MAX_NDJSON_LINE_CHARS = 1024 * 1024;

const NDJSON = /application\/x-ndjson/i;

function badLine(why: string, line: string): CodelumiError {
  const sample = line.length > 80 ? `${line.slice(0, 80)}…` : line;
  return new CodelumiError('bad_response:ollama', `Ollama sent a line Codelumi cannot read (${why}).`, {
    cause: `${why}: ${sample}`,
  });
}

/** Throws a CodelumiError unless `line` is one JSON object. */
function checkLine(line: string): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw badLine('not JSON', line);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badLine(
      `a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`,
      line,
    );
  }
}

/** Cuts decoded text into lines, holding at most `maxLineChars` of an unfinished one. */
function lineSplitter(maxLineChars: number) {
  // The unfinished line, in pieces: joined once, when its newline arrives.
  let pending: string[] = [];
  let pendingChars = 0;
  const tooLong = (line: string) => badLine(`a line longer than ${maxLineChars} characters`, line);
  /** The whole lines in `text` (each checked), and the error that ends the stream after them, if any. */
  const push = (text: string): { lines: string[]; error?: unknown } => {
    const lines: string[] = [];
    try {
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const piece = text.slice(start, nl);
        if (pendingChars + piece.length > maxLineChars) throw tooLong(pending.join('') + piece);
        const line = pending.length ? pending.join('') + piece : piece;
        pending = [];
        pendingChars = 0;
        start = nl + 1;
        if (!line.trim()) continue;
        checkLine(line);
        lines.push(line);
      }
      const rest = text.slice(start);
      if (rest) {
        pendingChars += rest.length;
        if (pendingChars > maxLineChars) throw tooLong(pending.join('') + rest);
        pending.push(rest);
      }
      return { lines };
    } catch (error) {
      return { lines, error };
    }
  };
  /** The last line, when the stream ended without a newline after it. */
  const end = () => push('\n');
  return { push, end };
}

/**
 * The body cut at line ends, each line a JSON object of at most
 * `maxLineChars`; then it errors with a CodelumiError (`bad_response:ollama`),
 * after the good lines before the bad one were read, and cancels the body so
 * nothing more is received. Blank lines are dropped.
 */
export function guardNdjsonBody(
  body: ReadableStream<Uint8Array>,
  maxLineChars = MAX_NDJSON_LINE_CHARS,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  const split = lineSplitter(maxLineChars);
  let failure: unknown;
  const fail = (out: ReadableStreamDefaultController<Uint8Array>, error: unknown) => {
    out.error(error);
    reader.cancel(error).catch((err: unknown) => console.warn('Could not cancel the Ollama stream', err));
  };
  return new ReadableStream<Uint8Array>(
    {
      // Pulled only when the reader wants more (highWaterMark 0): an error waits until the lines before it are read.
      async pull(out) {
        if (failure !== undefined) return fail(out, failure);
        for (;;) {
          const { done, value } = await reader.read();
          const { lines, error } = done ? split.end() : split.push(decoder.decode(value, { stream: true }));
          if (lines.length) out.enqueue(encoder.encode(`${lines.join('\n')}\n`));
          if (error !== undefined) {
            if (lines.length) failure = error;
            else fail(out, error);
            return;
          }
          if (done) return out.close();
          if (lines.length) return;
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The response with its body guarded when it is an NDJSON stream: when the
 * request asked for a stream (`streamed`), whatever the server says its
 * content type is, or when the server labels it NDJSON. Any other response as it is.
 */
export function guardStreamResponse(
  response: Response,
  streamed = false,
  maxLineChars = MAX_NDJSON_LINE_CHARS,
): Response {
  if (!response.ok || !response.body) return response;
  if (!streamed && !NDJSON.test(response.headers.get('content-type') ?? '')) return response;
  return new Response(guardNdjsonBody(response.body, maxLineChars), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** True when `init` is a JSON request body asking Ollama for a stream (`"stream": true`), as ollama-js sends for chat, generate and pull. */
export function asksForStream(init: RequestInit | undefined): boolean {
  if (typeof init?.body !== 'string') return false;
  try {
    return (JSON.parse(init.body) as { stream?: unknown } | null)?.stream === true;
  } catch {
    return false; // not JSON: not one of ollama-js's streamed requests
  }
}
