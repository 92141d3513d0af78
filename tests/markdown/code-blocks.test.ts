import { describe, expect, it } from 'vitest';
import { extractCodeBlocks } from '@/lib/markdown/code-blocks';

describe('extractCodeBlocks', () => {
  it('finds every fenced block in order with its language, code, index and offset', () => {
    const md = 'Intro\n\n```TypeScript\nconst a = 1;\n```\n\nThen:\n\n```python\nprint(1)\n\nprint(2)\n```\n';
    const blocks = extractCodeBlocks(md);
    expect(blocks).toEqual([
      { index: 0, language: 'typescript', filename: undefined, code: 'const a = 1;', start: 7, closed: true },
      {
        index: 1,
        language: 'python',
        filename: undefined,
        code: 'print(1)\n\nprint(2)',
        start: md.indexOf('```python'),
        closed: true,
      },
    ]);
    expect(md.slice(blocks[1].start).startsWith('```python')).toBe(true);
  });

  it('gives an empty language when the fence has no info string', () => {
    expect(extractCodeBlocks('```\nplain\n```')[0]).toMatchObject({ language: '', code: 'plain', closed: true });
  });

  it('reads a file name from title="…" and from lang:path', () => {
    const [a, b, c] = extractCodeBlocks(
      '```ts title="src/a.ts"\nx\n```\n\n```ts:src/b.ts\ny\n```\n\n```js filename=lib/c.js\nz\n```',
    );
    expect(a).toMatchObject({ language: 'ts', filename: 'src/a.ts', code: 'x' });
    expect(b).toMatchObject({ language: 'ts', filename: 'src/b.ts', code: 'y' });
    expect(c).toMatchObject({ language: 'js', filename: 'lib/c.js', code: 'z' });
  });

  it('marks a block whose closing fence has not arrived yet as closed:false, with the code so far', () => {
    const blocks = extractCodeBlocks('Done:\n\n```rust\nfn main() {\n\n    println!("hi");\n');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({
      index: 0,
      language: 'rust',
      closed: false,
      code: 'fn main() {\n\n    println!("hi");\n',
    });
  });

  it('handles tilde fences, with backtick fences inside as code', () => {
    const [block] = extractCodeBlocks('~~~markdown\n```js\nx\n```\n~~~');
    expect(block).toMatchObject({ language: 'markdown', code: '```js\nx\n```', closed: true });
  });

  it('a longer outer fence holds shorter inner fences as code (nested markdown)', () => {
    const blocks = extractCodeBlocks('````md\nExample:\n```ts\nlet x = 1;\n```\n````\n\n```sh\nls\n```');
    expect(blocks.map((b) => [b.index, b.language, b.code])).toEqual([
      [0, 'md', 'Example:\n```ts\nlet x = 1;\n```'],
      [1, 'sh', 'ls'],
    ]);
  });

  it('needs the same fence character to close: ~~~ does not close ```', () => {
    const [block] = extractCodeBlocks('```\na\n~~~\nb\n```');
    expect(block.code).toBe('a\n~~~\nb');
  });

  it('strips the fence indentation from the code lines (fences inside list items)', () => {
    const [block] = extractCodeBlocks('1. Run:\n\n   ```sh\n   npm install\n     --save-dev x\n   ```');
    expect(block).toMatchObject({ language: 'sh', code: 'npm install\n  --save-dev x', closed: true });
  });

  it('does not treat ``` inside a line of text, or 4-space indented fences, as code blocks', () => {
    expect(extractCodeBlocks('Use ```js``` to start a block.\n\n    ```\n    indented\n    ```')).toEqual([]);
  });

  it('finds nothing in plain text', () => {
    expect(extractCodeBlocks('')).toEqual([]);
    expect(extractCodeBlocks('just words\n\nand more')).toEqual([]);
  });
});
