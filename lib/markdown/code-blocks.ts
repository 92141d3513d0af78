/**
 * The fenced code blocks of a markdown answer, with language and position:
 * what copy buttons, the runner and the learning engine refer to by index.
 */
import { closesFence, openingFence } from './fences';

export interface CodeBlock {
  /** 0-based position among the answer's code blocks. */
  index: number;
  /** Lower-cased first word of the info string ('' when none). */
  language: string;
  /** File name when the info string gives one (```ts title="a.ts"``` or ```ts:src/a.ts```). */
  filename?: string;
  code: string;
  /** Offset of the opening fence line in the text. */
  start: number;
  /** False while the closing fence has not arrived (streaming). */
  closed: boolean;
}

function parseInfo(info: string): { language: string; filename?: string } {
  const [first = '', ...rest] = info.split(/\s+/);
  const [lang, pathAfterColon] = first.split(':', 2);
  const titled = /(?:title|file(?:name)?)=["']?([^"'\s]+)["']?/i.exec(rest.join(' '));
  return { language: lang.toLowerCase(), filename: titled?.[1] ?? (pathAfterColon || undefined) };
}

/** Every fenced code block in `markdown`, in order. */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let offset = 0;
  let current:
    { start: number; info: string; body: string[]; open: NonNullable<ReturnType<typeof openingFence>> } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineStart = offset;
    offset += line.length + 1;
    if (!current) {
      const open = openingFence(line);
      if (open) current = { start: lineStart, info: open.info, body: [], open };
      continue;
    }
    if (closesFence(line, current.open)) {
      blocks.push({
        index: blocks.length,
        ...parseInfo(current.info),
        code: current.body.join('\n'),
        start: current.start,
        closed: true,
      });
      current = undefined;
    } else {
      // Strip up to the fence's own indentation from each line, as CommonMark does.
      current.body.push(current.open.indent ? line.replace(new RegExp(`^ {0,${current.open.indent}}`), '') : line);
    }
  }
  if (current) {
    blocks.push({
      index: blocks.length,
      ...parseInfo(current.info),
      code: current.body.join('\n'),
      start: current.start,
      closed: false,
    });
  }
  return blocks;
}
