import { describe, expect, it } from 'vitest';
import { serveRuntimeFiles } from '@/lib/runner/runtime-server';
import { createFileClient, WASM } from '@/workers/sandbox/runtime-files';

/** The smallest valid WebAssembly module: the magic number and version. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** A frame's file client connected to a page's server over a real MessageChannel; `files` are the app's /runner/. */
function connected(files: Record<string, { chunks: Uint8Array[]; status?: number }>) {
  const requested: string[] = [];
  const fetchImpl = (async (url: string) => {
    const name = url.slice('https://app.test/runner/'.length);
    requested.push(name);
    const file = files[name];
    if (!file) return new Response('missing', { status: 404 });
    const total = file.chunks.reduce((n, c) => n + c.length, 0);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of file.chunks) c.enqueue(chunk.slice());
        c.close();
      },
    });
    return new Response(body, { status: file.status ?? 200, headers: { 'Content-Length': String(total) } });
  }) as unknown as typeof fetch;
  const channel = new MessageChannel();
  const stop = serveRuntimeFiles(channel.port1, 'https://app.test/runner/', fetchImpl);
  const client = createFileClient();
  return { client, channel, stop, requested };
}

describe('the frame’s runtime files, from the app page', () => {
  it('waits for the page’s port, then downloads a file whole, reporting bytes as they arrive', async () => {
    const { client, channel, stop, requested } = connected({
      'worker.js': { chunks: [new TextEncoder().encode('self.x = '), new TextEncoder().encode('1;')] },
    });
    const progress: [number, number][] = [];
    const text = client.download('worker.js', 'text', (l, t) => progress.push([l, t]));
    await new Promise((r) => setTimeout(r, 5));
    expect(requested).toEqual([]);
    client.connect(channel.port2);
    expect(await text).toBe('self.x = 1;');
    expect(progress).toEqual([
      [9, 11],
      [11, 11],
    ]);
    stop();
  });

  it('fails a download with the page’s reason', async () => {
    const { client, channel, stop } = connected({ 'pyodide/python_stdlib.zip': { chunks: [], status: 503 } });
    client.connect(channel.port2);
    await expect(client.download('pyodide/python_stdlib.zip', 'buffer')).rejects.toThrow(
      'pyodide/python_stdlib.zip: HTTP 503',
    );
    stop();
  });

  it('compiles pyodide.asm.wasm as it arrives, into a Module', async () => {
    const { client, channel, stop } = connected({
      [WASM]: { chunks: [EMPTY_MODULE.slice(0, 3), EMPTY_MODULE.slice(3)] },
    });
    client.connect(channel.port2);
    let loaded = 0;
    const code = await client.compileWasm((l) => (loaded = l));
    expect('module' in code && code.module instanceof WebAssembly.Module).toBe(true);
    expect(loaded).toBe(EMPTY_MODULE.length);
    stop();
  });

  it('hands over the bytes when streaming compilation fails, for the worker to compile and report', async () => {
    const junk = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const { client, channel, stop, requested } = connected({ [WASM]: { chunks: [junk] } });
    client.connect(channel.port2);
    const code = await client.compileWasm(() => undefined);
    expect('wasm' in code && [...new Uint8Array(code.wasm)]).toEqual([...junk]);
    expect(requested).toEqual([WASM, WASM]);
    stop();
  });
});
