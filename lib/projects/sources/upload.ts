/**
 * A folder uploaded through `<input type="file" webkitdirectory>`: the
 * browser hands over every file with its path under the chosen folder
 * (`webkitRelativePath`, "my-app/src/index.ts"). Works in every browser; a
 * re-scan asks the user to choose the folder again.
 */
import { treeDirectory, treeFromPaths, type FileLike, type FileSource } from '../source';

/** What is used of each uploaded `File`. */
export interface UploadedFile extends FileLike {
  readonly name: string;
  readonly webkitRelativePath: string;
}

/**
 * A source over the files of one folder upload. The folder's name is the
 * first segment of the paths; files without a relative path (a plain multi-file
 * pick) sit at the root. Returns undefined for an empty upload.
 */
export function uploadSource(files: ArrayLike<UploadedFile>): FileSource | undefined {
  const list = Array.from(files);
  if (list.length === 0) return undefined;
  const first = list[0].webkitRelativePath.split('/')[0];
  const shared = !!first && list.every((f) => f.webkitRelativePath.startsWith(`${first}/`));
  const name = shared ? first : 'Uploaded files';
  const entries = list.map((f): [string, UploadedFile] => {
    const rel = f.webkitRelativePath || f.name;
    return [shared ? rel.slice(first.length + 1) : rel, f];
  });
  return {
    name,
    origin: 'upload',
    root: treeDirectory(
      name,
      treeFromPaths(entries, (f) => f),
    ),
  };
}
