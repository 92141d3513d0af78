/**
 * Splits markdown into top-level blocks so a streaming answer re-renders only
 * its last block: the finished ones keep their text and are memoized. Code
 * fences, lists and tables are never split, so every block renders the same
 * alone as it would in the whole document.
 */
import { closesFence, openingFence, type FenceOpen } from './fences';

export interface MarkdownBlock {
  text: string;
  /** Offset of the block in the whole text. */
  start: number;
}

const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
const CONTINUATION = /^( {2,}|\t)\S/;
/** `[label]: url` and `[^note]: text`: definitions that links and footnotes anywhere in the text refer to. */
const DEFINITION = /^ {0,3}\[[^\]]+\]:/;

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
  let inList = false;
  let sawBlank = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineStart = offset;
    offset += line.length + (i < lines.length - 1 ? 1 : 0);

    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const blank = line.trim() === '';
    if (blank) {
      sawBlank = true;
      continue;
    }
    // A non-blank line after blank lines starts a new block unless it continues a list.
    if (sawBlank && lineStart > blockStart) {
      const continuesList = inList && (LIST_ITEM.test(line) || CONTINUATION.test(line));
      if (!continuesList) {
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
    if (LIST_ITEM.test(line)) inList = true;
  }
  if (blockStart < text.length || blocks.length === 0) blocks.push({ text: text.slice(blockStart), start: blockStart });
  return blocks;
}
