/**
 * Python in the sandbox's worker. Each worker hosts exactly one Pyodide
 * interpreter, and each interpreter runs exactly one program: the frame
 * terminates the worker after the run and hands the next run a new one (see
 * frame.ts). Nothing a program does to the interpreter (builtins,
 * sys.modules, sys.stdout, audit hooks, files, os.environ, random state)
 * can reach another run, and each interpreter's `random` is seeded afresh.
 *
 * Start-up is kept cheap: the frame compiles the WebAssembly module once and
 * posts it here (no download, no compile per worker), and every interpreter
 * starts from a memory snapshot of one with the harness loaded, without
 * running Python's start-up: the one the build ships (python-prepare.ts), or,
 * where that cannot be used, one the first interpreter makes of itself.
 *
 * Results do not go through anything the program can replace: the harness
 * reports each passed or failed test to JavaScript as it happens, into a
 * ledger this module created before the program started, which also knows
 * the tests to expect (test-ledger.ts, python-harness.ts), so monkeypatching
 * json, print or sys.stdout, or ending the program early, cannot change them.
 */
import { INTERPRETER_ENV, isPrepared, prepareInterpreter } from './python-prepare';
import type { RunRequest } from '../../lib/runner/protocol';
import { isMultiFile, programPaths } from '../../lib/runner/program-files';
import { createTestLedger } from '../../lib/runner/test-ledger';
import type { RunIO, RunSummary } from './io';

/** The Pyodide runtime, as the frame hands it to each worker. */
export interface PythonFiles {
  loader: string;
  asm: string;
  /**
   * The compiled pyodide.asm.wasm (a Module can be posted between workers and
   * the frame; compiling once saves every later start). The frame compiles it
   * while it downloads; where it cannot, the first worker gets the bytes
   * instead, compiles them on its own thread and hands the Module on.
   */
  module?: WebAssembly.Module;
  wasm?: ArrayBuffer;
  stdlib: ArrayBuffer;
  lock: string;
  /**
   * A memory snapshot of an interpreter with the harness loaded: the build's, or the first interpreter's;
   * absent when there is none yet (the interpreter makes one).
   */
  snapshot?: ArrayBuffer;
}

interface Pyodide {
  runPython(code: string): unknown;
  globals: { get(name: string): ((...args: unknown[]) => unknown) & { destroy?: () => void } };
  setStdout(o: { write: (buf: Uint8Array) => number }): void;
  setStderr(o: { write: (buf: Uint8Array) => number }): void;
  toPy(v: unknown): unknown;
  makeMemorySnapshot(): Uint8Array;
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
}

/**
 * Where a multi-file program's files are written: a folder no run had (each
 * interpreter runs one program, and the snapshot later interpreters start
 * from was taken before any program ran, so it holds none of a run's files).
 */
const PROGRAM_ROOT = '/home/pyodide/workspace';

/** Writes the program's files (code and tests at their paths too) under PROGRAM_ROOT. */
function writeProgram(py: Pyodide, req: RunRequest): { root: string; code: string; tests: string } {
  const paths = programPaths(req);
  const files = [...(req.files ?? []), { path: paths.code, content: req.code }];
  if (req.tests !== undefined) files.push({ path: paths.tests, content: req.tests });
  py.FS.mkdirTree(PROGRAM_ROOT);
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    if (slash > 0) py.FS.mkdirTree(`${PROGRAM_ROOT}/${f.path.slice(0, slash)}`);
    py.FS.writeFile(`${PROGRAM_ROOT}/${f.path}`, f.content);
  }
  return { root: PROGRAM_ROOT, code: paths.code, tests: paths.tests };
}

/** Files are served to Pyodide from memory under this made-up address; nothing is fetched. */
const VIRTUAL_BASE = 'https://pyodide.codelumi.invalid/';

let pyodide: Pyodide | undefined;
let used = false;
let sink: RunIO | undefined;

function serveFromMemory(files: PythonFiles & { module: WebAssembly.Module }): () => void {
  const realFetch = globalThis.fetch;
  const realStreaming = WebAssembly.instantiateStreaming;
  const table: Record<string, { body: ArrayBuffer; type: string }> = {
    'python_stdlib.zip': { body: files.stdlib, type: 'application/zip' },
  };
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(VIRTUAL_BASE)) {
      const file = table[url.slice(VIRTUAL_BASE.length)];
      if (!file) return new Response('Not in the sandbox', { status: 404 });
      return new Response(file.body, { headers: { 'Content-Type': file.type } });
    }
    return realFetch.call(globalThis, input, init);
  }) as typeof fetch;
  // Pyodide instantiates pyodide.asm.wasm from a fetched response; it gets the frame's compiled module instead.
  WebAssembly.instantiateStreaming = (async (_source: unknown, imports?: WebAssembly.Imports) => ({
    instance: await WebAssembly.instantiate(files.module, imports),
    module: files.module,
  })) as typeof WebAssembly.instantiateStreaming;
  return () => {
    globalThis.fetch = realFetch;
    WebAssembly.instantiateStreaming = realStreaming;
  };
}

