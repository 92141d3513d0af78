/**
 * Workspace paths: every path a plan names comes from the model and may end
 * up as a file in the user's project folder, so it is checked and put in one
 * spelling before anything stores, shows or writes it. A safe path is
 * relative, POSIX, NFC, without `.`/`..`/empty segments, and a name that
 * Windows, macOS and Linux all accept.
 */
import { CodelumiError } from '../core/errors';

/** A checked path, or why it was refused (a sentence the user can read). */
export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Longest path accepted, in characters (Windows' MAX_PATH is 260 with the folder in front). */
export const MAX_PATH_LENGTH = 200;
/** Longest single name (file systems allow 255 bytes; UTF-8 takes up to 4 a character). */
export const MAX_NAME_LENGTH = 120;
/** Deepest nesting accepted. */
export const MAX_DEPTH = 16;

// Windows refuses these whole names, with or without an extension (CON.txt), in any case; also COM¹…LPT³.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
// Characters Windows refuses in names (":" is also macOS's separator in Finder and Windows' stream marker).
const FORBIDDEN_CHARACTER = /[<>:"|?*]/;
// Control characters and invisible format characters (bidi overrides, zero-width joiners, BOM) that disguise a name.
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function refuse(reason: string): PathCheck {
  return { ok: false, reason };
}

/** Checks one name (a segment between slashes); undefined when it is fine. */
function nameProblem(name: string): string | undefined {
  if (name === '..') return 'it climbs out of its folder with “..”';
  if (name.length > MAX_NAME_LENGTH)
    return `the name “${name.slice(0, 20)}…” is longer than ${MAX_NAME_LENGTH} characters`;
  if (RESERVED.test(name)) return `“${name}” is a name Windows reserves for a device`;
  if (/[. ]$/.test(name)) return `“${name}” ends with a dot or a space, which Windows drops`;
  if (name.toLowerCase() === '.git') return 'it writes inside a .git folder, which holds the project’s history';
  return undefined;
}

/**
 * The path in its one spelling (`./src//app.ts` → `src/app.ts`), or why it
 * is refused: empty, absolute (`/`, `~`, `C:`), `..` anywhere, a backslash,
 * a control or invisible character, a character or name Windows refuses, a
 * `.git` folder, or too long or too deep. Surrounding spaces are trimmed and
 * the text is put in Unicode NFC (macOS would store `é` as two characters).
 */
export function safeRelativePath(input: unknown): PathCheck {
  if (typeof input !== 'string') return refuse('it is not text');
  const text = input.trim().normalize('NFC');
  if (!text) return refuse('it is empty');
  if (HIDDEN_CHARACTER.test(text)) return refuse('it contains a control or invisible character');
  if (text.includes('\\')) return refuse('it contains a backslash (use “/” between folders)');
  if (text.startsWith('/')) return refuse('it is absolute (starts with “/”)');
  if (text.startsWith('~')) return refuse('it points into a home folder (starts with “~”)');
  if (/^[a-z]:/i.test(text)) return refuse('it starts with a drive letter');
  if (FORBIDDEN_CHARACTER.test(text)) return refuse('it contains one of < > : " | ? *');
  const names = text.split('/').filter((n) => n !== '' && n !== '.');
  if (names.length === 0) return refuse('it names no file');
  for (const name of names) {
    const problem = nameProblem(name);
    if (problem) return refuse(problem);
  }
  if (names.length > MAX_DEPTH) return refuse(`it is nested deeper than ${MAX_DEPTH} folders`);
  const path = names.join('/');
  if (path.length > MAX_PATH_LENGTH) return refuse(`it is longer than ${MAX_PATH_LENGTH} characters`);
  return { ok: true, path };
}

/** The safe spelling of `input`, or undefined when it is refused. */
export function cleanPath(input: unknown): string | undefined {
  const checked = safeRelativePath(input);
  return checked.ok ? checked.path : undefined;
}

/**
 * The safe spelling of `input` (as cleanPath), or an `invalid:path`
 * CodelumiError quoting it (at most 120 characters) and why, followed by
 * `advice` (what the user should do next).
 */
export function requireSafePath(input: string, advice: string): string {
  const checked = safeRelativePath(input);
  if (checked.ok) return checked.path;
  throw new CodelumiError(
    'invalid:path',
    `The file path “${String(input).slice(0, 120)}” cannot be used: ${checked.reason}. ${advice}`,
  );
}

/**
 * The key two paths share when they name the same file on a case-insensitive
 * file system (Windows, macOS): `src/App.ts` and `src/app.ts` clash.
 */
export function pathKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * True when the safe path `path` is `folder` itself or inside it (for one
 * folder or any of several). The empty folder `''` is the workspace's root
 * and holds every path. Compares whole names: `src2/a.ts` is not inside `src`.
 */
export function isInside(folders: string | readonly string[], path: string): boolean {
  const list = typeof folders === 'string' ? [folders] : folders;
  return list.some((folder) => {
    const f = folder.endsWith('/') ? folder.slice(0, -1) : folder;
    return f === '' || path === f || path.startsWith(`${f}/`);
  });
}

/** The folders that hold `path`, outermost first (`a/b/c.ts` → `a`, `a/b`): what must exist before it is written. */
export function parentFolders(path: string): string[] {
  const names = path.split('/');
  return names.slice(0, -1).map((_, i) => names.slice(0, i + 1).join('/'));
}

export { folderOf, joinPath } from '../core/paths';

/**
 * True for a path in a tool folder or a dot-file (`.vscode/tasks.json`,
 * `.husky/pre-commit`, `.github/…`, `.npmrc`): such files run code on the
 * user's machine when a folder is opened or a commit made.
 */
export function isToolPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}
