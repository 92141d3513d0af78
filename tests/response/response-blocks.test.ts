/**
 * The Response Processor's blocks: what the markdown view, the run board and
 * auto-run read about each code block of an answer, on the shapes real
 * answers take (untagged code, nested fences, tildes, think tags, streaming).
 */
import { describe, expect, it } from 'vitest';
import { createPartsProcessor, processBlocks, processParts, runRequests } from '@/lib/response/response';

const AUTO = { autoRun: { python: true, javascript: true, typescript: true }, autoRunSideEffects: false };

describe('processBlocks', () => {
  it('gives an untagged block its detected language and runs it as that language', () => {
    const [b] = processBlocks('Try:\n\n```\ndef add(a, b):\n    return a + b\n\nprint(add(1, 2))\n```\n');
    expect(b).toMatchObject({
      language: '',
      effectiveLanguage: 'python',
      detected: true,
      runner: 'python',
      preview: false,
      sideEffects: false,
    });
  });

  it('keeps a tagged block as the model wrote it and knows previews from programs', () => {
    const blocks = processBlocks(
      '```tsx\nexport default function App() {\n  return <b>hi</b>;\n}\n```\n\n```html\n<p>x</p>\n```\n\n```rust\nfn main() {}\n```',
    );
    expect(blocks.map((b) => [b.effectiveLanguage, b.runner, b.preview])).toEqual([
      ['tsx', 'react', true],
      ['html', 'html', true],
      ['rust', undefined, false],
    ]);
  });

  it('reads a tilde fence and a longer fence around a fence as one block each', () => {
    const answer = '~~~js\nconsole.log(1)\n~~~\n\n````markdown\n```py\nprint(1)\n```\n````';
    const blocks = processBlocks(answer);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ effectiveLanguage: 'js', runner: 'javascript' });
    expect(blocks[1]).toMatchObject({ effectiveLanguage: 'markdown', runner: undefined, code: '```py\nprint(1)\n```' });
  });

  it('neither detects nor runs a block that is still streaming, or an empty one', () => {
    expect(processBlocks('```\ndef f():\n    return 1\n')[0]).toMatchObject({
      closed: false,
      effectiveLanguage: '',
      runner: undefined,
    });
    expect(processBlocks('```python\n\n```')[0]).toMatchObject({ effectiveLanguage: 'python', runner: undefined });
  });

  it('finds the code after a think section the model left in its answer', () => {
    const blocks = processBlocks('<think>\nThey want Python.\n</think>\n\n```python\nprint("hi")\n```');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ index: 0, runner: 'python' });
  });

  it('marks code that reaches outside itself, so it never auto-runs', () => {
    const [b] = processBlocks("```js\nfetch('https://example.com').then(console.log)\n```");
    expect(b.sideEffects).toBe(true);
    expect(runRequests([b], AUTO)).toEqual([]);
    expect(runRequests([b], { ...AUTO, autoRunSideEffects: true })).toHaveLength(1);
  });
});

describe('runRequests', () => {
  it('asks to run the worker programs of the languages switched on, never previews', () => {
    const blocks = processBlocks(
      '```python\nprint(1)\n```\n\n```ts\nconst a: number = 1;\nconsole.log(a)\n```\n\n```html\n<p>x</p>\n```',
    );
    expect(runRequests(blocks, AUTO).map((b) => b.index)).toEqual([0, 1]);
    expect(
      runRequests(blocks, { ...AUTO, autoRun: { python: false, javascript: true, typescript: true } }).map(
        (b) => b.index,
      ),
    ).toEqual([1]);
  });
});

describe('processParts', () => {
  const answer = 'Intro.\n\n```py\nprint(1)\n```\n\nMiddle.\n\n```\nSELECT * FROM t;\nDELETE FROM t;\n```\n\nEnd.';

  it('numbers the code blocks across parts as in the whole answer, with offsets inside each part', () => {
    const parts = processParts(answer);
    expect(parts.map((p) => p.text).join('')).toBe(answer);
    const blocks = parts.flatMap((p) => p.blocks);
    expect(blocks.map((b) => [b.index, b.effectiveLanguage])).toEqual([
      [0, 'py'],
      [1, 'sql'],
    ]);
    for (const p of parts) for (const b of p.blocks) expect(p.text.slice(b.start, b.start + 3)).toBe('```');
  });

  it('reuses the unchanged parts of a growing answer', () => {
    const process = createPartsProcessor();
    const first = process(answer);
    const second = process(`${answer} More words.`);
    expect(second[1]).toBe(first[1]);
    expect(second[second.length - 1]).not.toBe(first[first.length - 1]);
  });
});
