/**
 * The memory worker's interface: everything the page may ask of it. One
 * typed object, called through Comlink; every method is async.
 */
import type { SearchHit } from '../search/conversation-search';

export interface MemoryWorkerApi {
  /** Full-text search over conversation titles and messages. */
  search(query: string, limit?: number): Promise<SearchHit[]>;
  /** Resolves when the worker is up (and its database open). */
  ping(): Promise<'pong'>;
}
