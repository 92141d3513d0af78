/** Folding an answer's signals into one outcome. */
import { describe, expect, it } from 'vitest';
import { combineSignals } from '@/lib/signals/answer-outcome';
import { SIGNAL_SPECS, signalOf, type SignalKind } from '@/lib/signals/kinds';

const spec = (...kinds: SignalKind[]) =>
  kinds.map((k) => ({ polarity: SIGNAL_SPECS[k].polarity, confidence: SIGNAL_SPECS[k].confidence }));

describe('combineSignals', () => {
  it('is unknown with no signals', () => {
    expect(combineSignals([])).toEqual({ outcome: 'unknown', score: 0, positive: 0, negative: 0 });
  });

  it('is positive for positive signals alone, with the score of their strength', () => {
    expect(combineSignals(spec('thanks'))).toMatchObject({
      outcome: 'positive',
      score: 0.7,
      positive: 0.7,
      negative: 0,
    });
  });

  it('adds signals of one polarity like probabilities: two weak ones beat one, and never pass 1', () => {
    const both = combineSignals(spec('thanks', 'code_copied'));
    expect(both.positive).toBeCloseTo(1 - 0.3 * 0.2, 10);
    expect(both.positive).toBeGreaterThan(0.8);
    expect(combineSignals(spec('no_followup', 'no_followup')).positive).toBeCloseTo(0.84, 10);
    const many = combineSignals(spec('thanks', 'code_copied', 'code_ran_ok', 'tests_passed', 'no_followup'));
    expect(many.positive).toBeLessThanOrEqual(1);
    expect(many.positive).toBeGreaterThan(0.99);
  });

  it('is negative for negative signals alone', () => {
    expect(combineSignals(spec('said_wrong'))).toMatchObject({ outcome: 'negative', score: -0.95, negative: 0.95 });
    const two = combineSignals(spec('code_error', 'left_immediately'));
    expect(two.negative).toBeCloseTo(1 - 0.15 * 0.6, 10);
    expect(two.outcome).toBe('negative');
  });

  it('is mixed when both sides are strong', () => {
    const r = combineSignals(spec('thanks', 'code_error'));
    expect(r.outcome).toBe('mixed');
    expect(r.score).toBeCloseTo(0.7 - 0.85, 3);
  });

  it('lets a strong side win over a weak one', () => {
    expect(combineSignals(spec('no_followup', 'left_immediately'))).toMatchObject({ outcome: 'positive', score: 0.2 });
    expect(combineSignals([...spec('said_wrong'), { polarity: 1, confidence: 0.3 }]).outcome).toBe('negative');
    // Every positive kind is at least 0.6, so next to a strong negative one it makes the answer mixed.
    expect(combineSignals(spec('user_corrected', 'no_followup')).outcome).toBe('mixed');
  });

  it('calls weak evidence that cancels out mixed, not unknown', () => {
    expect(
      combineSignals([
        { polarity: 1, confidence: 0.4 },
        { polarity: -1, confidence: 0.4 },
      ]).outcome,
    ).toBe('mixed');
  });

  it('clamps confidences to 0..1 and ignores signals without polarity', () => {
    expect(combineSignals([{ polarity: 1, confidence: 1.7 }])).toMatchObject({ positive: 1, score: 1 });
    expect(combineSignals([{ polarity: -1, confidence: -0.5 }])).toMatchObject({ outcome: 'unknown', negative: 0 });
    expect(combineSignals([{ polarity: 0, confidence: 0.9 }]).outcome).toBe('unknown');
  });

  it('accepts stored signals as they are', () => {
    expect(combineSignals([signalOf('tests_passed', 'x'), signalOf('code_ran_ok', 'y')]).positive).toBeCloseTo(
      1 - 0.1 * 0.15,
      10,
    );
  });
});

describe('combineSignals: one weak signal never decides an answer', () => {
  const left = {
    kind: 'left_immediately' as const,
    polarity: -1,
    confidence: SIGNAL_SPECS.left_immediately.confidence,
  };

  it('does not call an answer negative for a quick leave alone', () => {
    const r = combineSignals([left]);
    expect(r.outcome).not.toBe('negative');
    expect(r.outcome).toBe('unknown');
    expect(r.negative).toBeCloseTo(0.4, 10);
  });

  it('does not call an answer negative for one unsure complaint (a calibrated probability under the bar)', () => {
    expect(combineSignals([{ kind: 'said_wrong', polarity: -1, confidence: 0.45 }]).outcome).toBe('unknown');
  });

  it('calls it negative on repeated weak evidence, or on one sure signal', () => {
    expect(combineSignals([left, { kind: 'said_wrong', polarity: -1, confidence: 0.45 }]).outcome).toBe('negative');
    expect(combineSignals([{ kind: 'said_wrong', polarity: -1, confidence: 0.9 }]).outcome).toBe('negative');
  });

  it('lets copying or a successful run outweigh a quick leave: the leave then counts for nothing', () => {
    for (const kind of ['code_copied', 'code_ran_ok', 'tests_passed'] as const) {
      const alone = combineSignals([{ kind, polarity: 1, confidence: SIGNAL_SPECS[kind].confidence }]);
      const withLeave = combineSignals([{ kind, polarity: 1, confidence: SIGNAL_SPECS[kind].confidence }, left]);
      expect(withLeave).toEqual(alone);
      expect(withLeave.outcome).toBe('positive');
    }
  });

  it('still counts a quick leave next to a thanks (words are not engagement with the code)', () => {
    expect(combineSignals([{ kind: 'thanks', polarity: 1, confidence: 0.7 }, left]).negative).toBeCloseTo(0.4, 10);
  });
});
