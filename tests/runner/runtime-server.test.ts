import { describe, expect, it, vi } from 'vitest';
import { serveRuntimeFiles, type FileReply } from '@/lib/runner/runtime-server';

const BASE = 'https://app.test/runner/';

/** A response whose body arrives in `chunks`. */
function chunked(chunks: Uint8Array[], init: ResponseInit = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
  return new Response(body, init);
}

/** The frame's end of the port: sends requests, collects replies until `end` or `error` for `id`. */
function frameSide(fetchImpl: typeof fetch) {
  const channel = new MessageChannel();
  const stop = serveRuntimeFiles(channel.port1, BASE, fetchImpl);
  const replies: FileReply[] = [];
  const waiters: (() => void)[] = [];
  channel.port2.onmessage = (e: MessageEvent<FileReply>) => {
    replies.push(e.data);
    waiters.splice(0).forEach((w) => w());
  };
  const ask = (id: number, name: string) => channel.port2.postMessage({ type: 'get', id, name });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((r) => waiters.push(r));
  };
  return { stop, replies, ask, until, port: channel.port2 };
}

describe('serveRuntimeFiles', () => {
  it('streams a runtime file in its chunks, each transferred, after a head with its size', async () => {
    const fetchImpl = vi.fn(async () =>
      chunked([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])], { headers: { 'Content-Length': '5' } }),
    );
    const f = frameSide(fetchImpl as unknown as typeof fetch);
    f.ask(7, 'pyodide/pyodide.asm.wasm');
    await f.until(() => f.replies.some((r) => r.type === 'end'));
    expect(fetchImpl).toHaveBeenCalledWith(`${BASE}pyodide/pyodide.asm.wasm`, expect.anything());
    expect(f.replies.map((r) => r.type)).toEqual(['head', 'chunk', 'chunk', 'end']);
    expect(f.replies[0]).toEqual({ type: 'head', id: 7, total: 5 });
    const bytes = f.replies.flatMap((r) => (r.type === 'chunk' ? [...new Uint8Array(r.bytes)] : []));
    expect(bytes).toEqual([1, 2, 3, 4, 5]);
    f.stop();
  });

  it('does not copy a chunk that owns its buffer: the buffer is moved to the frame', async () => {
    const chunk = new Uint8Array([9, 9, 9]);
    const f = frameSide((async () => chunked([chunk])) as unknown as typeof fetch);
    f.ask(1, 'worker.js');
    await f.until(() => f.replies.some((r) => r.type === 'end'));
    // Transferred: the page's copy is detached.
    expect(chunk.buffer.byteLength).toBe(0);
    f.stop();
  });

  it('says which file failed and how, as the frame reports it to the run', async () => {
    const f = frameSide((async () => new Response('no', { status: 503 })) as unknown as typeof fetch);
    f.ask(2, 'pyodide/python_stdlib.zip');
    await f.until(() => f.replies.length > 0);
    expect(f.replies).toEqual([{ type: 'error', id: 2, message: 'pyodide/python_stdlib.zip: HTTP 503' }]);
    f.stop();
  });

  it('serves nothing but the runtime files: other names of the app are ignored', async () => {
    const fetchImpl = vi.fn(async () => chunked([new Uint8Array([1])]));
    const f = frameSide(fetchImpl as unknown as typeof fetch);
    for (const name of ['../index.html', 'frame.js', '/settings/', 'pyodide/../../sw.js', 'https://other.test/x'])
      f.ask(3, name);
    f.port.postMessage({ type: 'get', id: 'x', name: 'worker.js' });
    f.ask(4, 'worker.js');
    await f.until(() => f.replies.some((r) => r.type === 'end'));
    expect(fetchImpl).toHaveBeenCalledOnce();
    expect(new Set(f.replies.map((r) => r.id))).toEqual(new Set([4]));
    f.stop();
  });

  it('once stopped, cancels the download in flight and answers nothing more', async () => {
    let signal: AbortSignal | undefined;
    const fetchImpl = vi.fn(
      (_url: string, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          signal = init?.signal ?? undefined;
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    const f = frameSide(fetchImpl as unknown as typeof fetch);
    f.ask(5, 'transpiler.js');
    await vi.waitFor(() => expect(fetchImpl).toHaveBeenCalledOnce());
    f.stop();
    expect(signal?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(f.replies).toEqual([]);
  });
});
