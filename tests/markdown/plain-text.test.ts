import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from '@/lib/markdown/plain-text';

describe('markdownToPlainText', () => {
  it('drops emphasis, inline-code ticks and fence lines but keeps the code', () => {
    const md = 'Here is a **debounce** with *care*.\n\n```ts\nexport function debounce() {}\n```\nUse `wait`.';
    expect(markdownToPlainText(md)).toBe(
      'Here is a debounce with care.\n\n \nexport function debounce() {}\n \nUse wait.',
    );
  });

  it('keeps link text, drops heading and quote marks and table rules', () => {
    const md = '# Title\n> quoted [MDN](https://developer.mozilla.org)\n| a | b |\n|---|---|\n| 1 | 2 |';
    expect(markdownToPlainText(md)).toBe('Title\nquoted MDN\na | b\n \n1 | 2');
  });

  it('leaves snake_case names, multiplication and lone stars alone', () => {
    const md = 'call snake_case_name with 2 * 3 and a*b, or glob *.ts';
    expect(markdownToPlainText(md)).toBe(md);
  });
});
