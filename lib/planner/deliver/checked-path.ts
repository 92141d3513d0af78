/**
 * The path check delivery runs before a file leaves the workspace: a zip
 * entry or a file written into the user's folder must stay inside its root.
 * planner-plan's paths.ts (`safeRelativePath`) replaces this at merge; until
 * then this is the same rule, kept private to lib/planner/deliver.
 */
import { CodelumiError } from '../../core/errors';

/**
 * The path's segments when it is a workspace-relative POSIX path (no leading
 * `/`, no drive letter, no backslash, no empty, `.` or `..` segment, no
 * control character); throws `invalid:path` otherwise.
 */
export function checkedSegments(path: string): string[] {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.length > 1000 ||
    path.includes('\\') ||
    /^[a-zA-Z]:/.test(path) ||
    // Control characters have no place in a file name and confuse zip readers and file systems alike.
    /[\u0000-\u001f\u007f]/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) {
    throw new CodelumiError(
      'invalid:path',
      `The file path “${path.slice(0, 120)}” points outside the workspace, so Codelumi will not deliver it. Rename the file in the plan and try again.`,
    );
  }
  return segments;
}
