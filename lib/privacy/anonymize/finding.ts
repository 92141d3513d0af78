/** One piece of private data found in a text: its kind and where it is (UTF-16 offsets into that text, end exclusive). */
export interface Finding {
  kind: string;
  start: number;
  end: number;
}

/** A detector: every finding of its kinds in `text` (`lower` is `text.toLowerCase()`, computed once for all). */
export type Detector = (text: string, lower: string) => Finding[];

/**
 * The findings of a global expression's matches, or of one capture group of
 * each (the expression then needs the `d` flag, for the group's offsets).
 * `accept` may turn a match down.
 */
export function matchesOf(
  text: string,
  pattern: RegExp,
  kind: string,
  group = 0,
  accept?: (m: RegExpExecArray) => boolean,
): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(pattern)) {
    if (accept && !accept(m)) continue;
    const at = group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
    if (!at || at[1] <= at[0]) continue;
    out.push({ kind, start: at[0], end: at[1] });
  }
  return out;
}
