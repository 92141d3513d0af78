/** Recognising fenced code lines (``` and ~~~), shared by the block splitter and the code-block extractor. */

export interface FenceOpen {
  char: '`' | '~';
  length: number;
  indent: number;
  info: string;
}

// The fence run is taken whole (the lookaheads), so the run and the info
// string cannot trade characters.
const OPEN = /^( {0,3})(`{3,}(?!`)|~{3,}(?!~))(.*)$/;

/** The fence a line opens, or undefined. A backtick fence's info string may not contain backticks. */
export function openingFence(line: string): FenceOpen | undefined {
  // `.` does not match the \r of a CRLF line.
  const m = OPEN.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (!m) return undefined;
  const char = m[2][0] as '`' | '~';
  const info = m[3].trim();
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: m[2].length, indent: m[1].length, info };
}

/** True when `line` closes `open` (same character, at least as long, nothing after). */
export function closesFence(line: string, open: FenceOpen): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1][0] === open.char && m[1].length >= open.length;
}

/** Where a fenced code block sits in a text: from its opening line to the end of its closing line (or of the text). */
export interface FenceSpan {
  start: number;
  end: number;
  open: FenceOpen;
  closed: boolean;
}

/** Every fenced code block of `text`, in order; an unclosed one runs to the end of the text (as CommonMark reads it). */
export function fenceSpans(text: string): FenceSpan[] {
  const spans: FenceSpan[] = [];
  let open: { start: number; open: FenceOpen } | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (!open) {
      const o = openingFence(line);
      if (o) open = { start: lineStart, open: o };
    } else if (closesFence(line, open.open)) {
      spans.push({ start: open.start, end: Math.min(offset - 1, text.length), open: open.open, closed: true });
      open = undefined;
    }
  }
  if (open) spans.push({ start: open.start, end: text.length, open: open.open, closed: false });
  return spans;
}

/** `text` with each fenced code block (fences included) replaced by `replacement`; the prose stays as it was. */
export function stripFencedCode(text: string, replacement = ' '): string {
  let out = '';
  let at = 0;
  for (const s of fenceSpans(text)) {
    out += text.slice(at, s.start) + replacement;
    at = s.end;
  }
  return out + text.slice(at);
}

/** The closing line for the fence still open at the end of `text` ('' when every fence is closed). */
export function closingFenceFor(text: string): string {
  const spans = fenceSpans(text);
  const last = spans[spans.length - 1];
  return last && !last.closed ? last.open.char.repeat(last.open.length) : '';
}

/** A backtick fence that `content` cannot close early: one longer than its longest run of backticks, at least three. */
export function safeFence(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}
