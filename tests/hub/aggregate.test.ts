import { describe, expect, it } from 'vitest';
import {
  aggregatePatterns,
  aggregateSignals,
  inputFingerprint,
  sumPerInstall,
  type PatternRow,
  type SignalRow,
} from '@/hub/aggregate/aggregate';
import { laplace } from '@/hub/aggregate/noise';
import { seededRandom as seededRng } from '../support/random';

const EXACT = { epsilon: 1e12, clamp: 1_000, rng: seededRng(1) };

function row(installKey: string, over: Partial<PatternRow> = {}): PatternRow {
  return {
    installKey,
    questionKind: 'react/debug',
    answerStyle: 'short|code-first|no-steps|no-tests',
    successes: 4,
    failures: 1,
    description: 'React debugging: short answers, code first',
    createdAt: '2026-12-01T10:00:00.000Z',
    ...over,
  };
}

const installs = (n: number, over: Partial<PatternRow> = {}) =>
  Array.from({ length: n }, (_, i) => row(`install-${i}`, over));

describe('k-anonymity', () => {
  it('publishes a pattern only once k distinct installs report it', () => {
    expect(aggregatePatterns(installs(4), { ...EXACT, k: 5 })).toEqual([]);
    const kinds = aggregatePatterns(installs(5), { ...EXACT, k: 5 });
    expect(kinds).toHaveLength(1);
    expect(kinds[0].styles[0]).toMatchObject({ installs: 5, successes: 20, failures: 5 });
  });

  it('does not count one install twice towards k, however often it reports', () => {
    const rows = [
      ...installs(4),
      row('install-0', { createdAt: '2026-12-02T10:00:00.000Z' }),
      row('install-0', { createdAt: '2026-12-03T10:00:00.000Z' }),
    ];
    expect(aggregatePatterns(rows, { ...EXACT, k: 5 })).toEqual([]);
  });

  it('keeps signal cells below k out of the statistics', () => {
    const s = (installKey: string, sig = 'thanks'): SignalRow => ({
      installKey,
      week: '2026-W49',
      questionKind: 'react/debug',
      signal: sig,
      count: 2,
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    const rows = [s('a'), s('b'), s('c'), s('a', 'said_wrong'), s('b', 'said_wrong')];
    expect(aggregateSignals(rows, { ...EXACT, k: 3 })).toEqual([
      { week: '2026-W49', questionKind: 'react/debug', signal: 'thanks', installs: 3, count: 6 },
    ]);
  });
});

describe('double counting', () => {
  it('adds up what an install sent for a pattern over its batches, and counts it as one install', () => {
    const rows = [
      ...installs(2),
      row('install-0', { successes: 3, failures: 1, createdAt: '2026-12-05T10:00:00.000Z' }),
      row('install-0', { successes: 2, failures: 0, createdAt: '2026-11-20T10:00:00.000Z' }),
    ];
    const [kind] = aggregatePatterns(rows, { ...EXACT, k: 2 });
    // install-0 brings 4+1 (its installs() row) + 3+1 + 2+0 = 9+2 (under the clamp), install-1 4+1.
    expect(kind.styles[0]).toMatchObject({ installs: 2, successes: 9 + 4, failures: 2 + 1 });
  });

  it('keeps one row per install and cell, with the sum of its counts', () => {
    const summed = sumPerInstall(
      [row('a'), row('a', { createdAt: '2026-12-09T00:00:00.000Z', successes: 7 }), row('b')],
      (r) => r.questionKind + r.answerStyle,
      ['successes', 'failures'],
    );
    expect(summed.map((r) => [r.installKey, r.successes, r.failures])).toEqual([
      ['a', 11, 2],
      ['b', 4, 1],
    ]);
  });
});

describe('withdrawal', () => {
  it('leaves a pattern out of the pack once withdrawn installs take it below k', () => {
    const rows = installs(5);
    expect(aggregatePatterns(rows, { ...EXACT, k: 5 })).toHaveLength(1);
    const withdrawn = rows.filter((r) => r.installKey !== 'install-3');
    expect(aggregatePatterns(withdrawn, { ...EXACT, k: 5 })).toEqual([]);
  });
});

describe('one install’s weight', () => {
  it('scales an install with many outcomes down to `clamp`, keeping its success rate', () => {
    const rows = [...installs(2), row('heavy', { successes: 900, failures: 100 })];
    const [kind] = aggregatePatterns(rows, { ...EXACT, clamp: 10, k: 3 });
    // Two installs of 4+1 (under the clamp) and the heavy one as 9+1.
    expect(kind.styles[0]).toMatchObject({ successes: 8 + 9, failures: 2 + 1 });
  });
});

describe('noise', () => {
  it('draws Laplace noise of the given scale (seeded)', () => {
    const rng = seededRng(42);
    const draws = Array.from({ length: 20_000 }, () => laplace(3, rng));
    const meanAbs = draws.reduce((s, x) => s + Math.abs(x), 0) / draws.length;
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(meanAbs).toBeGreaterThan(3 * 0.95);
    expect(meanAbs).toBeLessThan(3 * 1.05);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    // P(|X| > b ln 20) = 5 %.
    const tail = draws.filter((x) => Math.abs(x) > 3 * Math.log(20)).length / draws.length;
    expect(tail).toBeGreaterThan(0.04);
    expect(tail).toBeLessThan(0.06);
  });

  it('noises published counts within bounds, as whole numbers, never negative nor below k installs', () => {
    const rows = installs(6, { successes: 1, failures: 0 });
    const seen = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const [kind] = aggregatePatterns(rows, { k: 5, epsilon: 1, clamp: 10, rng: seededRng(seed) });
      const s = kind.styles[0];
      for (const v of [s.installs, s.successes, s.failures]) expect(Number.isInteger(v)).toBe(true);
      expect(s.installs).toBeGreaterThanOrEqual(5);
      expect(s.failures).toBeGreaterThanOrEqual(0);
      // Scale 2 for installs and 20 for outcomes: 15 scales out has probability e^-15 per draw.
      expect(s.installs).toBeLessThanOrEqual(6 + 30);
      expect(s.successes).toBeLessThanOrEqual(6 + 300);
      seen.add(s.successes);
    }
    // The counts really are noised: 200 seeds give many different values, some clamped to 0.
    expect(seen.size).toBeGreaterThan(30);
    expect(seen.has(0)).toBe(true);
  });

  it('gives the same pack for the same seed', () => {
    const p = () => aggregatePatterns(installs(7), { k: 5, epsilon: 1, clamp: 10, rng: seededRng(7) });
    expect(p()).toEqual(p());
  });
});

describe('input fingerprint', () => {
  const params = { k: 5, epsilon: 1, clamp: 10 };
  it('does not depend on row order and changes with any count or parameter', () => {
    const rows = installs(3);
    const base = inputFingerprint(rows, [], params);
    expect(inputFingerprint([...rows].reverse(), [], params)).toBe(base);
    expect(inputFingerprint([rows[0], rows[1], { ...rows[2], failures: 2 }], [], params)).not.toBe(base);
    expect(inputFingerprint(rows, [], { ...params, k: 6 })).not.toBe(base);
  });
});

describe('the pack’s entity tag', () => {
  it('differs for two packs of the same version (a hub started afresh), and is the same for the same pack', async () => {
    const { packEtag } = await import('@/hub/pack');
    const pack = (successes: number) => ({
      v: 1 as const,
      version: 1,
      publishedAt: '2026-12-06T00:00:00.000Z',
      k: 5,
      epsilon: 1,
      kinds: [
        {
          questionKind: 'react/debug',
          styles: [
            { answerStyle: 'short|code-first|no-steps|no-tests', installs: 5, successes, failures: 1, description: '' },
          ],
        },
      ],
    });
    expect(packEtag(pack(4))).toBe(packEtag(pack(4)));
    expect(packEtag(pack(4))).not.toBe(packEtag(pack(9)));
  });
});
