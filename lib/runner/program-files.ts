/**
 * The files of a multi-file program, as the app hands them to the sandbox:
 * the run's `code` sits at `path` in a tree of workspace-relative POSIX
 * paths, with the program's other `files` and the tests at `testsPath`.
 * One check, shared by the host (which refuses a bad tree before sending
 * it, with a message saying what is wrong), the protocol's zod schema and
 * the sandbox frame's own check, so all three accept exactly the same trees.
 */
import type { WorkerLanguage } from './languages';

/** One file of the program besides its code and tests. */
export interface ProgramFile {
  path: string;
  content: string;
}

/** Most files a run may carry besides its code and tests. */
export const MAX_PROGRAM_FILES = 500;
/** Longest path, in characters. */
export const MAX_PATH_LENGTH = 300;
/** Most characters of one file (the same as the code's own limit). */
export const MAX_FILE_CHARS = 1_000_000;
/** Most characters of code, tests and files together. */
export const MAX_PROGRAM_CHARS = 5_000_000;

/** Where the code sits when the run names no path. */
export function defaultCodePath(language: WorkerLanguage, jsx?: boolean): string {
  if (language === 'python') return 'main.py';
  return language === 'typescript' ? (jsx ? 'main.tsx' : 'main.ts') : jsx ? 'main.jsx' : 'main.js';
}

/** Where the tests sit when the run names no path. */
export function defaultTestsPath(language: WorkerLanguage): string {
  return language === 'python' ? 'tests.py' : language === 'typescript' ? 'tests.ts' : 'tests.js';
}

/** Why `path` is not a workspace-relative POSIX file path, or undefined when it is one. */
export function pathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.length === 0) return 'a file has no path';
  const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
  if (path.length > MAX_PATH_LENGTH) return `the path ${shown} is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.includes('\\')) return `the path ${shown} has a backslash (use / between folders)`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    return `the path ${shown} is absolute (give it relative to the workspace)`;
  // Control characters would let a path pretend to be another in messages and stacks.
  if (/[\u0000-\u001f\u007f]/.test(path)) return `the path ${shown} has a control character`;
  for (const segment of path.split('/')) {
    if (segment === '') return `the path ${shown} has an empty folder name (// or a trailing /)`;
    if (segment === '..') return `the path ${shown} leaves the workspace (..)`;
    if (segment === '.') return `the path ${shown} has a . segment`;
  }
  return undefined;
}

/** The parts of a run request this file checks. */
export interface ProgramTree {
  language: WorkerLanguage;
  jsx?: boolean;
  code: string;
  tests?: string;
  path?: string;
  testsPath?: string;
  files?: readonly ProgramFile[];
}

/**
 * Why the run's tree cannot run, in a sentence the caller can show, or
 * undefined when it can: bad or duplicate paths (a file given twice, or
 * a file at the code's or the tests' path), too many files, too much text.
 */
export function programTreeProblem(tree: ProgramTree): string | undefined {
  const files = tree.files ?? [];
  if (!Array.isArray(files)) return 'files must be a list';
  if (files.length > MAX_PROGRAM_FILES) return `${files.length} files were given; at most ${MAX_PROGRAM_FILES} can run`;
  const seen = new Map<string, string>();
  let total = tree.code.length + (tree.tests?.length ?? 0);
  const claim = (path: string, what: string): string | undefined => {
    const problem = pathProblem(path);
    if (problem) return problem;
    const before = seen.get(path);
    if (before) return `${JSON.stringify(path)} is given twice (${before} and ${what})`;
    seen.set(path, what);
    return undefined;
  };
  if (tree.testsPath !== undefined && tree.tests === undefined) return 'testsPath is given without tests';
  if (isMultiFile(tree)) {
    const paths = programPaths(tree);
    const p = claim(paths.code, 'the code') ?? (tree.tests !== undefined ? claim(paths.tests, 'the tests') : undefined);
    if (p) return p;
  }
  for (const f of files) {
    if (typeof f !== 'object' || f === null || typeof f.content !== 'string') return 'a file has no text content';
    const p = claim(f.path, 'in files');
    if (p) return p;
    if (f.content.length > MAX_FILE_CHARS)
      return `${JSON.stringify(f.path)} is longer than ${MAX_FILE_CHARS.toLocaleString('en')} characters`;
    total += f.content.length;
  }
  // A path cannot be a file and a folder at once ('a' and 'a/b').
  for (const path of seen.keys()) {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      const folder = path.slice(0, i);
      if (seen.has(folder)) return `${JSON.stringify(folder)} is a file and also the folder of ${JSON.stringify(path)}`;
    }
  }
  if (total > MAX_PROGRAM_CHARS)
    return `the program's files hold ${total.toLocaleString('en')} characters; at most ${MAX_PROGRAM_CHARS.toLocaleString('en')} can run`;
  return undefined;
}

/** Where the code and the tests sit: the paths the run names, or the defaults for its language. */
export function programPaths(tree: Pick<ProgramTree, 'language' | 'jsx' | 'path' | 'testsPath'>): {
  code: string;
  tests: string;
} {
  return {
    code: tree.path ?? defaultCodePath(tree.language, tree.jsx),
    tests: tree.testsPath ?? defaultTestsPath(tree.language),
  };
}

/** True when the run is a multi-file program (it names files or paths), not a single block of code. */
export function isMultiFile(tree: Pick<ProgramTree, 'files' | 'path' | 'testsPath'>): boolean {
  return (tree.files?.length ?? 0) > 0 || tree.path !== undefined || tree.testsPath !== undefined;
}
