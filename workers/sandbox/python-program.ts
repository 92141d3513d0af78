/**
 * Python in the sandbox's worker: Pyodide started from files the frame
 * handed over (the worker itself cannot fetch them offline), the harness
 * loaded once, then one `__codelumi_run` per program. A timed-out program
 * costs the whole worker; the frame starts a new one for the next run.
 */
import { PYTHON_HARNESS } from '../../lib/runner/python-harness';
import type { RunRequest } from '../../lib/runner/protocol';
import type { RunIO, RunSummary } from './io';

/** The Pyodide runtime files, as the frame hands them to the worker. */
export interface PythonFiles {
  loader: string;
  asm: string;
  wasm: ArrayBuffer;
  stdlib: ArrayBuffer;
  lock: string;
}

interface Pyodide {
  runPython(code: string): unknown;
  globals: { get(name: string): ((...args: unknown[]) => unknown) & { destroy?: () => void } };
  setStdout(o: { write: (buf: Uint8Array) => number }): void;
  setStderr(o: { write: (buf: Uint8Array) => number }): void;
  toPy(v: unknown): unknown;
}

/** Files are served to Pyodide from memory under this made-up address; nothing is fetched. */
const VIRTUAL_BASE = 'https://pyodide.codelumi.invalid/';

let pyodide: Pyodide | undefined;
let sink: RunIO | undefined;

function serveFromMemory(files: PythonFiles): void {
  const realFetch = globalThis.fetch.bind(globalThis);
  const table: Record<string, { body: ArrayBuffer; type: string }> = {
    'pyodide.asm.wasm': { body: files.wasm, type: 'application/wasm' },
    'python_stdlib.zip': { body: files.stdlib, type: 'application/zip' },
  };
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(VIRTUAL_BASE)) {
      const file = table[url.slice(VIRTUAL_BASE.length)];
      if (!file) return new Response('Not in the sandbox', { status: 404 });
      return new Response(file.body, { headers: { 'Content-Type': file.type } });
    }
    return realFetch(input, init);
  }) as typeof fetch;
}

function moduleUrl(source: string): string {
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

/** Starts Pyodide from `files` (once per worker). */
export async function loadPython(files: PythonFiles): Promise<void> {
  if (pyodide) return;
  serveFromMemory(files);
  const [{ loadPyodide }, asm] = await Promise.all([import(/* webpackIgnore: true */ moduleUrl(files.loader)), import(/* webpackIgnore: true */ moduleUrl(files.asm))]);
  const decoderOut = new TextDecoder();
  const decoderErr = new TextDecoder();
  const py: Pyodide = await loadPyodide({
    indexURL: VIRTUAL_BASE,
    stdLibURL: `${VIRTUAL_BASE}python_stdlib.zip`,
    lockFileContents: files.lock,
    createPyodideModule: asm.default,
    stdin: () => null,
    env: { HOME: '/home/pyodide' },
  });
  py.setStdout({ write: (buf) => (sink?.write('stdout', decoderOut.decode(buf, { stream: true })), buf.length) });
  py.setStderr({ write: (buf) => (sink?.write('stderr', decoderErr.decode(buf, { stream: true })), buf.length) });
  py.runPython(PYTHON_HARNESS);
  try {
    const lock = JSON.parse(files.lock) as { packages?: Record<string, { imports?: string[] }> };
    const names = Object.values(lock.packages ?? {}).flatMap((p) => p.imports ?? []);
    py.globals.get('__codelumi_set_shipped')(py.toPy(names));
  } catch {
    // Only the wording of "module not found" errors depends on this.
  }
  pyodide = py;
}

/** Runs one Python program (code, then tests) with the harness. */
export function runPython(req: RunRequest, io: RunIO): RunSummary {
  if (!pyodide) return { passed: 0, failed: 0, error: { kind: 'sandbox', message: 'Python is not loaded.' } };
  sink = io;
  const run = pyodide.globals.get('__codelumi_run');
  io.started();
  try {
    const json = String(run(req.code, req.tests ?? ''));
    const r = JSON.parse(json) as { passed: number; failed: number; error: RunSummary['error'] | null };
    const error = r.error ? { ...r.error, line: r.error.line ?? undefined, column: r.error.column ?? undefined } : undefined;
    return { passed: r.passed, failed: r.failed, error };
  } catch (e) {
    // The harness itself failed (e.g. the program broke the interpreter): show it as the program's error.
    const message = e instanceof Error ? e.message : String(e);
    io.write('stderr', `${message}\n`);
    return { passed: 0, failed: 0, error: { kind: 'runtime', message: message.split('\n').filter(Boolean).pop() ?? message } };
  } finally {
    run.destroy?.();
    sink = undefined;
  }
}