function moduleUrl(source: string): string {
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

/**
 * Starts this worker's interpreter from `files`. With a snapshot given (the
 * one the build ships, or one an earlier interpreter made) it is restored
 * from it; without one, or when the one given cannot be restored or holds
 * another harness (python-prepare.ts), it starts the slow way, prepares
 * itself and resolves with a snapshot of itself for the frame to start the
 * next ones from. Every interpreter resolves with the compiled module.
 */
export async function loadPython(
  given: PythonFiles,
): Promise<{ snapshot?: ArrayBuffer; module: WebAssembly.Module } | undefined> {
  if (pyodide) return undefined;
  const module = given.module ?? (await WebAssembly.compile(given.wasm!));
  const files = { ...given, module };
  const restore = serveFromMemory(files);
  let snapshot: ArrayBuffer | undefined;
  try {
    const [{ loadPyodide }, asm] = await Promise.all([
      import(/* webpackIgnore: true */ moduleUrl(files.loader)),
      import(/* webpackIgnore: true */ moduleUrl(files.asm)),
    ]);
    const load = (from: { _loadSnapshot: ArrayBuffer } | { _makeSnapshot: true }): Promise<Pyodide> =>
      loadPyodide({
        indexURL: VIRTUAL_BASE,
        stdLibURL: `${VIRTUAL_BASE}python_stdlib.zip`,
        lockFileContents: files.lock,
        createPyodideModule: asm.default,
        stdin: () => null,
        env: { ...INTERPRETER_ENV },
        ...from,
      });
    let py: Pyodide | undefined;
    if (files.snapshot) {
      py = await load({ _loadSnapshot: files.snapshot }).catch((e: unknown) => {
        console.warn('Codelumi sandbox: the Python snapshot could not be restored', e);
        return undefined;
      });
      if (py && !isPrepared(py, files.lock)) {
        console.warn('Codelumi sandbox: the Python snapshot holds another harness; starting without it');
        py = undefined;
      }
    }
    if (!py) {
      py = await load({ _makeSnapshot: true });
      prepareInterpreter(py, files.lock);
      try {
        const made = py.makeMemorySnapshot();
        // Pyodide returns a new array filling its own buffer (~30 MB): handed on as it is, not copied again.
        snapshot =
          made.byteOffset === 0 && made.byteLength === made.buffer.byteLength
            ? (made.buffer as ArrayBuffer)
            : made.slice().buffer;
      } catch (e) {
        // Without a snapshot every interpreter starts the slow way; runs stay correct.
        console.warn('Codelumi sandbox: no Python snapshot', e);
      }
    }
    // Every interpreter restored from one snapshot starts with the snapshot's random state (the same numbers
    // in every run): each is reseeded from the browser's cryptographic source, after the snapshot was made.
    const seed = new Uint32Array(8);
    crypto.getRandomValues(seed);
    py.runPython(`__import__('random').seed(0x${Array.from(seed, (n) => n.toString(16).padStart(8, '0')).join('')})`);
    const decoderOut = new TextDecoder();
    const decoderErr = new TextDecoder();
    py.setStdout({ write: (buf) => (sink?.write('stdout', decoderOut.decode(buf, { stream: true })), buf.length) });
    py.setStderr({ write: (buf) => (sink?.write('stderr', decoderErr.decode(buf, { stream: true })), buf.length) });
    pyodide = py;
  } finally {
    restore();
  }
  return { snapshot, module };
}

/** The file (and line) of a ledger id: `path::name`, `path:line:column` (an assert) or `path`. */
function failedTestAt(id: string): { file: string; line?: number; column?: number } {
  const named = id.indexOf('::');
  if (named >= 0) return { file: id.slice(0, named) };
  const assert = /^(.*):(\d+):(\d+)$/.exec(id);
  if (assert) return { file: assert[1], line: Number(assert[2]), column: Number(assert[3]) + 1 };
  return { file: id };
}

/** Runs one Python program (code, then tests) with the harness. An interpreter runs one program only. */
export function runPython(req: RunRequest, io: RunIO): RunSummary {
  if (!pyodide) return { passed: 0, failed: 0, error: { kind: 'sandbox', message: 'Python is not loaded.' } };
  if (used)
    return {
      passed: 0,
      failed: 0,
      error: { kind: 'sandbox', message: 'This Python interpreter has already run a program.' },
    };
  used = true;
  sink = io;
  // The harness reports each outcome into this ledger, created here before the program runs (see test-ledger.ts).
  const { report, summary, firstFailedId } = createTestLedger();
  const run = pyodide.globals.get('__codelumi_run');
  io.started();
  try {
    if (isMultiFile(req)) {
      const where = writeProgram(pyodide, req);
      run(req.code, req.tests ?? '', report, where.root, where.code, where.tests);
    } else run(req.code, req.tests ?? '', report);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const exit = /^Program terminated with exit\((-?\d+)\)$/.exec(message);
    if (exit) {
      // os._exit() ends the interpreter at once: tests that did not report by then count as failed.
      report.exited('os._exit');
      if (exit[1] !== '0') report.error('runtime', `os._exit(${exit[1]})`);
      report.finished();
    } else {
      // The harness itself failed (e.g. the program broke the interpreter): show it as the program's error.
      io.write('stderr', `${message}\n`);
      report.error('runtime', message.split('\n').filter(Boolean).pop() ?? message);
    }
  } finally {
    run.destroy?.();
    sink = undefined;
  }
  const result = summary({ testsGiven: !!req.tests?.trim() });
  if (result.notice) io.write('stderr', result.notice);
  let error = result.error;
  // A multi-file program's failed tests say which file (and, for an assert, which line) the first one is in.
  const first = firstFailedId();
  if (error?.kind === 'tests' && error.file === undefined && first && isMultiFile(req))
    error = { ...error, ...failedTestAt(first) };
  return { passed: result.passed, failed: result.failed, error };
}
