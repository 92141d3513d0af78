/**
 * What the user changed in a code block before running it: a unified diff
 * (with jsdiff) and the counts the learning engine weighs a correction by.
 */
import { createTwoFilesPatch, diffLines } from 'diff';

export interface CodeDiff {
  /** Unified diff from the answer's code to the user's, three lines of context. */
  patch: string;
  added: number;
  removed: number;
}

/** The diff from `before` to `after`; empty patch and zero counts when they are the same. */
export function diffCode(before: string, after: string, filename = 'code'): CodeDiff {
  if (before === after) return { patch: '', added: 0, removed: 0 };
  const withNewline = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  const patch = createTwoFilesPatch(`a/${filename}`, `b/${filename}`, withNewline(before), withNewline(after), '', '', {
    context: 3,
  })
    .split('\n')
    .filter((l) => !l.startsWith('====='))
    .join('\n');
  let added = 0;
  let removed = 0;
  for (const part of diffLines(withNewline(before), withNewline(after))) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  return { patch, added, removed };
}
