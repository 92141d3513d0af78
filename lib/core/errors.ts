/**
 * One error type for everything a user can meet. The code says what went
 * wrong and where (`unreachable:ollama`, `quota:db` …); `describeError` in
 * lib/core/errors-text.ts turns it into words and a next step.
 */
export type ErrorCode =
  | 'unreachable:ollama'
  | 'blocked:cors'
  | 'not_found:model'
  | 'not_found:base'
  | 'unsupported:model'
  | 'bad_request:ollama'
  | 'server:ollama'
  | 'busy:ollama'
  | 'stream_cut:ollama'
  | 'stream_error:ollama'
  | 'timeout:ollama'
  | 'bad_response:ollama'
  | 'busy:answer'
  | 'busy:plan'
  | 'conflict:plan'
  | 'not_found:plan'
  | 'invalid:path'
  | 'aborted:user'
  | 'overflow:context'
  | 'invalid:plan'
  | 'quota:db'
  | 'unavailable:db'
  | 'invalid:import'
  | 'timeout:sandbox'
  | 'denied:folder'
  | 'not_found:folder'
  | 'denied:folder_write'
  | 'refused:egress'
  | 'unreachable:hub'
  | 'unknown';

export interface ErrorDetails {
  /** The model the request was for, when there was one. */
  model?: string;
  /** The Ollama host the request went to. */
  host?: string;
  /** The page origin, for CORS advice. */
  origin?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The server's or browser's own words, kept for the details view. */
  cause?: string;
  /** Token figures for context overflow. */
  tokens?: number;
  contextLength?: number;
}

/** A typed, user-facing error. `details` holds what the message needs. */
export class CodelumiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'CodelumiError';
    this.code = code;
    this.details = details;
  }

  /** A plain copy that can be stored in IndexedDB or sent to a worker. */
  toJSON(): StoredError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** The shape an error takes when it is stored with a message. */
export interface StoredError {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

/** True when `err` is a CodelumiError (also across bundles, by name and code). */
export function isCodelumiError(err: unknown): err is CodelumiError {
  return (
    err instanceof CodelumiError ||
    (typeof err === 'object' && err !== null && (err as { name?: string }).name === 'CodelumiError' && 'code' in err)
  );
}
