/**
 * The one way the app makes an Ollama client: the official browser build,
 * pointed at the user's host, with fetch injectable for tests. Every NDJSON
 * stream it reads (chat, pull) goes through the line guard first.
 */
import { Ollama } from 'ollama/browser';
import { asksForStream, guardStreamResponse } from './ndjson-guard';

export type OllamaClient = Ollama;

/** A client for `host` (e.g. http://127.0.0.1:11434); its streams hold whole JSON-object lines of bounded length, or fail with a CodelumiError. */
export function createOllamaClient(host: string, fetchImpl?: typeof fetch): OllamaClient {
  const base = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const guarded: typeof fetch = async (input, init) =>
    guardStreamResponse(await base(input, init), asksForStream(init));
  return new Ollama({ host, fetch: guarded });
}

/**
 * A fetch whose requests give up after `ms` (an AbortError), for requests no
 * one watches, such as a title or a summary: ollama-js passes no signal to a
 * non-streamed request, so a silent server would otherwise hold it forever.
 */
export function fetchWithin(ms: number, fetchImpl?: typeof fetch): typeof fetch {
  // A limit of its own for each request, starting when that request does.
  return (input, init) => fetchStoppedBy(AbortSignal.timeout(ms), fetchImpl)(input, init);
}

/**
 * A fetch that also ends when `signal` aborts. ollama-js hands its own
 * signal to fetch only once the headers arrive, so without this a request
 * to a server that never answers (a model loading, a stuck Ollama) could
 * not be stopped.
 */
export function fetchStoppedBy(signal: AbortSignal, fetchImpl?: typeof fetch): typeof fetch {
  const base = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return (input, init) =>
    base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}
