/**
 * What an interpreter holds before its memory snapshot is taken: the test
 * harness, the names of the modules Pyodide ships, and a signature of both.
 * The sandbox's first interpreter prepares itself this way when it has no
 * snapshot to start from, and the build does the same in Node to ship one
 * (scripts/build/python-snapshot.mjs), so a fresh page starts Python from
 * memory instead of running its start-up. An interpreter restored from a
 * snapshot is used only if its signature is this harness's and this lock
 * file's: a snapshot of another harness is never run.
 */
import { PYTHON_HARNESS } from '../../lib/runner/python-harness';

/** The part of Pyodide's interface preparing uses. */
export interface PreparedPyodide {
  runPython(code: string): unknown;
  globals: { get(name: string): unknown };
  toPy(v: unknown): unknown;
}

const SIGNATURE_NAME = '__codelumi_snapshot_signature';

/**
 * The environment every interpreter starts with, the build's snapshot too: the same on every machine (Emscripten
 * would set LANG from the browser's language, or from nothing in Node), and nothing of the user's.
 */
export const INTERPRETER_ENV: Readonly<Record<string, string>> = { HOME: '/home/pyodide', LANG: 'C.UTF-8' };

/** FNV-1a (32 bits) of `text`, in hex. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The signature of an interpreter prepared with this harness and `lock` (pyodide-lock.json's text). */
export function snapshotSignature(lock: string): string {
  return `${fnv1a(PYTHON_HARNESS)}-${fnv1a(lock)}-${PYTHON_HARNESS.length}-${lock.length}`;
}

/** Loads the harness into a fresh interpreter and tells it the modules the lock file lists; then signs it. */
export function prepareInterpreter(py: PreparedPyodide, lock: string): void {
  py.runPython(PYTHON_HARNESS);
  try {
    const parsed = JSON.parse(lock) as { packages?: Record<string, { imports?: string[] }> };
    const names = Object.values(parsed.packages ?? {}).flatMap((p) => p.imports ?? []);
    const setShipped = py.globals.get('__codelumi_set_shipped') as ((names: unknown) => void) & {
      destroy?: () => void;
    };
    setShipped(py.toPy(names));
    setShipped.destroy?.();
  } catch (e) {
    // Only the wording of "module not found" errors depends on this.
    console.warn('Codelumi sandbox: the lock file could not be read', e);
  }
  py.runPython(`${SIGNATURE_NAME} = ${JSON.stringify(snapshotSignature(lock))}`);
}

/** True when `py` (restored from a snapshot) was prepared with this harness and `lock`. */
export function isPrepared(py: PreparedPyodide, lock: string): boolean {
  return py.globals.get(SIGNATURE_NAME) === snapshotSignature(lock);
}
