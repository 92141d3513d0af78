/** Beta posteriors per (question kind → answer style) and choosing a style by Thompson sampling. */
import { describe, expect, it } from 'vitest';
import {
  chooseStyle,
  confidenceOf,
  evidenceOf,
  recordOutcome,
  removeOutcome,
  sampleBeta,
  successRate,
  type PatternStats,
} from '@/lib/patterns/patterns';
import { combineSignals } from '@/lib/signals/answer-outcome';
import { ALL_STYLE_KEYS } from '@/lib/patterns/classify';
import { seededRandom } from '../support/random';

const SHORT = 'short|code-first|no-steps|no-tests';
const LONG = 'long|prose-first|steps|no-tests';
const empty = (questionKind = 'python/write', answerStyle = SHORT): PatternStats => ({
  questionKind,
  answerStyle,
  successes: 0,
  failures: 0,
});
const stats = (questionKind: string, answerStyle: string, successes: number, failures: number): PatternStats => ({
  questionKind,
  answerStyle,
  successes,
  failures,
});

const positive = combineSignals([
  { polarity: 1, confidence: 0.7 },
  { polarity: 1, confidence: 0.8 },
]);
const leaning = combineSignals([
  { polarity: 1, confidence: 0.85 },
  { polarity: -1, confidence: 0.4 },
]);
const negative = combineSignals([{ polarity: -1, confidence: 0.95 }]);
const mixed = combineSignals([
  { polarity: 1, confidence: 0.7 },
  { polarity: -1, confidence: 0.85 },
]);
const unknown = combineSignals([]);

describe('recordOutcome and removeOutcome', () => {
  it('counts a positive outcome as success, and its weak negative side a quarter', () => {
    expect(recordOutcome(empty(), positive)).toMatchObject({ successes: 0.94, failures: 0 });
    expect(recordOutcome(empty(), leaning)).toMatchObject({ successes: 0.85, failures: 0.1 });
  });

  it('counts a mixed outcome fully on both sides and a negative one as failure', () => {
    expect(recordOutcome(empty(), mixed)).toMatchObject({ successes: 0.7, failures: 0.85 });
    expect(recordOutcome(empty(), negative)).toMatchObject({ successes: 0, failures: 0.95 });
  });

  it('leaves the pattern alone for an unknown outcome', () => {
    const p = stats('python/write', SHORT, 2, 1);
    expect(recordOutcome(p, unknown)).toBe(p);
    expect(removeOutcome(p, unknown)).toBe(p);
  });

  it('takes back exactly what it added', () => {
    const start = stats('python/write', SHORT, 3.2, 1.1);
    for (const r of [positive, leaning, negative, mixed]) {
      const back = removeOutcome(recordOutcome(start, r), r);
      expect(back.successes).toBeCloseTo(start.successes, 6);
      expect(back.failures).toBeCloseTo(start.failures, 6);
    }
  });

  it('never goes below zero when taking back more than is there', () => {
    expect(removeOutcome(empty(), mixed)).toMatchObject({ successes: 0, failures: 0 });
  });

  it('keeps the other fields of the row', () => {
    const row = { ...empty(), id: 'python/write→x', updatedAt: 5 };
    expect(recordOutcome(row, positive)).toMatchObject({
      id: 'python/write→x',
      updatedAt: 5,
      questionKind: 'python/write',
    });
  });
});

describe('successRate, evidenceOf and confidenceOf', () => {
  it('starts at one half with no evidence (a uniform prior)', () => {
    expect(successRate(empty())).toBe(0.5);
    expect(evidenceOf(empty())).toBe(0);
    expect(confidenceOf(empty())).toBeCloseTo(0.5, 3);
  });

  it('is the posterior mean (1 + s) / (2 + s + f)', () => {
    expect(successRate({ successes: 3, failures: 1 })).toBeCloseTo(4 / 6, 10);
    expect(evidenceOf({ successes: 3, failures: 1.5 })).toBe(4.5);
  });

  it('grows more sure with more evidence at the same success rate', () => {
    const levels = [1, 4, 16, 64].map((n) => confidenceOf({ successes: 0.8 * n, failures: 0.2 * n }));
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]);
    expect(levels[3]).toBeGreaterThan(0.99);
  });

  it('is below one half for a style that mostly fails', () => {
    expect(confidenceOf({ successes: 1, failures: 6 })).toBeLessThan(0.1);
  });
});

