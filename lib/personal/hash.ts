/**
 * The sha256 of a file of any size, read a chunk at a time: an adapter may be
 * gigabytes, so it is never read whole into memory. SubtleCrypto's digest
 * takes only a whole buffer, so @noble/hashes (audited, no dependencies,
 * incremental) does the hashing.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Bytes read per step: large enough to be quick, small enough to keep memory flat. */
export const HASH_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * `sha256:<hex>` of `file`, reading `chunkBytes` at a time; `onProgress`
 * gets the bytes hashed so far. Stops with an AbortError when `signal` aborts.
 */
export async function sha256OfFile(
  file: Blob,
  options: { chunkBytes?: number; onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<`sha256:${string}`> {
  const chunk = Math.max(1, options.chunkBytes ?? HASH_CHUNK_BYTES);
  const hash = sha256.create();
  for (let at = 0; at < file.size; at += chunk) {
    options.signal?.throwIfAborted();
    const end = Math.min(file.size, at + chunk);
    hash.update(new Uint8Array(await file.slice(at, end).arrayBuffer()));
    options.onProgress?.(end, file.size);
  }
  if (file.size === 0) options.onProgress?.(0, 0);
  return `sha256:${bytesToHex(hash.digest())}`;
}
