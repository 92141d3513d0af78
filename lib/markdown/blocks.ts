/**
 * Splits markdown into top-level blocks so a streaming answer re-renders only
 * its last block: the finished ones keep their text and are memoized. Code
 * fences, lists, tables and indented code are never split, so every block
 * renders the same alone as it would in the whole document
 * (tests/markdown/blocks-render.test.ts checks it with the chat's renderer).
 * When in doubt it does not split: a bigger block only costs re-rendering, a
 * wrong split changes what is shown (a fence cut in two turns code into
 * markdown, links included).
 */
import { closesFence, openingFence, type FenceOpen } from './fences';

export interface MarkdownBlock {
  text: string;
  /** Offset of the block in the whole text. */
  start: number;
}

const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
/** Quote and list markers before a line's own content: definitions and HTML may sit inside them. */
const CONTAINERS = String.raw`(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*`;
/** Indented by two or more: a list item's next paragraph, or (four and more) indented code, which keeps its blank lines. */
const CONTINUATION = /^( {2,}|\t)\S/;
/** Four spaces or a tab: indented code after a blank line, which keeps its blank lines (no split inside). */
const INDENTED_CODE = /^( {4,}|\t)/;
/**
 * `[label]: url` and `[^note]: text`, also inside a quote or a list item and
 * with escaped brackets in the label: definitions that links and footnotes
 * anywhere in the text refer to. A `[` left open at the end of a line may be
 * a label that goes on over the next line, so it counts too.
 */
const DEFINITION = new RegExp(String.raw`^${CONTAINERS}\[(?:\\.|[^\]\\])*(?:\]:|\\?$)`);
/**
 * A line that may open an HTML block: a tag, a comment, a declaration or a
 * processing instruction. Some of these run across blank lines to their own
 * end marker, others end at one but hold fence-like lines that are not
 * fences; telling them apart as CommonMark does is not worth the risk, so
 * the text is not split from such a line on (raw HTML in an answer is rare).
 */
const HTML_START = new RegExp(String.raw`^${CONTAINERS}<[A-Za-z/!?]`);
/** Blank as CommonMark means it: spaces and tabs only (a no-break space is text). */
const BLANK = /^[ \t]*$/;

/**
 * The blocks of `text`; joining their texts gives back `text` exactly. Text
 * with link reference or footnote definitions stays one block: those refer
 * across blocks, so a block rendered alone would lose them. So does text with
 * a lone carriage return, a line ending the lines below do not see.
 */
export function splitMarkdownBlocks(text: string): MarkdownBlock[] {
  if (/\r(?!\n)/.test(text)) return [{ text, start: 0 }];
  const blocks: MarkdownBlock[] = [];
  const lines = text.split('\n');
  let blockStart = 0;
  let offset = 0;
  let fence: FenceOpen | undefined;
  let inList = false;
  let sawBlank = false;

  for (let i = 0; i < lines.length; i++) {
    // A CRLF text's lines end in \r, which the patterns below must not see.
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const lineStart = offset;
    offset += lines[i].length + (i < lines.length - 1 ? 1 : 0);

    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (BLANK.test(line)) {
      sawBlank = true;
      continue;
    }
    // A non-blank line after blank lines starts a new block unless it continues a list or indented code.
    if (sawBlank && lineStart > blockStart) {
      const continuesList = inList && (LIST_ITEM.test(line) || CONTINUATION.test(line));
      if (!continuesList && !INDENTED_CODE.test(line)) {
        blocks.push({ text: text.slice(blockStart, lineStart), start: blockStart });
        blockStart = lineStart;
        inList = false;
      }
    }
    sawBlank = false;
    if (DEFINITION.test(line)) return [{ text, start: 0 }];
    const open = openingFence(line);
    if (open) {
      fence = open;
      continue;
    }
    if (HTML_START.test(line)) {
      // The rest stays one block; a definition in it still refers back to the blocks before.
      if (lines.slice(i + 1).some((l) => DEFINITION.test(l))) return [{ text, start: 0 }];
      break;
    }
    if (LIST_ITEM.test(line)) inList = true;
  }
  if (blockStart < text.length || blocks.length === 0) blocks.push({ text: text.slice(blockStart), start: blockStart });
  return blocks;
}
