/**
 * The HTML blocks of CommonMark that blank lines do not end (kinds 1 to 5:
 * <pre>, <script>, <style>, <textarea>, comments, processing instructions,
 * declarations, CDATA). They run to their own end marker, so a splitter
 * that cut them at a blank line would render their middle as markdown.
 */

/** Start pattern and end marker of each kind; a line may open a block inside a quote or a list item. */
const KINDS: { start: RegExp; end: RegExp }[] = [
  { start: /^<(?:script|pre|style|textarea)(?=[\s>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i },
  { start: /^<!--/, end: /-->/ },
  { start: /^<\?/, end: /\?>/ },
  { start: /^<![A-Za-z]/, end: />/ },
  { start: /^<!\[CDATA\[/, end: /\]\]>/ },
];
const CONTAINER = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*/;

/**
 * The end marker of the blank-line-proof HTML block that `line` opens and
 * does not close itself, or undefined (no such block, or closed on this line).
 */
export function htmlBlockEnd(line: string): RegExp | undefined {
  const rest = line.slice(CONTAINER.exec(line)?.[0].length ?? 0);
  for (const kind of KINDS) {
    const m = kind.start.exec(rest);
    if (m) return kind.end.test(rest.slice(m[0].length)) ? undefined : kind.end;
  }
  return undefined;
}
