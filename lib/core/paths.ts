/**
 * Workspace and project paths: POSIX, relative to their root, no leading
 * slash. One rule for a file's folder and for a relative reference joined to
 * it, shared by the project detectors and the Planner.
 */

/** The folder that holds `path` (`''` for a file at the root). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** `rel` joined to folder `dir`, `.` and `..` resolved; undefined when it climbs out of the root. */
export function joinPath(dir: string, rel: string): string | undefined {
  const out = dir ? dir.split('/') : [];
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}
