/**
 * Reading a step's answer as files (lib/planner/step-output.ts): every way a
 * model labels a block with its path, and hostile or broken answers whose
 * paths must never reach the workspace.
 */
import { describe, expect, it } from 'vitest';
import { parseStepOutput } from '@/lib/planner/step-output';

const paths = (answer: string, declared: string[] = []) => parseStepOutput(answer, declared).files.map((f) => f.path);
const fileOf = (answer: string, path: string, declared: string[] = [path]) =>
  parseStepOutput(answer, declared).files.find((f) => f.path === path)?.content;

describe('labelled blocks', () => {
  const corpus: [string, string][] = [
    ['info string: language then path', '```ts src/a.ts\nexport const a = 1;\n```'],
    ['info string: title attribute', '```ts title="src/a.ts"\nexport const a = 1;\n```'],
    ['info string: language:path', '```ts:src/a.ts\nexport const a = 1;\n```'],
    ['info string: the path alone', '```src/a.ts\nexport const a = 1;\n```'],
    ['first-line marker', '```ts\n// file: src/a.ts\nexport const a = 1;\n```'],
    ['heading above', '### src/a.ts\n\n```ts\nexport const a = 1;\n```'],
    ['bold path above', '**src/a.ts**\n```ts\nexport const a = 1;\n```'],
    ['backticked path above', '`src/a.ts`\n```ts\nexport const a = 1;\n```'],
    ['File: label above', '**File: `src/a.ts`**\n```ts\nexport const a = 1;\n```'],
    ['sentence with one backticked path', 'Create `src/a.ts` with:\n\n```ts\nexport const a = 1;\n```'],
    ['list item with the path', '1. `src/a.ts`:\n```ts\nexport const a = 1;\n```'],
    ['info string with a leading ./', '```ts ./src/a.ts\nexport const a = 1;\n```'],
  ];
  it.each(corpus)('reads the path from the %s', (_how, answer) => {
    expect(parseStepOutput(answer, ['src/a.ts'])).toEqual({
      files: [{ path: 'src/a.ts', content: 'export const a = 1;', declared: true }],
      warnings: [],
    });
  });

  it('reads a Python marker and leaves the marker line out of the file', () => {
    expect(fileOf('```python\n# file: pkg/util.py\ndef f():\n    return 1\n```', 'pkg/util.py')).toBe(
      'def f():\n    return 1',
    );
  });

  it('keeps a file with a longer fence around a nested one whole', () => {
    const answer = '````markdown README.md\n# Use\n\n```js\nrun();\n```\n````';
    expect(fileOf(answer, 'README.md')).toBe('# Use\n\n```js\nrun();\n```');
  });

  it('reads several files, and a later block for the same path wins with a warning', () => {
    const out = parseStepOutput('```js a.js\n1\n```\n\n```js b.js\n2\n```\n\n```js a.js\n3\n```', ['a.js', 'b.js']);
    expect(out.files).toEqual([
      { path: 'a.js', content: '3', declared: true },
      { path: 'b.js', content: '2', declared: true },
    ]);
    expect(out.warnings).toEqual([{ kind: 'duplicate', path: 'a.js' }]);
  });
});

describe('what the step declared', () => {
  it('keeps a file the step did not declare, flagged, and names declared files the answer lacks', () => {
    const out = parseStepOutput('```js src/extra.js\nx\n```', ['src/a.js', 'src/a.test.js']);
    expect(out.files).toEqual([{ path: 'src/extra.js', content: 'x', declared: false }]);
    expect(out.warnings).toEqual(
      expect.arrayContaining([
        { kind: 'missing', path: 'src/a.js' },
        { kind: 'missing', path: 'src/a.test.js' },
        { kind: 'undeclared', path: 'src/extra.js' },
      ]),
    );
  });

  it('takes the only unlabelled block as the one declared file, and says so', () => {
    const out = parseStepOutput('Here it is:\n\n```js\nexport const a = 1;\n```', ['src/a.js']);
    expect(out.files).toEqual([{ path: 'src/a.js', content: 'export const a = 1;', declared: true }]);
    expect(out.warnings).toEqual([{ kind: 'assumed', path: 'src/a.js' }]);
  });

  it('never takes a shell block, or one of several unlabelled blocks, as a file', () => {
    expect(paths('```bash\nnpm test\n```', ['src/a.js'])).toEqual([]);
    expect(paths('```js\n1\n```\n\n```js\n2\n```', ['src/a.js'])).toEqual([]);
    expect(parseStepOutput('```js\n1\n```\n\n```js\n2\n```', ['src/a.js']).warnings).toEqual([
      { kind: 'unlabelled', index: 0 },
      { kind: 'unlabelled', index: 1 },
      { kind: 'missing', path: 'src/a.js' },
    ]);
  });
});

