/**
 * Reads a file line by line without holding its text at once: the bytes are
 * streamed, gunzipped when they start with gzip's magic bytes, decoded as
 * UTF-8 and split at newlines.
 */

/** A line of the file with its number (from 1) and how many of the file's bytes have been read so far. */
export interface FileLine {
  text: string;
  number: number;
  bytesRead: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** True when `blob` starts with gzip's two magic bytes. */
export async function isGzip(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head.length === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/**
 * Every line of `blob` (gzip or plain text), in order; a last line without a
 * newline is given too. A broken gzip stream or invalid UTF-8 throws (the
 * decoder is fatal), so a damaged file is never read as a shorter whole one.
 */
export async function* readLines(blob: Blob): AsyncGenerator<FileLine> {
  let bytesRead = 0;
  const counted = blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const bytes = (await isGzip(blob))
    ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>)
    : counted;
  const decoder = new TextDecoderStream('utf-8', { fatal: true }) as unknown as ReadableWritablePair<
    string,
    Uint8Array
  >;
  const reader = bytes.pipeThrough(decoder).getReader();
  let rest = '';
  let number = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += value;
      let start = 0;
      for (let nl = rest.indexOf('\n', start); nl !== -1; nl = rest.indexOf('\n', start)) {
        yield { text: rest.slice(start, nl), number: ++number, bytesRead };
        start = nl + 1;
      }
      rest = rest.slice(start);
    }
    if (rest.length > 0) yield { text: rest, number: ++number, bytesRead };
  } finally {
    reader.releaseLock();
  }
}
