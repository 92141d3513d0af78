/**
 * Writing the workspace into the user's folder: first what each file would
 * change (created, changed with a line diff, unchanged), then, with the
 * paths the user accepted, the writes. Nothing outside the folder is ever
 * reached (checked relative paths, resolved one name at a time), and nothing
 * is overwritten that changed on disk after the user saw its diff.
 */
import { diffCode, type CodeDiff } from '../../runner/diff';
import { cleanPath, requireSafePath } from '../paths';
import {
  ensureWritePermission,
  readText,
  resolveDirectory,
  type WritableDirectoryHandleLike,
  type WritableStreamLike,
} from './folder-handle';
import { UNSAFE_PATH_ADVICE, type DeliveredFile } from './zip';

/** What writing one workspace file would do to the folder, as the user reviews it. */
export interface FolderChange {
  path: string;
  /** blocked: the folder holds something that prevents the write (a folder where the file goes); see `reason`. */
  action: 'create' | 'change' | 'unchanged' | 'blocked';
  /** The folder's content when the change was computed (absent for a new file). */
  before?: string;
  /** The workspace's content, what would be written. */
  after: string;
  /** From `before` (empty for a new file) to `after`; empty when unchanged or blocked. */
  diff: CodeDiff;
  reason?: string;
}

/** What happened to one file when the accepted changes were written. */
export interface FolderWriteResult {
  path: string;
  status: 'written' | 'unchanged' | 'rejected' | 'conflict' | 'failed';
  /** Why it was not written (conflict, failed). */
  reason?: string;
}

const NO_DIFF: CodeDiff = { patch: '', added: 0, removed: 0 };

/**
 * Compares `files` with what `dir` holds, after making sure the folder may be
 * written (asks the user once: call from a click; throws
 * `denied:folder_write`). Writes nothing. A path that could leave the folder,
 * or a second file at a path once cleaned, is `blocked` with the reason and
 * nothing is read at it; the other files are compared as usual. Paths in
 * their one spelling (paths.ts), sorted.
 */
