import { describe, expect, it } from 'vitest';
import { splitMarkdownBlocks, type MarkdownBlock } from '@/lib/markdown/blocks';
import { seededRandom } from '../support/random';

const texts = (md: string) => splitMarkdownBlocks(md).map((b) => b.text);

/** Joining gives back the text, and every start is where the block really is. */
function expectLossless(md: string, blocks: MarkdownBlock[] = splitMarkdownBlocks(md)): void {
  expect(blocks.map((b) => b.text).join('')).toBe(md);
  let at = 0;
  for (const b of blocks) {
    expect(b.start).toBe(at);
    at += b.text.length;
  }
}

/** True when [start, end) lies inside one block. */
function inOneBlock(blocks: MarkdownBlock[], start: number, end: number): boolean {
  return blocks.some((b) => b.start <= start && end <= b.start + b.text.length);
}

describe('splitMarkdownBlocks: joining gives back the text exactly', () => {
  const samples = [
    '',
    'one line',
    'a\n\nb',
    '\n\nleading blank lines',
    'trailing blank lines\n\n\n',
    '# Title\n\nParagraph one.\n\nParagraph two\nstill two.',
    'windows\r\n\r\nline endings\r\n',
    '   \n\t\nwhitespace-only lines',
    '```\nunclosed',
    '| a | b |\n|---|---|\n| 1 | 2 |\n\nafter the table',
    '> quote\n>\n> still quote\n\nafter',
    '- a\n\n- b\n\npara\n\n1. x\n\n2. y',
    '😀 emoji\n\n中文段落\n\nΕλληνικά',
  ];
  for (const md of samples) {
    it(`round-trips ${JSON.stringify(md).slice(0, 40)}`, () => expectLossless(md));
  }
});

describe('splitMarkdownBlocks: where blocks split', () => {
  it('splits headings and paragraphs separated by blank lines', () => {
    expect(texts('# Title\n\nFirst paragraph.\n\n## Section\n\nSecond paragraph.')).toEqual([
      '# Title\n\n',
      'First paragraph.\n\n',
      '## Section\n\n',
      'Second paragraph.',
    ]);
  });

  it('keeps lines without a blank line between them together', () => {
    expect(texts('line one\nline two\nline three')).toEqual(['line one\nline two\nline three']);
  });

  it('keeps the whole text as one block when there is nothing to split', () => {
    expect(splitMarkdownBlocks('')).toEqual([{ text: '', start: 0 }]);
    expect(splitMarkdownBlocks('hello')).toEqual([{ text: 'hello', start: 0 }]);
  });
});

describe('splitMarkdownBlocks: code fences are never split', () => {
  it('keeps blank lines inside a fence in the same block', () => {
    const fence = '```ts\nconst a = 1;\n\n\nconst b = 2;\n```';
    expect(texts(`Intro\n\n${fence}\n\nAfter.`)).toEqual(['Intro\n\n', `${fence}\n\n`, 'After.']);
  });

  it('keeps an unclosed fence (still streaming) together to the end, blank lines included', () => {
    const md = 'Here:\n\n```py\nx = 1\n\n\ny = 2\n';
    expect(texts(md)).toEqual(['Here:\n\n', '```py\nx = 1\n\n\ny = 2\n']);
  });

  it('keeps tilde fences together, even with backtick fences inside', () => {
    const fence = '~~~md\n```js\n\nnot a fence here\n```\n\n~~~';
    expect(texts(`${fence}\n\nend`)).toEqual([`${fence}\n\n`, 'end']);
  });

  it('a longer outer fence is not closed by a shorter inner one', () => {
    const fence = '````markdown\n```js\nx\n\n```\n\nstill inside\n````';
    expect(texts(`${fence}\n\nafter`)).toEqual([`${fence}\n\n`, 'after']);
  });

  it('a backtick line with text after it does not close a fence', () => {
    const md = '```\ncode\n\n``` not a close\n\nstill code\n```\n\nafter';
    expect(texts(md)).toEqual(['```\ncode\n\n``` not a close\n\nstill code\n```\n\n', 'after']);
  });

  it('a fence inside a list item stays with the list', () => {
    const md = '1. Install:\n\n   ```sh\n   npm i\n\n   npm test\n   ```\n\n2. Run it';
    expect(texts(md)).toEqual([md]);
  });
});

describe('splitMarkdownBlocks: lists stay one block', () => {
  it('keeps a loose list (blank lines between items) together', () => {
    const list = '- first\n\n- second\n\n- third';
    expect(texts(`Steps:\n\n${list}\n\nDone.`)).toEqual(['Steps:\n\n', `${list}\n\n`, 'Done.']);
  });

  it('keeps ordered lists and indented continuation paragraphs together', () => {
    const list = '1. first\n\n   more about the first\n\n2) second\n\n10. tenth';
    expect(texts(list)).toEqual([list]);
  });

  it('ends the list at a paragraph that is not indented', () => {
    expect(texts('- a\n\n- b\n\nNot in the list.')).toEqual(['- a\n\n- b\n\n', 'Not in the list.']);
  });
});

// ---------------------------------------------------------------------------
// Property-style: generated markdown, every prefix (as while streaming).

