/**
 * The File System Access handles delivery writes through, declared
 * structurally (TypeScript's DOM library lacks the permission calls, and
 * tests pass an in-memory fake). Chromium's picked folders and its origin
 * private file system (`navigator.storage.getDirectory()`) both fit.
 */
import { CodelumiError } from '../../core/errors';
import type { CodelumiDB } from '../../db/db';
import { getProjectHandle } from '../../db/projects';

export interface WritableStreamLike {
  write(data: string): Promise<void>;
  close(): Promise<void>;
  abort?(reason?: unknown): Promise<void>;
}

export interface WritableFileHandleLike {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<{ text(): Promise<string> }>;
  createWritable(): Promise<WritableStreamLike>;
}

export interface WritableDirectoryHandleLike {
  readonly kind: 'directory';
  readonly name: string;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<WritableDirectoryHandleLike>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<WritableFileHandleLike>;
  removeEntry?(name: string): Promise<void>;
  queryPermission?(descriptor: { mode: 'readwrite' }): Promise<PermissionState>;
  requestPermission?(descriptor: { mode: 'readwrite' }): Promise<PermissionState>;
}

/**
 * The folder kept for an attached project (lib/projects attaches it with the
 * folder picker and keeps the handle in `projectHandles`), to write into;
 * undefined for an uploaded project or one attached before handles were
 * kept: the UI then offers the zip, or asks the user to pick the folder
 * (`showDirectoryPicker({ mode: 'readwrite' })`) from a click.
 */
export async function projectFolderHandle(
  db: CodelumiDB,
  projectId: string,
): Promise<WritableDirectoryHandleLike | undefined> {
  return (await getProjectHandle(db, projectId)) as unknown as WritableDirectoryHandleLike | undefined;
}

/**
 * Makes sure the folder may be written, asking the user when the browser has
 * not granted it (a prompt needs a click, so call it from one). Throws
 * `denied:folder_write` when refused; nothing has been written then.
 */
export async function ensureWritePermission(dir: WritableDirectoryHandleLike): Promise<void> {
  // Handles without the permission calls (the origin private file system in some engines) are always writable.
  if (!dir.queryPermission) return;
  if ((await dir.queryPermission({ mode: 'readwrite' })) === 'granted') return;
  const answer = dir.requestPermission ? await dir.requestPermission({ mode: 'readwrite' }) : 'denied';
  if (answer !== 'granted') {
    throw new CodelumiError('denied:folder_write', `Codelumi may not write into the folder “${dir.name}”.`, {
      cause: `permission ${answer}`,
    });
  }
}

/** True for the DOMException a handle throws when the entry is not there. */
export function isNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === 'NotFoundError';
}

/**
 * The directory at `segments` under `root`, each segment resolved through
 * `getDirectoryHandle` (a name, never a path, so nothing can lead outside
 * `root`). `create`: made as needed; otherwise undefined when one is missing.
 */
export async function resolveDirectory(
  root: WritableDirectoryHandleLike,
  segments: readonly string[],
  create: boolean,
): Promise<WritableDirectoryHandleLike | undefined> {
  let dir = root;
  for (const segment of segments) {
    try {
      dir = await dir.getDirectoryHandle(segment, { create });
    } catch (err) {
      if (!create && isNotFound(err)) return undefined;
      throw err;
    }
  }
  return dir;
}

/** The text of file `name` in `dir`, or undefined when there is none. */
export async function readText(dir: WritableDirectoryHandleLike, name: string): Promise<string | undefined> {
  try {
    return await (await (await dir.getFileHandle(name)).getFile()).text();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

type WritePickerScope = {
  showDirectoryPicker?: (options?: { mode?: 'readwrite'; id?: string }) => Promise<WritableDirectoryHandleLike>;
};

/**
 * A folder the user picks now to write into (`showDirectoryPicker` in
 * read-write mode; call from a click), for a project whose folder was not
 * kept. Throws `not_found:folder` where the browser cannot pick folders, and
 * `aborted:user` when the user closes the picker.
 */
export async function pickWritableFolder(scope: unknown = globalThis): Promise<WritableDirectoryHandleLike> {
  const picker = (scope as WritePickerScope).showDirectoryPicker;
  if (!picker)
    throw new CodelumiError(
      'not_found:folder',
      'This browser cannot write into a folder. Download the zip and copy the files instead.',
    );
  try {
    return await picker.call(scope, { mode: 'readwrite', id: 'codelumi-build' });
  } catch (err) {
    if ((err as { name?: string })?.name === 'AbortError')
      throw new CodelumiError('aborted:user', 'No folder was chosen, so nothing was written.');
    throw err;
  }
}
