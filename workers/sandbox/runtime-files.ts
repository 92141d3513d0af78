/**
 * The sandbox's runtime files, as the runner frame gets them: from the app
 * page over a private MessagePort (lib/runner/runtime-server.ts), never by
 * its own fetch. The frame's opaque origin puts its fetches outside the
 * service worker, so they would download every file on every page and fail
 * offline; the page's fetches come from the worker's cache. Chunks arrive
 * transferred, with progress counted as they come, and pyodide.asm.wasm is
 * compiled as it arrives.
 */
import type { FileReply, FileRequest, RuntimeFile } from '../../lib/runner/runtime-server';

/** Bytes received so far and the expected total (0 when the server did not say). */
export type Progress = (loaded: number, total: number) => void;

export const WASM = 'pyodide/pyodide.asm.wasm';

/** The frame's connection to the page's file server: requests wait until the page hands over the port. */
export function createFileClient() {
  let connect: (port: MessagePort) => void = () => undefined;
  const portReady = new Promise<MessagePort>((resolve) => (connect = resolve));
  const streams = new Map<number, (reply: FileReply) => void>();
  let nextId = 0;
  void portReady.then((port) => {
    port.onmessage = (e: MessageEvent<FileReply>) => streams.get(e.data?.id)?.(e.data);
  });

  /** `name` as a stream of its bytes, opened once its head (or error) has arrived. */
  async function open(name: RuntimeFile, progress?: Progress): Promise<ReadableStream<Uint8Array>> {
    const port = await portReady;
    const id = nextId++;
    let opened: (total: number) => void = () => undefined;
    let refused: (e: Error) => void = () => undefined;
    const head = new Promise<number>((resolve, reject) => ((opened = resolve), (refused = reject)));
    let total = 0;
    let loaded = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        streams.set(id, (reply) => {
          if (reply.type === 'head') {
            total = reply.total;
            opened(total);
          } else if (reply.type === 'chunk') {
            loaded += reply.bytes.byteLength;
            progress?.(loaded, total);
            controller.enqueue(new Uint8Array(reply.bytes));
          } else {
            streams.delete(id);
            if (reply.type === 'end') controller.close();
            else {
              const error = new Error(reply.message);
              refused(error);
              controller.error(error);
            }
          }
        });
      },
      cancel: () => void streams.delete(id),
    });
    port.postMessage({ type: 'get', id, name } satisfies FileRequest);
    await head;
    return body;
  }

  /** `name` whole, as text or bytes, reporting bytes as they arrive. */
  async function download(
    name: RuntimeFile,
    as: 'text' | 'buffer',
    progress?: Progress,
  ): Promise<string | ArrayBuffer> {
    const bytes = await new Response(await open(name, progress)).arrayBuffer();
    return as === 'text' ? new TextDecoder().decode(bytes) : bytes;
  }

  /**
   * pyodide.asm.wasm, compiled while it arrives (streaming compilation, on
   * V8's background threads, overlapping the transfer): its Module goes to
   * every Python worker, none compiles it again. Without
   * `compileStreaming`, or if it fails, the bytes: the first worker compiles
   * them. (V8's code cache for wasm needs a response from Cache Storage or
   * the HTTP cache, which a stream handed over by the page is not: each
   * page compiles anew.)
   */
  async function compileWasm(progress: Progress): Promise<{ module: WebAssembly.Module } | { wasm: ArrayBuffer }> {
    if (typeof WebAssembly.compileStreaming !== 'function')
      return { wasm: (await download(WASM, 'buffer', progress)) as ArrayBuffer };
    const body = await open(WASM, progress);
    try {
      const res = new Response(body, { headers: { 'Content-Type': 'application/wasm' } });
      return { module: await WebAssembly.compileStreaming(res) };
    } catch {
      // Whatever stopped it here (a cut transfer, a policy) is for the worker's own compile to report, if it persists.
      return { wasm: (await download(WASM, 'buffer', progress)) as ArrayBuffer };
    }
  }

  return { connect: (port: MessagePort) => connect(port), download, compileWasm };
}