interface Generated {
  text: string;
  /** Spans that must never be split: fences, lists, tables. */
  atomic: { start: number; end: number; kind: string }[];
}

const WORDS = ['the', 'hook', 'state', 'render', 'async', 'value', 'Codelumi', 'fix', 'error', 'type', 'déjà', '数据'];

function generate(rand: () => number): Generated {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const words = (n: number) => Array.from({ length: 1 + Math.floor(rand() * n) }, () => pick(WORDS)).join(' ');
  const blank = () => '\n'.repeat(1 + Math.floor(rand() * 3));
  let text = rand() < 0.2 ? '\n' : '';
  const atomic: Generated['atomic'] = [];
  const pieces = 1 + Math.floor(rand() * 7);
  for (let p = 0; p < pieces; p++) {
    const kind = pick(['para', 'heading', 'fence', 'list', 'olist', 'table', 'quote'] as const);
    let piece = '';
    if (kind === 'para') piece = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => words(8)).join('\n');
    if (kind === 'heading') piece = `${'#'.repeat(1 + Math.floor(rand() * 3))} ${words(4)}`;
    if (kind === 'quote') piece = `> ${words(5)}\n>\n> ${words(5)}`;
    if (kind === 'table') piece = `| ${words(2)} | ${words(2)} |\n| --- | --- |\n| ${words(2)} | ${words(2)} |`;
    if (kind === 'fence') {
      const char = rand() < 0.75 ? '`' : '~';
      const len = 3 + Math.floor(rand() * 3);
      const fence = char.repeat(len);
      const body: string[] = [];
      for (let l = 0; l < 1 + Math.floor(rand() * 6); l++) {
        const r = rand();
        // Blank lines, shorter fences of either kind, and indented code inside.
        const other = char === '`' ? '~~~' : '```';
        body.push(r < 0.3 ? '' : r < 0.4 ? char.repeat(3) + (len > 3 ? '' : 'x') : r < 0.5 ? other : `  ${words(5)};`);
      }
      piece = `${fence}${pick(['', 'ts', 'python', 'ts title="a.ts"'])}\n${body.join('\n')}\n${fence}`;
    }
    if (kind === 'list' || kind === 'olist') {
      const items = 2 + Math.floor(rand() * 3);
      const lines: string[] = [];
      for (let i = 0; i < items; i++) {
        lines.push(`${kind === 'list' ? pick(['-', '*', '+']) : `${i + 1}.`} ${words(5)}`);
        if (rand() < 0.3) lines.push(`\n   ${words(5)}`);
        if (i < items - 1 && rand() < 0.6) lines.push('');
      }
      piece = lines.join('\n');
    }
    if (kind === 'fence' || kind === 'list' || kind === 'olist' || kind === 'table') {
      atomic.push({ start: text.length, end: text.length + piece.length, kind });
    }
    text += piece;
    if (p < pieces - 1) text += blank();
  }
  // Sometimes the answer is still streaming inside an unclosed fence.
  if (rand() < 0.3) {
    const start = text.length + 2;
    text += `\n\n\`\`\`js\nlet a = 1;\n\n\nlet b = ${words(2)}`;
    atomic.push({ start, end: text.length, kind: 'unclosed fence' });
  }
  return { text, atomic };
}

describe('splitMarkdownBlocks: generated markdown (property-style)', () => {
  it('round-trips and keeps fences, lists and tables whole for 300 generated answers', () => {
    const rand = seededRandom(20240611);
    let checked = 0;
    for (let n = 0; n < 300; n++) {
      const { text, atomic } = generate(rand);
      const blocks = splitMarkdownBlocks(text);
      expectLossless(text, blocks);
      for (const span of atomic) {
        if (!inOneBlock(blocks, span.start, span.end)) {
          throw new Error(
            `${span.kind} split in sample ${n}:\n${JSON.stringify(text)}\n${JSON.stringify(blocks.map((b) => b.text))}`,
          );
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('while streaming (every prefix), blocks round-trip and an open fence is never split', () => {
    const rand = seededRandom(7);
    for (let n = 0; n < 30; n++) {
      const { text, atomic } = generate(rand);
      const fences = atomic.filter((s) => s.kind.includes('fence'));
      for (let cut = 0; cut <= text.length; cut++) {
        const prefix = text.slice(0, cut);
        const blocks = splitMarkdownBlocks(prefix);
        expect(blocks.map((b) => b.text).join('')).toBe(prefix);
        for (const f of fences) {
          if (f.start >= cut) continue;
          if (!inOneBlock(blocks, f.start, Math.min(f.end, cut))) {
            throw new Error(`fence split at prefix ${cut} of sample ${n}: ${JSON.stringify(prefix)}`);
          }
        }
      }
    }
  });

  it('earlier blocks keep their text as the answer grows (so they can be memoized)', () => {
    const rand = seededRandom(99);
    for (let n = 0; n < 40; n++) {
      const { text } = generate(rand);
      const final = splitMarkdownBlocks(text);
      // Once the text has passed the start of block i+1, block i is final.
      for (let i = 0; i + 1 < final.length; i++) {
        const prefix = text.slice(0, final[i + 1].start + 1);
        expect(splitMarkdownBlocks(prefix)[i]).toEqual(final[i]);
      }
    }
  });
});
