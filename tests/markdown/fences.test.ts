/**
 * The one fence parser's helpers: where fenced blocks sit, prose without
 * them, closing a fence a cut left open, and a fence content cannot close.
 */
import { describe, expect, it } from 'vitest';
import { closingFenceFor, fenceSpans, safeFence, stripFencedCode } from '@/lib/markdown/fences';
import { fallbackTitle } from '@/lib/chat/title';
import { clip } from '@/lib/retrieval/past';

const FENCE = '```';

describe('fence helpers', () => {
  it('finds backtick and tilde blocks, a longer fence around a shorter one, and an unclosed last block', () => {
    const text = `a\n${FENCE}js\nx\n${FENCE}\nb\n~~~\ny\n~~~\n\`\`\`\`md\n${FENCE}\nz\n${FENCE}\n\`\`\`\`\nc\n${FENCE}py\nopen`;
    const spans = fenceSpans(text);
    expect(spans.map((s) => [s.open.char, s.open.length, s.closed])).toEqual([
      ['`', 3, true],
      ['~', 3, true],
      ['`', 4, true],
      ['`', 3, false],
    ]);
    expect(stripFencedCode(text, '#')).toBe('a\n#\nb\n#\n#\nc\n#');
  });

  it('leaves inline triple backticks in prose alone', () => {
    expect(stripFencedCode('Use ```js``` fences please')).toBe('Use ```js``` fences please');
  });

  it('closes the fence a cut left open, with its own character and length', () => {
    expect(closingFenceFor(`${FENCE}ts\nconst a = 1;`)).toBe(FENCE);
    expect(closingFenceFor('~~~~\nx')).toBe('~~~~');
    expect(closingFenceFor(`${FENCE}\nx\n${FENCE}\nprose`)).toBe('');
  });

  it('picks a fence one longer than the longest backtick run inside', () => {
    expect(safeFence('plain')).toBe(FENCE);
    expect(safeFence(`has ${FENCE}\` inside`)).toBe('`````');
  });
});

describe('users of the fence parser', () => {
  it('titles a question that starts with tilde-fenced code by its words, not the fence', () => {
    expect(fallbackTitle('~~~python\nprint(1)\n~~~\nWhy does this print 1?')).toBe('Why does this print 1?');
  });

  it('keeps a cut tilde fence closed in a past answer', () => {
    const clipped = clip(`Answer:\n~~~python\n${'x = 1\n'.repeat(400)}~~~\nDone.`, 100);
    expect(clipped).toMatch(/\n~~~\n\[…cut to fit\]$/);
  });
});
