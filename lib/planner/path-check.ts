/**
 * A workspace path as the executor may store it, until planner-plan's
 * `safeRelativePath` (lib/planner/paths.ts) lands: planner-plan's paths.ts
 * replaces this at merge (this file then goes, its two importers switch).
 * It refuses rather than repairs: a path the model wrote that is not plainly
 * a relative POSIX path inside the workspace is not a file of the plan.
 */

/** Characters no file name of a plan needs, and that HTML, shells or Windows treat specially. */
const FORBIDDEN = /[<>:"|?*\\\u0000-\u001f\u007f\s]/;

/**
 * `path` as a workspace-relative POSIX path, or undefined when it is not one:
 * empty, absolute (`/x`, `C:x`), with a backslash, a `.`/`..`/empty segment,
 * a segment starting with `~`, a character of FORBIDDEN, or longer than 255.
 * A leading `./` is dropped.
 */
export function checkedPath(path: string): string | undefined {
  const p = path.startsWith('./') ? path.slice(2) : path;
  if (!p || p.length > 255 || p.startsWith('/') || FORBIDDEN.test(p)) return undefined;
  const segments = p.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('~'))) return undefined;
  return p;
}
