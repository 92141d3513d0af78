/**
 * Ollama's blob store (`HEAD` / `POST /api/blobs/sha256:<hex>`), which a
 * create's `files` and `adapters` name by digest. ollama-js's browser build
 * has no blob calls, so these are plain requests to the user's Ollama. The
 * upload sends the File itself as the body: the browser reads it from disk
 * as it goes, never whole into memory.
 */
import { CodelumiError } from '../core/errors';

/** A digest as Ollama names blobs: `sha256:` and 64 lower-case hex characters. */
export type BlobDigest = `sha256:${string}`;

const DIGEST = /^sha256:[0-9a-f]{64}$/;

function checkDigest(digest: string): asserts digest is BlobDigest {
  if (!DIGEST.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
}

/**
 * True when the Ollama at `host` already has the blob (HEAD 200), false when
 * it does not (404). Other answers fail; `signal` ends the request (AbortError).
 */
export async function hasBlob(
  host: string,
  digest: string,
  fetchImpl: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<boolean> {
  checkDigest(digest);
  const res = await fetchImpl(`${host}/api/blobs/${digest}`, { method: 'HEAD', signal });
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new CodelumiError('server:ollama', `Ollama answered ${res.status} when asked for blob ${digest}.`, {
    host,
    status: res.status,
  });
}

/** Bytes sent so far and in all. */
export interface UploadProgress {
  sent: number;
  total: number;
}

/** Sends `body` to `url` and resolves with the HTTP status and body text; `onProgress` sees the bytes go. */
export type BlobSender = (
  url: string,
  body: Blob,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
) => Promise<{ status: number; text: string }>;

/**
 * The browser's sender: XMLHttpRequest, the one browser request that reports
 * upload progress (fetch cannot stream a request body over HTTP/1.1, which
 * Ollama speaks). Where there is none (Node), fetch, with progress at the end.
 */
export const sendBlob: BlobSender = (url, body, onProgress, signal) => {
  if (typeof XMLHttpRequest === 'undefined') {
    return fetch(url, { method: 'POST', body, signal }).then(async (res) => {
      onProgress({ sent: body.size, total: body.size });
      return { status: res.status, text: await res.text() };
    });
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : body.size });
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new TypeError('Failed to fetch'));
    xhr.onabort = () => reject(new DOMException('The upload was stopped.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
};

/**
 * Uploads `file` as blob `digest` (201 new, 200 already there). Ollama
 * checks the bytes against the digest; a mismatch or any other refusal fails
 * with Ollama's words.
 */
export async function uploadBlob(
  host: string,
  digest: string,
  file: Blob,
  onProgress: (p: UploadProgress) => void,
  options: { send?: BlobSender; signal?: AbortSignal } = {},
): Promise<void> {
  checkDigest(digest);
  const { status, text } = await (options.send ?? sendBlob)(
    `${host}/api/blobs/${digest}`,
    file,
    onProgress,
    options.signal,
  );
  if (status === 200 || status === 201) return;
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    // not JSON: Ollama's words as they came
  }
  throw new CodelumiError('bad_request:ollama', `Ollama refused the upload: ${message || `HTTP ${status}`}`, {
    host,
    status,
    cause: message,
  });
}
