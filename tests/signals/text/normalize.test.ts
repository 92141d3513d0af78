/** Taking a message apart before reading it: prose, code, quotes, logs; clauses; questions. */
import { describe, expect, it } from 'vitest';
import { clausesOf, contentWords, isQuestion, splitMessage, stem } from '@/lib/signals/text/normalize';

describe('splitMessage', () => {
  it('sets code, quoted strings, "> " quotes and pasted log lines apart from the user\'s own words', () => {
    const parts = splitMessage(
      'Thanks! `x.y()` said "hello there" ok\n> quoted line\n```js\nthrow new Error("x")\n```\nTypeError: x is not a function',
    );
    expect(parts.prose).toBe('thanks! ⓒ said ⓠ ok\nⓕ');
    expect(parts.inline).toEqual(['x.y()']);
    expect(parts.fenced).toEqual(['throw new Error("x")']);
    expect(parts.quoted).toEqual(['quoted line']);
    // The raw text keeps the log line and the code (errors are often pasted unfenced), but not the quote.
    expect(parts.raw).toContain('TypeError: x is not a function');
    expect(parts.raw).toContain('throw new Error("x")');
    expect(parts.raw).not.toContain('quoted line');
  });

  it('keeps the words before an error pasted on the same line', () => {
    expect(splitMessage("doesn't work, I get TypeError: x is not a function").prose).toBe("doesn't work, i get");
  });

  it('lower-cases, straightens apostrophes and drops emphasis marks', () => {
    expect(splitMessage('That’s **WRONG**').prose).toBe("that's wrong");
  });
});

describe('clausesOf', () => {
  it('splits sentences, lines and "X, but Y"', () => {
    expect(clausesOf('thanks, but it still fails. why? ok')).toEqual(['thanks', 'but it still fails.', 'why?', 'ok']);
    expect(clausesOf('first line\nsecond line')).toEqual(['first line', 'second line']);
  });
});

describe('isQuestion', () => {
  it('knows a question by its mark or by how it opens', () => {
    expect(isQuestion('is this wrong')).toBe(true);
    expect(isQuestion('what is it')).toBe(true);
    expect(isQuestion('works?')).toBe(true);
    expect(isQuestion('this is wrong')).toBe(false);
  });
});

describe('contentWords and stem', () => {
  it('folds forms, synonyms and phrases so rewordings compare equal', () => {
    expect(stem('types')).toBe(stem('typed'));
    expect(contentWords('How do I delete a folder in JS?')).toEqual(contentWords('remove directory javascript'));
    expect(contentWords('install as a dev dependency')).toContain('devdependency');
    expect(contentWords('how many files are in the folder')).toEqual(contentWords('number of files in a directory'));
  });
});
