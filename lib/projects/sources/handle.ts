/**
 * A folder picked with the File System Access API (`showDirectoryPicker`,
 * Chromium browsers). The handle is kept in IndexedDB, so a re-scan reads the
 * folder again; browsers forget the permission between sessions, so a
 * re-scan first asks for it again (which needs a click).
 *
 * The handle types are declared structurally here: TypeScript's DOM library
 * lacks the picker and the permission calls, and tests pass fake handles.
 */
import { CodelumiError } from '../../core/errors';
import type { FileLike, FileSource, SourceDirectory, SourceEntry } from '../source';

export interface FileHandleLike {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<FileLike>;
}

export interface DirectoryHandleLike {
  readonly kind: 'directory';
  readonly name: string;
  values(): AsyncIterable<FileHandleLike | DirectoryHandleLike>;
  queryPermission?(descriptor: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(descriptor: { mode: 'read' }): Promise<PermissionState>;
}

type PickerWindow = {
  showDirectoryPicker?: (options?: { mode?: 'read'; id?: string }) => Promise<DirectoryHandleLike>;
};

/** True where the browser can pick a folder and keep a handle on it (Chromium). */
export function canPickFolders(scope: unknown = globalThis): boolean {
  return typeof (scope as PickerWindow).showDirectoryPicker === 'function';
}

/** Lets the user pick a folder; undefined when they cancel. Must be called from a click. */
export async function pickFolder(scope: unknown = globalThis): Promise<DirectoryHandleLike | undefined> {
  const picker = (scope as PickerWindow).showDirectoryPicker;
  if (!picker) return undefined;
  try {
    return await picker.call(scope, { mode: 'read', id: 'codelumi-project' });
  } catch (err) {
    if ((err as { name?: string })?.name === 'AbortError') return undefined;
    throw err;
  }
}

/**
 * Makes sure the folder may be read, asking the user when the browser no
 * longer remembers the permission. Throws `denied:folder` when refused.
 */
export async function ensureReadPermission(handle: DirectoryHandleLike): Promise<void> {
  if (!handle.queryPermission) return;
  if ((await handle.queryPermission({ mode: 'read' })) === 'granted') return;
  const answer = handle.requestPermission ? await handle.requestPermission({ mode: 'read' }) : 'denied';
  if (answer !== 'granted') {
    throw new CodelumiError('denied:folder', `Codelumi may not read the folder “${handle.name}”.`, {
      cause: `permission ${answer}`,
    });
  }
}

function directory(handle: DirectoryHandleLike): SourceDirectory {
  return {
    kind: 'directory',
    name: handle.name,
    list: async () => {
      const entries: SourceEntry[] = [];
      try {
        for await (const child of handle.values()) {
          if (child.kind === 'directory') entries.push(directory(child));
          else entries.push({ kind: 'file', name: child.name, open: () => child.getFile() });
        }
      } catch (err) {
        if ((err as { name?: string })?.name === 'NotFoundError') {
          throw new CodelumiError('not_found:folder', `The folder “${handle.name}” is no longer there.`, {
            cause: String((err as Error).message ?? err),
          });
        }
        throw err;
      }
      return entries;
    },
  };
}

/** A source reading the picked folder through its handle. */
export function handleSource(handle: DirectoryHandleLike): FileSource {
  return { name: handle.name, origin: 'folder', root: directory(handle) };
}
