import { describe, expect, it } from 'vitest';
import { splitThinkTags } from '@/lib/response/think-tags';

describe('splitThinkTags', () => {
  it('leaves an answer without a leading think block alone', () => {
    expect(splitThinkTags('Plain answer with <think> later on')).toEqual({
      thinking: '',
      content: 'Plain answer with <think> later on',
    });
    expect(splitThinkTags('')).toEqual({ thinking: '', content: '' });
  });

  it('splits a closed <think> or <thinking> block from the answer', () => {
    expect(splitThinkTags('<think>\nreasoning here\n</think>\n\nThe answer.')).toEqual({
      thinking: 'reasoning here',
      content: 'The answer.',
    });
    expect(splitThinkTags('  <thinking>why</thinking>Because.')).toEqual({ thinking: 'why', content: 'Because.' });
  });

  it('treats a block still open (streaming) as all thinking', () => {
    expect(splitThinkTags('<think>first I will')).toEqual({ thinking: 'first I will', content: '' });
  });

  it('shows nothing while the opening tag itself is still arriving', () => {
    for (const partial of ['<', '<t', '<thi', '<think', ' <thinkin']) {
      expect(splitThinkTags(partial)).toEqual({ thinking: '', content: '' });
    }
  });

  it('shows text that only starts like the tag as soon as it differs', () => {
    expect(splitThinkTags('<table>')).toEqual({ thinking: '', content: '<table>' });
    expect(splitThinkTags('<th>')).toEqual({ thinking: '', content: '<th>' });
  });

  it('only the first closing tag ends the block', () => {
    expect(splitThinkTags('<think>a</think>b</think>c')).toEqual({ thinking: 'a', content: 'b</think>c' });
  });
});
