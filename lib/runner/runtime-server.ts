/**
 * The app's side of the runner frame's runtime files. The frame is an
 * opaque-origin srcdoc document: its own fetches are not controlled by the
 * app's service worker, so they would go to the network on every page and
 * fail offline. A same-origin worker the app page starts
 * (workers/sandbox/files.worker.ts) is controlled (the service worker caches
 * /runner/ on first use), so it fetches the files the frame asks for and
 * streams them over a private MessagePort, each chunk transferred, not
 * copied, off the page's main thread (the page itself serves them only
 * where no worker can start). Only the runtime files listed here are
 * served; nothing else of the app's origin can be asked for through the port.
 */

/** The files under /runner/ the frame may ask for. */
export const RUNTIME_FILES = [
  'worker.js',
  'transpiler.js',
  'pyodide/pyodide.mjs',
  'pyodide/pyodide.asm.mjs',
  'pyodide/pyodide.asm.wasm',
  'pyodide/python_stdlib.zip',
  'pyodide/pyodide-lock.json',
  'pyodide/harness.snapshot',
] as const;
export type RuntimeFile = (typeof RUNTIME_FILES)[number];

/** Frame → page: send `name`, with replies tagged `id`. */
export interface FileRequest {
  type: 'get';
  id: number;
  name: RuntimeFile;
}

/**
 * Page → frame, for one request: `head` (expected bytes, 0 when unknown),
 * then `chunk`s (each buffer transferred), then `end`; or `error` at any
 * point, after which nothing more comes for that id.
 */
export type FileReply =
  | { type: 'head'; id: number; total: number }
  | { type: 'chunk'; id: number; bytes: ArrayBuffer }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; message: string };

const SERVED = new Set<string>(RUNTIME_FILES);

function readRequest(data: unknown): FileRequest | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.type !== 'get' || !Number.isSafeInteger(m.id) || typeof m.name !== 'string' || !SERVED.has(m.name))
    return undefined;
  return { type: 'get', id: m.id as number, name: m.name as RuntimeFile };
}

/** A chunk's bytes as a buffer of their own, so it can be transferred (a view of a shared buffer is copied once). */
function ownBuffer(chunk: Uint8Array): ArrayBuffer {
  return chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer
    ? chunk.buffer
    : (chunk.slice().buffer as ArrayBuffer);
}

/**
 * Answers the frame's file requests on `port` from `assetBase` (the app's
 * /runner/ folder) until the returned stop, which closes the port and
 * cancels downloads in flight. A request for anything not in RUNTIME_FILES
 * is ignored. An HTTP failure is sent as `error` "<name>: HTTP <status>".
 */
export function serveRuntimeFiles(port: MessagePort, assetBase: string, fetchImpl: typeof fetch): () => void {
  const abort = new AbortController();
  const send = (reply: FileReply, transfer: Transferable[] = []) => {
    if (!abort.signal.aborted) port.postMessage(reply, transfer);
  };
  const serve = async ({ id, name }: FileRequest) => {
    try {
      const res = await fetchImpl(assetBase + name, { signal: abort.signal });
      if (!res.ok || !res.body) throw new Error(`${name}: HTTP ${res.status}`);
      send({ type: 'head', id, total: Number(res.headers.get('Content-Length') ?? 0) });
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const bytes = ownBuffer(value);
        send({ type: 'chunk', id, bytes }, [bytes]);
      }
      send({ type: 'end', id });
    } catch (e) {
      send({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  };
  port.onmessage = (e: MessageEvent) => {
    const request = readRequest(e.data);
    if (request) void serve(request);
  };
  return () => {
    abort.abort();
    port.onmessage = null;
    port.close();
  };
}
