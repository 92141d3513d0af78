import { describe, expect, it } from 'vitest';
import { questionSimilarity, similarityProfile } from '@/lib/signals/text/similarity';

const pairs: [string, string][] = [
  ['How do I reverse a list in Python?', 'reverse a python list'],
  ['How do I reverse a list in Python?', 'Center a div with CSS grid'],
  ['Why does my git rebase keep conflicting?', 'git rebase conflicts again'],
  ['the', 'How do I sort?'],
];

describe('questionSimilarity', () => {
  it('scores alike questions high, unrelated ones low, and empty ones 0', () => {
    expect(questionSimilarity('How do I sort a map?', 'How do I sort a map?')).toBe(1);
    expect(questionSimilarity(...pairs[0])).toBeGreaterThan(0.6);
    expect(questionSimilarity(...pairs[1])).toBeLessThan(0.2);
    expect(questionSimilarity(...pairs[3])).toBe(0);
  });

  it('gives the same score for a prepared profile as for the text (memories are compared through cached profiles)', () => {
    for (const [a, b] of pairs) {
      const expected = questionSimilarity(a, b);
      expect(questionSimilarity(similarityProfile(a), b)).toBe(expected);
      expect(questionSimilarity(a, similarityProfile(b))).toBe(expected);
      expect(questionSimilarity(similarityProfile(a), similarityProfile(b))).toBe(expected);
    }
  });
});
