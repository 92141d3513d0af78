/**
 * Fetching the sandbox's runtime files from the app's /runner/ folder (the
 * only address the runner frame's CSP allows), with progress, and
 * pyodide.asm.wasm compiled as it downloads. Used by the runner frame
 * (frame.ts), which hands the files to its workers.
 */

/** Bytes received so far and the expected total (0 when the server did not say). */
export type Progress = (loaded: number, total: number) => void;

/** Fetches one runtime file, reporting bytes as they arrive. */
export async function download(
  base: string,
  name: string,
  as: 'text' | 'buffer',
  progress?: Progress,
): Promise<string | ArrayBuffer> {
  const res = await fetch(base + name);
  if (!res.ok || !res.body) throw new Error(`${name}: HTTP ${res.status}`);
  const bytes = await readBody(res, progress);
  return as === 'text' ? new TextDecoder().decode(bytes) : bytes;
}

/** A response's whole body, reporting bytes as they arrive. */
export async function readBody(res: Response, progress?: Progress): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('Content-Length') ?? 0);
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    progress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes.buffer;
}

export const WASM = 'pyodide/pyodide.asm.wasm';

/**
 * pyodide.asm.wasm, compiled while it downloads (streaming compilation, on
 * V8's background threads, overlapping the download): its Module goes to
 * every Python worker, none compiles it again. (V8's code cache for wasm
 * needs a response from Cache Storage or the HTTP cache; measured in
 * Chromium 156, the opaque-origin frame's fetches reach neither, so each
 * page compiles anew.) Where streaming cannot be used (no `compileStreaming`,
 * or a server that does not say application/wasm), the bytes: the first
 * worker compiles them, as before.
 */
export async function compileWasm(
  base: string,
  progress: Progress,
): Promise<{ module: WebAssembly.Module } | { wasm: ArrayBuffer }> {
  const res = await fetch(base + WASM);
  if (!res.ok || !res.body) throw new Error(`${WASM}: HTTP ${res.status}`);
  const type = res.headers.get('Content-Type')?.split(';')[0].trim();
  if (typeof WebAssembly.compileStreaming !== 'function' || type !== 'application/wasm')
    return { wasm: await readBody(res, progress) };
  // The copy only counts bytes for the progress shown; the compiler reads the response itself.
  void readBody(res.clone(), progress).catch(() => undefined);
  try {
    return { module: await WebAssembly.compileStreaming(res) };
  } catch {
    // Whatever stopped it here (a cut download, a policy) is for the worker's own compile to report, if it persists.
    return { wasm: (await download(base, WASM, 'buffer', progress)) as ArrayBuffer };
  }
}
