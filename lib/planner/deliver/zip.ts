/**
 * The workspace as a zip to download: the user's files and nothing else,
 * inside one top folder named after the plan. The bytes depend only on the
 * files (sorted paths, one fixed time stamp), so the same workspace always
 * gives the same zip.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { CodelumiError } from '../../core/errors';
import { requireSafePath } from '../paths';

/** What the user does about a path delivery refuses. */
export const UNSAFE_PATH_ADVICE = 'Rename the file in the plan and try again.';

/** One file to deliver: its workspace-relative path and its current content. */
export interface DeliveredFile {
  path: string;
  content: string;
}

/** Every entry's time stamp: 1980-01-01 00:00, the first time a zip can hold (local fields, so any time zone writes the same bytes). */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * The plan's title as a folder and file name: letters, digits, `-`, `_` and
 * `.` only, at most 60 characters, never empty or hidden ("workspace" then).
 */
export function safeFolderName(title: string): string {
  const dashed = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-');
  return trimDots(trimDots(dashed).slice(0, 60)) || 'workspace';
}

/** Without leading or trailing `-` and `.` (a hidden or dangling name); a loop, as a regex here would backtrack. */
function trimDots(name: string): string {
  let start = 0;
  let end = name.length;
  while (start < end && (name[start] === '-' || name[start] === '.')) start++;
  while (end > start && (name[end - 1] === '-' || name[end - 1] === '.')) end--;
  return name.slice(start, end);
}

/**
 * The zip of `files` under the folder `safeFolderName(title)`, and its file
 * name (`<folder>.zip`). Throws `invalid:path` for a path that is not safe
 * (paths.ts), or for two files at the same path once cleaned (or a file where another needs a folder).
 */
export function workspaceZip(title: string, files: readonly DeliveredFile[]): { name: string; bytes: Uint8Array } {
  const folder = safeFolderName(title);
  // Null-prototype objects: a file or folder named `__proto__` is an entry like any other.
  const tree = Object.create(null) as Zippable;
  // Compared in their one spelling: `a//b` and `a/b` are the same entry, so two of them clash.
  const cleaned = files.map((f) => ({ path: requireSafePath(f.path, UNSAFE_PATH_ADVICE), content: f.content }));
  const sorted = cleaned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const segments = file.path.split('/');
    let dir = tree;
    for (const segment of segments.slice(0, -1)) {
      const next = dir[segment] ?? (Object.create(null) as Zippable);
      if (next instanceof Uint8Array || Array.isArray(next)) clash(file.path);
      dir[segment] = next;
      dir = next as Zippable;
    }
    const leaf = segments[segments.length - 1];
    if (leaf in dir) clash(file.path);
    dir[leaf] = [strToU8(file.content), { mtime: FIXED_MTIME }];
  }
  const bytes = zipSync({ [folder]: tree }, { mtime: FIXED_MTIME, level: 6 });
  return { name: `${folder}.zip`, bytes };
}

function clash(path: string): never {
  throw new CodelumiError(
    'invalid:path',
    `Two files in the workspace claim the path “${path.slice(0, 120)}”. Rename one of them in the plan and download again.`,
  );
}
