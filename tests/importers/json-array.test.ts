/** The root array's elements one at a time: boundaries found whatever the strings hold, damage refused. */
import { describe, expect, it } from 'vitest';
import { jsonArrayElements } from '@/lib/importers/json-array';
import { parseExport } from '@/lib/importers/parse';
import { fixture } from './fixtures';

const values = (text: string) => [...jsonArrayElements(text)].map((e) => e.value);

describe('jsonArrayElements', () => {
  it('finds each element even when strings hold brackets, commas and escaped quotes', () => {
    const list = [{ a: ']\\"}', b: ['x,]', { c: '{[' }] }, 1, 'x,]"', null, true, -2.5e3, []];
    expect(values(JSON.stringify(list))).toEqual(list);
    expect(values(` \n[ 1 ,\t"two" ]\n`)).toEqual([1, 'two']);
    expect(values('\ufeff[]')).toEqual([]);
  });

  it.each([
    ['a missing comma', '[1 2]'],
    ['text after the end', '[1, 2] extra'],
    ['an unfinished element', '[{"a": [1, 2}'],
    ['an unfinished list', '[1, 2,'],
  ])('refuses %s', (_what, text) => {
    expect(() => values(text)).toThrow(expect.objectContaining({ code: 'invalid:import' }));
  });
});

describe('reading a long list', () => {
  it('reports progress up to the whole file and lets the caller in between slices', async () => {
    const one = JSON.parse(fixture('chatgpt-conversations.json'))[0];
    const many = Array.from({ length: 120 }, (_, i) => ({ ...one, conversation_id: `c${i}`, id: `c${i}` }));
    const seen: number[] = [];
    let breaths = 0;
    const parsed = await parseExport(JSON.stringify(many), {
      onProgress: (f) => seen.push(f),
      breathe: async () => void breaths++,
    });
    expect(parsed.conversations).toHaveLength(120);
    expect(breaths).toBe(2);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
