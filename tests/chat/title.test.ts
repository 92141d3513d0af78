import { describe, expect, it } from 'vitest';
import { cleanModelTitle, fallbackTitle } from '@/lib/chat/title';

describe('fallbackTitle', () => {
  it('uses a short question as it is', () => {
    expect(fallbackTitle('How do I debounce a React input?')).toBe('How do I debounce a React input?');
  });

  it('names a question that is only code "Code snippet"', () => {
    expect(fallbackTitle('```ts\nconst x: number = "a";\n```')).toBe('Code snippet');
    expect(fallbackTitle('```\nunclosed code only')).toBe('Code snippet');
    expect(fallbackTitle('   \n\n  ')).toBe('Code snippet');
  });

  it('skips a leading code block and uses the first line of text', () => {
    expect(fallbackTitle('```py\nprint(1/0)\n```\nWhy does this crash?')).toBe('Why does this crash?');
  });

  it('cuts a long question at a word boundary, with an ellipsis and no trailing punctuation', () => {
    const title = fallbackTitle(
      'Explain, step by step, how the JavaScript event loop schedules microtasks and macrotasks',
    );
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(49);
    const body = title.slice(0, -1);
    expect('Explain, step by step, how the JavaScript event loop schedules'.startsWith(body)).toBe(true);
    expect(body).toMatch(/[A-Za-z]$/); // cut after a whole word
    expect(body.split(' ').every((w) => 'Explain, step by step, how the JavaScript event loop'.includes(w))).toBe(true);
  });

  it('hard-cuts a single enormous word', () => {
    const title = fallbackTitle('a'.repeat(200));
    expect(title).toBe(`${'a'.repeat(48)}…`);
  });

  it('respects a custom maximum', () => {
    expect(fallbackTitle('one two three four five', 10)).toBe('one two…');
  });

  it('strips markdown: heading and quote markers, emphasis, link syntax and inline code ticks', () => {
    expect(fallbackTitle('## **Why** does `useEffect` run twice?')).toBe('Why does useEffect run twice?');
    expect(fallbackTitle('> See [the docs](https://react.dev) on *hooks*')).toBe('See the docs on hooks');
    expect(fallbackTitle('_emphasis_ and __strong__ words')).toBe('emphasis and strong words');
  });

  it('keeps identifiers as typed: snake_case, code spans, C#, indexes', () => {
    expect(fallbackTitle('Why does `parse_args` ignore `__init__` values?')).toBe(
      'Why does parse_args ignore __init__ values?',
    );
    expect(fallbackTitle('rename my_var in C# or arr[0]')).toBe('rename my_var in C# or arr[0]');
    expect(fallbackTitle('Is `a > b` wrong for `**kwargs`?')).toBe('Is a > b wrong for **kwargs?');
  });

  it('uses only the first non-empty line and collapses spaces', () => {
    expect(fallbackTitle('\n\n  fix   this\tbug  \nsecond line')).toBe('fix this bug');
  });
});

describe('cleanModelTitle', () => {
  it('strips quotes of every kind around the title', () => {
    expect(cleanModelTitle('"React state hooks"')).toBe('React state hooks');
    expect(cleanModelTitle('“Debugging Python imports”')).toBe('Debugging Python imports');
    expect(cleanModelTitle("'SQL joins'")).toBe('SQL joins');
    expect(cleanModelTitle('`Rust lifetimes`')).toBe('Rust lifetimes');
  });

  it('removes a "Title:" label, markdown markers and a final period', () => {
    expect(cleanModelTitle('Title: Fixing CORS errors.')).toBe('Fixing CORS errors');
    expect(cleanModelTitle('conversation title: Git rebase basics')).toBe('Git rebase basics');
    expect(cleanModelTitle('## **Vue reactivity**')).toBe('Vue reactivity');
  });

  it('drops <think> blocks before reading the title', () => {
    expect(
      cleanModelTitle('<think>\nThe user asks about hooks.\nMaybe "Hooks"?\n</think>\n\nReact hooks overview'),
    ).toBe('React hooks overview');
    expect(cleanModelTitle('<THINK>x</THINK>Go channels')).toBe('Go channels');
  });

  it('is empty when the reply is reasoning cut off before </think> (the token limit hit first)', () => {
    expect(cleanModelTitle('<think>\nOkay, the user asks about React hooks and')).toBe('');
  });

  it('takes the first non-empty line of a multi-line reply', () => {
    expect(cleanModelTitle('\n\nTypeScript generics\nThis conversation covers…')).toBe('TypeScript generics');
  });

  it('is empty when nothing usable is left', () => {
    expect(cleanModelTitle('')).toBe('');
    expect(cleanModelTitle('   \n  ')).toBe('');
    expect(cleanModelTitle('""')).toBe('');
    expect(cleanModelTitle('<think>only thinking</think>')).toBe('');
    expect(cleanModelTitle('Title:')).toBe('');
    expect(cleanModelTitle('a')).toBe('');
  });

  it('shortens an over-long title to 60 characters with an ellipsis', () => {
    const title = cleanModelTitle('word '.repeat(30));
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith('…')).toBe(true);
  });

  it('collapses inner whitespace', () => {
    expect(cleanModelTitle('  Async   await\tbasics ')).toBe('Async await basics');
  });
});