describe('sampleBeta', () => {
  it.each([
    [2, 5],
    [5, 2],
    [1, 1],
    [9.4, 2.2],
    [0.6, 1.4],
  ])('draws Beta(%d, %d) samples in (0, 1) whose mean is close to a / (a + b)', (a, b) => {
    const random = seededRandom(7);
    const n = 4000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleBeta(a, b, random);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      sum += x;
    }
    expect(Math.abs(sum / n - a / (a + b))).toBeLessThan(0.02);
  });
});

describe('chooseStyle', () => {
  const patterns = [stats('python/write', SHORT, 8, 1), stats('python/write', LONG, 1, 6)];

  it('picks the best-known style most of the time and explores with probability about `explore`', () => {
    const random = seededRandom(11);
    const counts = { best: 0, explore: 0, short: 0 };
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const choice = chooseStyle('python/write', patterns, random, 0.1);
      if (choice.reason === 'best') counts.best++;
      if (choice.reason === 'explore') counts.explore++;
      if (choice.reason === 'best' && choice.style === SHORT) counts.short++;
    }
    expect(counts.explore / n).toBeGreaterThan(0.07);
    expect(counts.explore / n).toBeLessThan(0.13);
    expect(counts.short / counts.best).toBeGreaterThan(0.95);
  });

  it('explores styles not tried yet', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      const choice = chooseStyle('python/write', patterns, random, 1);
      expect(choice.reason).toBe('explore');
      expect([SHORT, LONG]).not.toContain(choice.style);
      expect(ALL_STYLE_KEYS).toContain(choice.style);
    }
  });

  it('reports the chosen style with its success rate, confidence, evidence and basis', () => {
    const choice = chooseStyle('python/write', patterns, seededRandom(5), 0);
    expect(choice).toMatchObject({ style: SHORT, reason: 'best', basedOn: 'python/write', evidence: 9 });
    expect(choice.successRate).toBeCloseTo(9 / 11, 10);
    expect(choice.confidence).toBeGreaterThan(0.95);
  });

  it('falls back from the exact kind to the topic when the kind has little evidence', () => {
    const topicOnly = [
      stats('python/debug', LONG, 5, 0),
      stats('python/explain', LONG, 2, 0),
      stats('react/write', SHORT, 9, 0),
    ];
    const choice = chooseStyle('python/write', topicOnly, seededRandom(9), 0);
    expect(choice).toMatchObject({ style: LONG, reason: 'best', basedOn: 'python/*', evidence: 7 });
  });

  it('prefers the exact kind once it has evidence of its own', () => {
    const both = [stats('python/debug', LONG, 20, 0), stats('python/write', SHORT, 3, 0)];
    expect(chooseStyle('python/write', both, seededRandom(1), 0)).toMatchObject({
      style: SHORT,
      basedOn: 'python/write',
    });
  });

  it("returns 'none' without evidence for the kind or its topic", () => {
    expect(chooseStyle('python/write', [], seededRandom(1))).toEqual({ reason: 'none' });
    expect(chooseStyle('python/write', [stats('react/write', SHORT, 9, 0)], seededRandom(1))).toEqual({
      reason: 'none',
    });
    expect(chooseStyle('python/write', [stats('python/write', SHORT, 0, 0)], seededRandom(1))).toEqual({
      reason: 'none',
    });
  });

  it('tries an untried style rather than repeat one that mostly failed', () => {
    const failing = [stats('python/write', LONG, 0, 5)];
    const choice = chooseStyle('python/write', failing, seededRandom(2), 0);
    expect(choice.reason).toBe('explore');
    expect(choice.style).not.toBe(LONG);
  });
});