export async function folderChanges(
  dir: WritableDirectoryHandleLike,
  files: readonly DeliveredFile[],
): Promise<FolderChange[]> {
  const changes: FolderChange[] = [];
  const checked: { file: DeliveredFile; segments: string[] }[] = [];
  // One entry per file in its one spelling (`a//b` is `a/b`): two would be two writes to one file.
  const seen = new Set<string>();
  for (const f of files) {
    const blocked = (path: string, reason: string) =>
      changes.push({ path, action: 'blocked', after: f.content, diff: NO_DIFF, reason });
    let path: string;
    try {
      path = requireSafePath(f.path, UNSAFE_PATH_ADVICE);
    } catch (err) {
      blocked(String(f.path).slice(0, 240), (err as Error).message);
      continue;
    }
    if (seen.has(path)) {
      blocked(path, 'Another file in the workspace has this path. Rename one of them in the plan and try again.');
      continue;
    }
    seen.add(path);
    checked.push({ file: { path, content: f.content }, segments: path.split('/') });
  }
  await ensureWritePermission(dir);
  for (const { file, segments } of checked) {
    let before: string | undefined;
    try {
      before = await readAt(dir, segments);
    } catch (err) {
      changes.push({ path: file.path, action: 'blocked', after: file.content, diff: NO_DIFF, reason: reasonOf(err) });
      continue;
    }
    if (before === undefined) {
      changes.push({
        path: file.path,
        action: 'create',
        after: file.content,
        diff: diffCode('', file.content, file.path),
      });
    } else if (before === file.content) {
      changes.push({ path: file.path, action: 'unchanged', before, after: file.content, diff: NO_DIFF });
    } else {
      changes.push({
        path: file.path,
        action: 'change',
        before,
        after: file.content,
        diff: diffCode(before, file.content, file.path),
      });
    }
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Writes the changes whose path is in `accepted`, creating folders as needed,
 * and reports every change. Checks write permission first (throws
 * `denied:folder_write` with nothing written). A file whose content on disk
 * is no longer what the user saw is a `conflict` and is left as it is; one
 * that could not be written is `failed` with the reason; the others go on.
 */
export async function writeToFolder(
  dir: WritableDirectoryHandleLike,
  changes: readonly FolderChange[],
  accepted: ReadonlySet<string>,
): Promise<FolderWriteResult[]> {
  // A blocked change is never written, so its path (perhaps one that leaves the folder) is never resolved.
  const checked = changes.map((c) => {
    const path = c.action === 'blocked' ? c.path : requireSafePath(c.path, UNSAFE_PATH_ADVICE);
    return { change: { ...c, path }, segments: path.split('/') };
  });
  // The user's accepts compared in the same spelling as the changes.
  const acceptedClean = new Set([...accepted].map((p) => cleanPath(p)).filter((p): p is string => !!p));
  await ensureWritePermission(dir);
  const results: FolderWriteResult[] = [];
  for (const { change, segments } of checked) {
    const { path } = change;
    // A blocked file cannot be accepted (the dialog offers no choice): it is reported with its reason.
    if (change.action === 'unchanged') results.push({ path, status: 'unchanged' });
    else if (change.action === 'blocked') results.push({ path, status: 'failed', reason: change.reason });
    else if (!acceptedClean.has(path)) results.push({ path, status: 'rejected' });
    else results.push(await writeOne(dir, change, segments));
  }
  return results;
}

async function writeOne(
  root: WritableDirectoryHandleLike,
  change: FolderChange,
  segments: string[],
): Promise<FolderWriteResult> {
  const { path } = change;
  try {
    // Read again right before writing: the user's accept covered the content they saw, nothing newer.
    const now = await readAt(root, segments);
    if (now !== change.before) {
      const reason =
        now === undefined
          ? 'The file was deleted from the folder after you reviewed it.'
          : change.before === undefined
            ? 'A file with this name appeared in the folder after you reviewed it.'
            : 'The file changed in the folder after you reviewed it.';
      return { path, status: 'conflict', reason };
    }
    const dir = (await resolveDirectory(root, segments.slice(0, -1), true))!;
    const name = segments[segments.length - 1];
    const handle = await dir.getFileHandle(name, { create: true });
    try {
      await writeAll(await handle.createWritable(), change.after);
    } catch (err) {
      // getFileHandle({ create }) already made an empty file: a new file that could not be written is taken back,
      // unless something else wrote into it meanwhile (then it is not ours to remove).
      if (change.before === undefined && (await readText(dir, name).catch(() => undefined)) === '')
        await dir.removeEntry?.(name).catch(() => undefined);
      throw err;
    }
    return { path, status: 'written' };
  } catch (err) {
    return { path, status: 'failed', reason: reasonOf(err) };
  }
}

async function writeAll(stream: WritableStreamLike, content: string): Promise<void> {
  try {
    await stream.write(content);
    await stream.close();
  } catch (err) {
    // An aborted writable leaves the file as it was (the browser writes a swap file and swaps it in on close).
    await stream.abort?.(err).catch(() => undefined);
    throw err;
  }
}

async function readAt(root: WritableDirectoryHandleLike, segments: readonly string[]): Promise<string | undefined> {
  const dir = await resolveDirectory(root, segments.slice(0, -1), false);
  return dir ? readText(dir, segments[segments.length - 1]) : undefined;
}

function reasonOf(err: unknown): string {
  const name = (err as { name?: string })?.name;
  if (name === 'TypeMismatchError') return 'A folder and a file share this name in the folder.';
  if (name === 'NoModificationAllowedError' || name === 'NotAllowedError')
    return 'The browser did not allow writing this file.';
  if (name === 'QuotaExceededError') return 'The disk or the browser’s storage is full.';
  return String((err as Error)?.message ?? err);
}
