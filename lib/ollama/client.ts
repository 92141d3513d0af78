/**
 * The one way the app makes an Ollama client: the official browser build,
 * pointed at the user's host, with fetch injectable for tests.
 */
import { Ollama } from 'ollama/browser';

export type OllamaClient = Ollama;

/** A client for `host` (e.g. http://127.0.0.1:11434). */
export function createOllamaClient(host: string, fetchImpl?: typeof fetch): OllamaClient {
  return new Ollama({ host, fetch: fetchImpl });
}
