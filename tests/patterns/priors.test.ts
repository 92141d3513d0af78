import { describe, expect, it } from 'vitest';
import { chooseStyle, type PatternStats } from '@/lib/patterns/patterns';
import { MAX_PRIOR_WEIGHT, OWN_EVIDENCE_ENOUGH, priorWeight, withPriors, type StylePrior } from '@/lib/patterns/priors';
import { seededRandom } from '../support/random';

const KIND = 'react/debug';
const SHORT = 'short|code-first|no-steps|no-tests';
const LONG = 'long|prose-first|steps|no-tests';

/** The community: short answers work for React debugging, long ones do not (many installs, big counts). */
const community: StylePrior[] = [
  { questionKind: KIND, answerStyle: SHORT, successes: 900, failures: 100 },
  { questionKind: KIND, answerStyle: LONG, successes: 150, failures: 850 },
  { questionKind: 'python/explain', answerStyle: LONG, successes: 900, failures: 10 },
];

const own = (answerStyle: string, successes: number, failures: number): PatternStats => ({
  questionKind: KIND,
  answerStyle,
  successes,
  failures,
});

/** How often each style is chosen over many draws (no exploring, to see the posterior's own preference). */
function shares(patterns: PatternStats[], priors: StylePrior[]): Record<string, number> {
  const random = seededRandom(7);
  const counts: Record<string, number> = {};
  for (let i = 0; i < 2000; i++) {
    const style = chooseStyle(KIND, patterns, random, 0, priors).style ?? 'none';
    counts[style] = (counts[style] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / 2000]));
}

describe('community priors for answer styles', () => {
  it('adds at most a few pseudo-outcomes per style, however big the community counts are', () => {
    const merged = withPriors(KIND, [], community);
    expect(merged.map((p) => p.answerStyle).sort()).toEqual([LONG, SHORT].sort());
    for (const p of merged) expect(p.successes + p.failures).toBeCloseTo(MAX_PRIOR_WEIGHT);
    expect(merged.find((p) => p.answerStyle === SHORT)!.successes).toBeCloseTo(MAX_PRIOR_WEIGHT * 0.9);
  });

  it('fades the community out as the user’s own evidence on the kind grows', () => {
    expect(priorWeight(0)).toBe(MAX_PRIOR_WEIGHT);
    expect(priorWeight(OWN_EVIDENCE_ENOUGH / 2)).toBe(MAX_PRIOR_WEIGHT / 2);
    expect(priorWeight(OWN_EVIDENCE_ENOUGH)).toBe(0);
    const strong = [own(LONG, 14, 1)];
    expect(withPriors(KIND, strong, community)).toEqual([{ ...strong[0], community: 0 }]);
  });

  it('with no evidence of its own, follows the community and says so', () => {
    const choice = chooseStyle(KIND, [], seededRandom(1), 0, community);
    expect(choice.reason).toBe('best');
    expect(choice.basedOn).toBe(KIND);
    expect(choice.community).toBeGreaterThan(0);
    expect(shares([], community)[SHORT]).toBeGreaterThan(0.9);
    // Without the pack there is nothing to go on.
    expect(chooseStyle(KIND, [], seededRandom(1), 0).reason).toBe('none');
  });

  it('with thin evidence of its own, still mostly follows the community', () => {
    // One mildly good long answer: alone it would pick the long style every time.
    const thin = [own(LONG, 1, 0)];
    expect(shares(thin, [])[LONG]).toBe(1);
    expect(shares(thin, community)[SHORT]).toBeGreaterThan(0.7);
  });

  it('with strong evidence of its own, ignores the community entirely', () => {
    // The user clearly likes long answers to React debugging, against the community.
    const strong = [own(LONG, 12, 1), own(SHORT, 0, 2)];
    const withPack = chooseStyle(KIND, strong, seededRandom(3), 0, community);
    expect(withPack.style).toBe(LONG);
    expect(withPack.community).toBeUndefined();
    expect(shares(strong, community)).toEqual(shares(strong, []));
  });

  it('does not explore away from the community before the user has evidence of their own', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 200; i++) {
      const choice = chooseStyle(KIND, [], random, 0.5, community);
      expect(choice.reason).toBe('best');
    }
    // With some evidence of their own, exploring starts again.
    const reasons = new Set(
      Array.from({ length: 200 }, () => chooseStyle(KIND, [own(SHORT, 1, 0)], random, 0.5, community).reason),
    );
    expect(reasons).toEqual(new Set(['best', 'explore']));
  });

  it('uses only the pack’s evidence for the same kind of question', () => {
    const other = chooseStyle('go/debug', [], seededRandom(1), 0, community);
    expect(other.reason).toBe('none');
  });
});
