import { describe, expect, it } from 'vitest';
import { chunkFile } from '@/lib/projects/chunks';
import { codeTokens, ProjectChunkIndex } from '@/lib/projects/ranking';

/** A TypeScript file of `count` functions, each `body` lines long, separated by blank lines. */
function functions(count: number, body: number): string {
  const out: string[] = [];
  for (let f = 0; f < count; f++) {
    out.push(`export function step${f}(input: number): number {`);
    for (let i = 0; i < body; i++) out.push(`  input = input * ${f} + ${i}; // line ${i}`);
    out.push('  return input;', '}', '');
  }
  return out.join('\n');
}

describe('chunking', () => {
  it('keeps a short file whole', () => {
    const chunks = chunkFile('a.ts', 'const a = 1;\nconst b = 2;\n');
    expect(chunks).toEqual([{ path: 'a.ts', index: 0, startLine: 1, endLine: 2, text: 'const a = 1;\nconst b = 2;' }]);
    expect(chunkFile('empty.ts', '\n\n')).toEqual([]);
  });

  it('cuts at function boundaries near 40 lines, never inside a function that a seam is near', () => {
    const text = functions(10, 12); // 15 lines per function
    const chunks = chunkFile('steps.ts', text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.text.startsWith('export function')).toBe(true);
      expect(c.endLine - c.startLine + 1).toBeLessThanOrEqual(60);
    }
    // Every line is in exactly one chunk, in order.
    const lines = text.split('\n');
    lines.pop();
    expect(chunks.map((c) => c.text).join('\n')).toBe(lines.join('\n'));
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('cuts a file without seams at the hard limit', () => {
    const text = Array.from({ length: 130 }, (_, i) => `    nested ${i}`).join('\n');
    const chunks = chunkFile('blob.txt', text);
    expect(chunks.map((c) => [c.startLine, c.endLine])).toEqual([
      [1, 60],
      [61, 120],
      [121, 130],
    ]);
  });

  it('joins a short tail to the chunk before it', () => {
    const text = `${functions(3, 12)}const tail = 1;\n`;
    const chunks = chunkFile('t.ts', text);
    expect(chunks[chunks.length - 1].text.endsWith('const tail = 1;')).toBe(true);
    expect(chunks[chunks.length - 1].endLine - chunks[chunks.length - 1].startLine).toBeGreaterThan(5);
  });

  it('cuts Python at top-level defs and classes', () => {
    const py = Array.from({ length: 6 }, (_, f) =>
      [`def handler_${f}(request):`, ...Array.from({ length: 14 }, (_, i) => `    x = ${i}`), '    return x', ''].join(
        '\n',
      ),
    ).join('\n');
    for (const c of chunkFile('views.py', py)) expect(c.text.startsWith('def handler_')).toBe(true);
  });
});

describe('ranking chunks for a question', () => {
  const files = [
    {
      path: 'src/auth/session.ts',
      content:
        'export function refreshSession(token: string) {\n  return fetch("/api/session/refresh", { headers: { token } });\n}\n',
    },
    {
      path: 'src/cart/total.ts',
      content: 'export function cartTotal(items: Item[]) {\n  return items.reduce((n, i) => n + i.priceCents, 0);\n}\n',
    },
    {
      path: 'src/ui/use-draft.ts',
      content:
        'export function useDraft(key: string) {\n  const [text, setText] = useState("");\n  return { text, setText };\n}\n',
    },
    { path: 'README.md', content: '# Shop\nA shop with a cart and sessions.\n' },
  ];

  it('splits identifiers the way people search for them', () => {
    expect(codeTokens('useDraft parse_mentions HTTPServer x2')).toEqual([
      'usedraft',
      'use',
      'draft',
      'parse_mentions',
      'parse',
      'mentions',
      'httpserver',
      'http',
      'server',
      'x2',
    ]);
  });

  it('ranks the chunk that answers the question first', () => {
    const index = new ProjectChunkIndex(files);
    expect(index.size).toBe(4);
    expect(index.rank('How is the cart total computed?')[0].path).toBe('src/cart/total.ts');
    expect(index.rank('where do we refresh the session token')[0].path).toBe('src/auth/session.ts');
    // Parts of identifiers and file names count.
    expect(index.rank('the draft hook')[0].path).toBe('src/ui/use-draft.ts');
    expect(index.rank('how do I')).toEqual([]);
    expect(index.rank('   ')).toEqual([]);
  });

  it('gives chunks stable ids: path and position', () => {
    const index = new ProjectChunkIndex(files);
    const hit = index.rank('cart total')[0];
    expect(hit.id).toBe('chunk:src/cart/total.ts#0');
    expect(new ProjectChunkIndex([...files].reverse()).rank('cart total')[0].id).toBe(hit.id);
  });
});
