/** The NDJSON guard between Ollama's streams and ollama-js: whole JSON-object lines of bounded length, or a clear error. */
import { describe, expect, it } from 'vitest';
import { asksForStream, guardNdjsonBody, guardStreamResponse } from '@/lib/ollama/ndjson-guard';
import { createOllamaClient } from '@/lib/ollama/client';
import { isCodelumiError } from '@/lib/core/errors';

const bytes = (s: string) => new TextEncoder().encode(s);

/** A body that hands out these pieces one read at a time. */
function body(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({ pull: (c) => (i < pieces.length ? c.enqueue(pieces[i++]) : c.close()) });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('guardNdjsonBody', () => {
  it('passes whole lines on, also when a line and a character are cut across reads', async () => {
    const text = '{"message":{"content":"ü✓"}}\n\n{"done":true}\n';
    const one = Array.from(bytes(text), (b) => new Uint8Array([b]));
    expect(await readAll(guardNdjsonBody(body(one)))).toBe('{"message":{"content":"ü✓"}}\n{"done":true}\n');
  });

  it('keeps a last line that has no newline', async () => {
    expect(await readAll(guardNdjsonBody(body([bytes('{"a":1}\n{"done":true}')])))).toBe('{"a":1}\n{"done":true}\n');
  });

  it('hands over the good lines before a bad one, then fails with a clear error', async () => {
    const reader = guardNdjsonBody(body([bytes('{"a":1}\n{"b":2}\nnull\n{"c":3}\n')])).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"a":1}\n{"b":2}\n');
    const err = await reader.read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCodelumiError(err) && err.code).toBe('bad_response:ollama');
  });

  it('stops reading a line that never ends once it passes the cap, and lets the body go', async () => {
    let read = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        read += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024).fill(0x78));
      },
      cancel() {
        cancelled = true;
      },
    });
    const err = await readAll(guardNdjsonBody(endless, 1024 * 1024)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCodelumiError(err) && err.message).toContain('longer than 1048576 characters');
    // The cap, the read that crossed it, and the one the source's own queue pulled ahead.
    expect(read).toBeLessThanOrEqual(1024 * 1024 + 2 * 64 * 1024);
    expect(cancelled).toBe(true);
  });
});

describe('guardStreamResponse', () => {
  it('guards NDJSON answers only; an error answer or plain JSON passes unchanged', async () => {
    const ndjson = guardStreamResponse(new Response('42\n', { headers: { 'content-type': 'application/x-ndjson' } }));
    await expect(ndjson.text()).rejects.toMatchObject({ code: 'bad_response:ollama' });
    expect(
      await guardStreamResponse(new Response('42', { headers: { 'content-type': 'application/json' } })).text(),
    ).toBe('42');
    const failed = guardStreamResponse(
      new Response('{"error":"x"}', { status: 500, headers: { 'content-type': 'application/x-ndjson' } }),
    );
    expect(await failed.text()).toBe('{"error":"x"}');
  });

  it('guards the answer to a streamed request whatever content type the server gives it', async () => {
    const unlabelled = guardStreamResponse(new Response('null\n'), true);
    await expect(unlabelled.text()).rejects.toMatchObject({ code: 'bad_response:ollama' });
    expect(asksForStream({ body: JSON.stringify({ model: 'm', stream: true }) })).toBe(true);
    expect(asksForStream({ body: JSON.stringify({ model: 'm', stream: false }) })).toBe(false);
    expect(asksForStream({ body: 'not json' })).toBe(false);
    expect(asksForStream(undefined)).toBe(false);
  });

  it('a chat stream without an NDJSON content type still fails clearly on a line that is not an object', async () => {
    const fetchImpl = (async () =>
      new Response('{"message":{"role":"assistant","content":"Hi"},"done":false}\nnull\n')) as typeof fetch;
    const client = createOllamaClient('http://127.0.0.1:1', fetchImpl);
    const stream = await client.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) seen.push(chunk.message.content);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'bad_response:ollama' });
    expect(seen).toEqual(['Hi']);
  });
});
