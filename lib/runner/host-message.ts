/**
 * The sandbox document's check of what the app sends it, without zod (the
 * frame script is inlined into every sandbox document, and zod would make it
 * ten times larger). It accepts exactly what `hostToSandboxSchema` in
 * ./protocol.ts accepts; a unit test holds the two together.
 */
import type { HostToSandbox } from './protocol';
import {
  MAX_FILE_CHARS,
  MAX_PATH_LENGTH,
  MAX_PROGRAM_FILES,
  programTreeProblem,
  type ProgramFile,
  type ProgramTree,
} from './program-files';

const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** The message as a run, cancel, warm-up or file-server message, or undefined when it is none of them. */
export function readHostMessage(data: unknown): HostToSandbox | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.type === 'files') return { type: 'files' };
  if (m.type === 'warm') return m.runtime === 'python' ? { type: 'warm', runtime: 'python' } : undefined;
  if (!isString(m.runId, 100) || m.runId.length === 0) return undefined;
  if (m.type === 'cancel') return { type: 'cancel', runId: m.runId };
  if (m.type !== 'run') return undefined;
  if (m.language !== 'python' && m.language !== 'javascript' && m.language !== 'typescript') return undefined;
  if (!isString(m.code, 1_000_000)) return undefined;
  if (m.tests !== undefined && !isString(m.tests, 1_000_000)) return undefined;
  if (m.jsx !== undefined && typeof m.jsx !== 'boolean') return undefined;
  if (!isInt(m.timeLimitMs, 100, 600_000) || !isInt(m.outputLimit, 1_000, 5_000_000)) return undefined;
  const isPath = (v: unknown): v is string => isString(v, MAX_PATH_LENGTH) && v.length > 0;
  if (m.path !== undefined && !isPath(m.path)) return undefined;
  if (m.testsPath !== undefined && !isPath(m.testsPath)) return undefined;
  let files: ProgramFile[] | undefined;
  if (m.files !== undefined) {
    if (!Array.isArray(m.files) || m.files.length > MAX_PROGRAM_FILES) return undefined;
    files = [];
    for (const f of m.files as unknown[]) {
      if (typeof f !== 'object' || f === null) return undefined;
      const { path, content } = f as Record<string, unknown>;
      if (!isPath(path) || !isString(content, MAX_FILE_CHARS)) return undefined;
      files.push({ path, content });
    }
  }
  const tree: ProgramTree = {
    language: m.language,
    jsx: m.jsx as boolean | undefined,
    code: m.code,
    tests: m.tests as string | undefined,
    path: m.path as string | undefined,
    testsPath: m.testsPath as string | undefined,
    files,
  };
  if (programTreeProblem(tree) !== undefined) return undefined;
  return {
    type: 'run',
    runId: m.runId,
    language: m.language,
    code: m.code,
    tests: m.tests as string | undefined,
    jsx: m.jsx as boolean | undefined,
    timeLimitMs: m.timeLimitMs,
    outputLimit: m.outputLimit,
    ...(files !== undefined ? { files } : {}),
    ...(tree.path !== undefined ? { path: tree.path } : {}),
    ...(tree.testsPath !== undefined ? { testsPath: tree.testsPath } : {}),
  };
}
