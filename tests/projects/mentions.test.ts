import { describe, expect, it } from 'vitest';
import { parseMentions } from '@/lib/projects/project-context';
import { activeMention, insertMention, suggestPaths } from '@/lib/projects/mentions';

const PATHS = [
  'src/app.ts',
  'src/utils/format.ts',
  'test/utils/format.ts',
  'src/lib/cart.ts',
  'README.md',
  'package.json',
  'apps/web/package.json',
];

describe('parseMentions', () => {
  it('finds exact paths and unique suffixes at a folder boundary, in order, each once', () => {
    expect(parseMentions('Look at @src/app.ts and @cart.ts, then @src/app.ts again', PATHS)).toEqual([
      'src/app.ts',
      'src/lib/cart.ts',
    ]);
    expect(parseMentions('@lib/cart.ts', PATHS)).toEqual(['src/lib/cart.ts']);
  });

  it('leaves out ambiguous suffixes but takes an exact path even when it is also a suffix', () => {
    expect(parseMentions('fix @format.ts', PATHS)).toEqual([]);
    expect(parseMentions('fix @utils/format.ts', PATHS)).toEqual([]);
    expect(parseMentions('fix @src/utils/format.ts', PATHS)).toEqual(['src/utils/format.ts']);
    expect(parseMentions('see @package.json', PATHS)).toEqual(['package.json']);
  });

  it('ignores trailing punctuation, a leading ./ and surrounding brackets or quotes', () => {
    expect(parseMentions('Why does @app.ts. fail? (@README.md) "@./src/lib/cart.ts"!', PATHS)).toEqual([
      'src/app.ts',
      'README.md',
      'src/lib/cart.ts',
    ]);
    expect(parseMentions('in @src/app.ts: line 3', PATHS)).toEqual(['src/app.ts']);
  });

  it('does not take e-mail addresses, partial names or unknown files', () => {
    expect(parseMentions('mail me@app.ts or admin@src/app.ts', PATHS)).toEqual([]);
    expect(parseMentions('@app', PATHS)).toEqual([]);
    expect(parseMentions('@pp.ts', PATHS)).toEqual([]);
    expect(parseMentions('@nope.ts', PATHS)).toEqual([]);
    expect(parseMentions('no mentions here', PATHS)).toEqual([]);
    expect(parseMentions('@src/app.ts', [])).toEqual([]);
  });
});

describe('the mention being typed', () => {
  it('is the @token around the caret', () => {
    expect(activeMention('see @src/ap', 11)).toEqual({ start: 4, end: 11, query: 'src/ap' });
    expect(activeMention('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    // Caret in the middle: the query is what is before it; the whole token is replaced.
    expect(activeMention('see @src/app.ts now', 8)).toEqual({ start: 4, end: 15, query: 'src' });
  });

  it('is nothing outside a token, after a space, or in an e-mail address', () => {
    expect(activeMention('see @src/app.ts now', 19)).toBeUndefined();
    expect(activeMention('see @app ', 9)).toBeUndefined();
    expect(activeMention('me@app', 6)).toBeUndefined();
    expect(activeMention('plain', 3)).toBeUndefined();
  });

  it('suggests file-name matches first, then folders, then letters in order', () => {
    expect(suggestPaths(PATHS, 'form')).toEqual(['src/utils/format.ts', 'test/utils/format.ts']);
    expect(suggestPaths(PATHS, 'pack')).toEqual(['package.json', 'apps/web/package.json']);
    expect(suggestPaths(PATHS, 'utils')[0]).toBe('src/utils/format.ts');
    expect(suggestPaths(PATHS, 'slc')).toEqual(['src/lib/cart.ts']);
    expect(suggestPaths(PATHS, 'zzz')).toEqual([]);
    expect(suggestPaths(PATHS, '', 3)).toEqual(['README.md', 'package.json', 'src/app.ts']);
  });

  it('replaces the token with the picked path and a space, caret after it', () => {
    const text = 'check @for please';
    const m = activeMention(text, 10)!;
    expect(insertMention(text, m, 'src/utils/format.ts')).toEqual({
      text: 'check @src/utils/format.ts please',
      caret: 27,
    });
    const end = activeMention('@ap', 3)!;
    expect(insertMention('@ap', end, 'src/app.ts')).toEqual({ text: '@src/app.ts ', caret: 12 });
  });
});
