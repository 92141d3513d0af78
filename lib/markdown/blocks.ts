/**
 * Splits markdown into top-level blocks so a streaming answer re-renders only
 * its last block: the finished ones keep their text and are memoized. Code
 * fences, lists, tables, indented code and the HTML blocks that run across
 * blank lines are never split, so every block renders the same alone as it
 * would in the whole document (tests/markdown/blocks-render.test.ts checks
 * it with the chat's renderer). When in doubt it does not split: a bigger
 * block only costs re-rendering, a wrong split changes what is shown.
 */
import { closesFence, openingFence, type FenceOpen } from './fences';
import { htmlBlockEnd } from './html-blocks';

export interface MarkdownBlock {
  text: string;
  /** Offset of the block in the whole text. */
  start: number;
}

const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
/** Indented by two or more: a list item's next paragraph, or (four and more) indented code, which keeps its blank lines. */
const CONTINUATION = /^( {2,}|\t)\S/;
const INDENTED_CODE = /^( {4,}|\t)/;
/**
 * `[label]: url` and `[^note]: text`, also inside a quote or a list item:
 * definitions that links and footnotes anywhere in the text refer to.
 */
const DEFINITION = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*\[[^\]]+\]:/;

/**
 * The blocks of `text`; joining their texts gives back `text` exactly. Text
 * with link reference or footnote definitions stays one block: those refer
 * across blocks, so a block rendered alone would lose them.
 */
export function splitMarkdownBlocks(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const lines = text.split('\n');
  let blockStart = 0;
  let offset = 0;
  let fence: FenceOpen | undefined;
  /** The end of the HTML block (comment, <pre>, <script> …) the text is in, which blank lines do not end. */
  let html: RegExp | undefined;
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
    if (html) {
      if (html.test(line)) html = undefined;
      continue;
    }
    const blank = line.trim() === '';
    if (blank) {
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
    html = htmlBlockEnd(line);
    if (LIST_ITEM.test(line)) inList = true;
  }
  if (blockStart < text.length || blocks.length === 0) blocks.push({ text: text.slice(blockStart), start: blockStart });
  return blocks;
}
