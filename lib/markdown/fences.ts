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
  const m = OPEN.exec(line);
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
