/**
 * Detector quality on the two labelled corpora. The floors sit about 0.05
 * below the figures measured when they were set (see the table in the test
 * log), so a regression fails the test and small changes do not.
 *
 * Measured on the `learning` branch after the sarcasm fix and the word-boundary
 * fix in lib/signals/text/normalize.ts (exact match; F1 per kind):
 *   corpus  (560): exact 0.914; thanks 0.969, no_followup 0.933, repeated 0.922, said_wrong 0.953, code_error 0.957, corrected 0.947
 *   holdout (250): exact 0.824; thanks 0.960, no_followup 0.800, repeated 0.681, said_wrong 0.891, code_error 0.932, corrected 0.915
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectTextSignals } from '@/lib/signals/text/detect';
import { detectSignals } from '@/lib/signals/learned/detect';
import { formatScore, readCorpus, scoreCorpus, TEXT_KINDS, type CorpusScore, type TextKind } from './scoring';

const FIXTURES = fileURLToPath(new URL('../fixtures/signals/', import.meta.url));

const FLOORS: Record<'corpus' | 'holdout', { exact: number; f1: Record<TextKind, number> }> = {
  corpus: {
    exact: 0.86,
    f1: {
      thanks: 0.91,
      no_followup: 0.88,
      repeated_question: 0.87,
      said_wrong: 0.9,
      code_error: 0.9,
      user_corrected: 0.89,
    },
  },
  holdout: {
    exact: 0.77,
    f1: {
      thanks: 0.91,
      no_followup: 0.75,
      repeated_question: 0.63,
      said_wrong: 0.84,
      code_error: 0.88,
      user_corrected: 0.86,
    },
  },
};

describe.each(['corpus', 'holdout'] as const)('the detector on %s.jsonl', (name) => {
  const lines = readCorpus(`${FIXTURES}${name}.jsonl`);
  let score: CorpusScore;
  beforeAll(() => {
    score = scoreCorpus(lines, (l) =>
      detectTextSignals({ prevUser: l.prev_user, prevAssistant: l.prev_assistant, message: l.message }).map(
        (s) => s.kind,
      ),
    );
    console.log(formatScore(`${name}.jsonl`, score));
  });

  it('reads well-formed, labelled lines with unique ids', () => {
    expect(lines.length).toBeGreaterThanOrEqual(name === 'corpus' ? 560 : 250);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
    for (const l of lines) for (const k of l.expected) expect(TEXT_KINDS).toContain(k);
  });

  it('matches the label exactly on enough lines', () => {
    expect(score.exact).toBeGreaterThanOrEqual(FLOORS[name].exact);
  });

  it.each(TEXT_KINDS)('keeps the F1 of %s above its floor', (kind) => {
    expect(score.kinds[kind].f1, `${kind}: ${JSON.stringify(score.kinds[kind])}`).toBeGreaterThanOrEqual(
      FLOORS[name].f1[kind],
    );
  });
});

/**
 * The learned detector the app runs (lib/signals/learned) on holdout.jsonl,
 * which it never trained on (corpus.jsonl is part of its training data, so its
 * score there says little). Measured when model.json version 1 was trained
 * (exact 0.616; thanks 0.917, no_followup 0.679, repeated 0.200, said_wrong
 * 0.588, code_error 0.850, corrected 0.731; version 2: exact 0.640; 0.898,
 * 0.673, 0.294, 0.676, 0.881, 0.667): lower than the rules, which were tuned
 * on these corpora; the floors sit about 0.05 below the lower of the two
 * (user_corrected: one line fewer found by version 2, 17 of 32).
 */
describe('the learned detector on holdout.jsonl', () => {
  const lines = readCorpus(`${FIXTURES}holdout.jsonl`);
  const floors: Record<TextKind, number> = {
    thanks: 0.86,
    no_followup: 0.62,
    repeated_question: 0.15,
    said_wrong: 0.53,
    code_error: 0.8,
    user_corrected: 0.62,
  };
  let score: CorpusScore;
  beforeAll(() => {
    score = scoreCorpus(lines, (l) =>
      detectSignals({ prevUser: l.prev_user, prevAssistant: l.prev_assistant, message: l.message }).map((s) => s.kind),
    );
    console.log(formatScore('holdout.jsonl (learned detector)', score));
  });
  it('matches the label exactly on enough lines', () => expect(score.exact).toBeGreaterThanOrEqual(0.56));
  it.each(TEXT_KINDS)('keeps the F1 of %s above its floor', (kind) =>
    expect(score.kinds[kind].f1).toBeGreaterThanOrEqual(floors[kind]),
  );
});
