/**
 * Reading a request body with a ceiling. A Content-Length header is only a
 * claim: a chunked body has none, and a body may run past what it announced.
 * The service worker's share target reads through this before it parses a
 * form, so a huge post is refused after `maxBytes`, not held in memory whole.
 */

/** The body as a request of its own (same headers, the bytes read), or 'too-large' once it passes `maxBytes`. */
export async function readCappedRequest(request: Request, maxBytes: number): Promise<Request | 'too-large'> {
  const claimed = Number(request.headers.get('content-length') ?? 0);
  if (claimed > maxBytes) return 'too-large';
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return 'too-large';
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: size ? bytes : undefined });
}
