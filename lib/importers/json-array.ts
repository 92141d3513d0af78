/**
 * The elements of a top-level JSON array, one at a time. A ChatGPT export is
 * one array of thousands of conversations (100 MB and more): parsing each
 * element on its own keeps one conversation's objects alive at a time, not
 * the whole file's, and lets the reader report progress and yield between
 * elements. No library reads "each element of the root array" from a string
 * without pulling in a streaming parser for every other case too; this is a
 * scan for the element boundaries and JSON.parse does the rest.
 */
import { invalidImport } from './errors';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
}

/** Index of the first character that is not white space at or after `i`. */
function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index just past the JSON value that starts at `i` (a string, a container, or a scalar). */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j++;
      while (j < text.length && text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      if (j >= text.length) break;
      if (depth === 0) return j + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return j + 1;
      if (depth < 0) return j;
    } else if (depth === 0 && (c === COMMA || isSpace(c))) return j;
  }
  if (depth === 0 && i < text.length) return text.length;
  throw invalidImport('The file ends in the middle of a conversation: it was cut short (download it again).');
}

/** True when the text's first non-space character opens an array. */
export function isJsonArray(text: string): boolean {
  const i = skipSpace(text, 0);
  return text.charCodeAt(i) === OPEN_BRACKET;
}

/**
 * Yields each element of the root array with the offset where it ends.
 * Throws `invalid:import` when the text is not one well-formed array (an
 * element that does not parse, a missing comma, text after the end).
 */
export function* jsonArrayElements(text: string): Generator<{ value: unknown; end: number }> {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACKET) throw invalidImport('The file is not a JSON list of conversations.');
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) {
    i = skipSpace(text, i + 1);
    if (i !== text.length) throw invalidImport('The file has text after the end of its JSON.');
    return;
  }
  let index = 0;
  for (;;) {
    const end = valueEnd(text, i);
    let value: unknown;
    try {
      value = JSON.parse(text.slice(i, end));
    } catch (err) {
      throw invalidImport(
        `Entry ${index + 1} of the file is not valid JSON (${err instanceof Error ? err.message : String(err)}): the file is damaged.`,
      );
    }
    yield { value, end };
    index++;
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i = skipSpace(text, i + 1);
      continue;
    }
    if (c === CLOSE_BRACKET) {
      i = skipSpace(text, i + 1);
      if (i !== text.length) throw invalidImport('The file has text after the end of its JSON.');
      return;
    }
    throw invalidImport(
      i >= text.length
        ? 'The file ends before its list of conversations does: it was cut short (download it again).'
        : `The file is not valid JSON after entry ${index}: the file is damaged.`,
    );
  }
}