describe('hostile and broken answers', () => {
  const hostile: [string, string][] = [
    ['a parent segment', '```js ../../etc/passwd\nx\n```'],
    ['a parent segment inside', '```js src/../../x.js\nx\n```'],
    ['an absolute path', '```js /etc/passwd\nx\n```'],
    ['a drive letter', '```js title="C:/Windows/x.js"\nx\n```'],
    ['a backslash', '```js title="src\\..\\x.js"\nx\n```'],
    ['HTML in the name', '### <script>alert(1)</script>.js\n```js\nx\n```'],
    ['HTML with spaces in the name', '```js title="<img src=x onerror=alert(1)>.js"\nx\n```'],
    ['HTML in a marker', '```html\n<!-- file: <script>alert(1)</script>.html -->\n<p>x</p>\n```'],
    ['a home folder', '```sh ~/.bashrc\nx\n```'],
  ];
  it.each(hostile)('drops a block labelled with %s', (_what, answer) => {
    const out = parseStepOutput(answer, []);
    expect(out.files).toEqual([]);
    expect(out.warnings.filter((w) => w.kind !== 'missing').map((w) => w.kind)).toEqual(
      expect.arrayContaining([expect.stringMatching(/unsafe-path|unlabelled/)]),
    );
    expect(JSON.stringify(out.files)).not.toMatch(/passwd|Windows|bashrc/);
  });

  it('reads a label with an empty segment in its one spelling (src//a.js is src/a.js), as delivery does', () => {
    const out = parseStepOutput('```js src//a.js\nx\n```', ['src/a.js']);
    expect(out.files.map((f) => f.path)).toEqual(['src/a.js']);
  });

  it('never makes a path of a label with HTML, even when the block is taken as the one declared file', () => {
    const out = parseStepOutput('### <img src=x onerror=alert(1)>.js\n```js\nx\n```', ['src/a.js']);
    expect(out.files.map((f) => f.path)).toEqual(['src/a.js']);
    expect(out.warnings).toEqual([{ kind: 'assumed', path: 'src/a.js' }]);
  });

  it('reads no path from inside a block body except its first-line marker', () => {
    const answer = '```js\nconst x = 1;\n// file: src/evil.js\n```\n\n```js\nsrc/evil.js\n```';
    expect(paths(answer)).toEqual([]);
    // The last line of one block's body is not "the line above" the next block.
    expect(paths('```text\nsrc/evil.js\n```\n```js\nx\n```')).toEqual([]);
  });

  it('writes nothing of an unclosed block (an answer cut off), and says which', () => {
    const out = parseStepOutput('```js src/a.js\nexport const a = 1;\n```\n\n```js src/b.js\nexport const b =', [
      'src/a.js',
      'src/b.js',
    ]);
    expect(out.files.map((f) => f.path)).toEqual(['src/a.js']);
    expect(out.warnings).toEqual(
      expect.arrayContaining([
        { kind: 'unclosed', path: 'src/b.js' },
        { kind: 'missing', path: 'src/b.js' },
      ]),
    );
  });

  it('gives an answer with no code at all no files, and every declared file as missing', () => {
    expect(parseStepOutput('I cannot do that.', ['a.py'])).toEqual({
      files: [],
      warnings: [{ kind: 'missing', path: 'a.py' }],
    });
  });
});
