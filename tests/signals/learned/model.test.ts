/** The shipped signal model: loads, gives calibrated probabilities and decides as documented (its speed is in `npm run bench -- learning`). */
import { describe, expect, it } from 'vitest';
import { detectSignals, readSignals, shippedModel } from '@/lib/signals/learned/detect';
import { decideKinds, MODEL_CLASSES } from '@/lib/signals/learned/model';
import { ANSWER_CHARS_SEEN, seenByModel } from '@/lib/signals/learned/features';

describe('the shipped signal model', () => {
  it('is a versioned file over the six classes, with its training data hash and CV figures', () => {
    const f = shippedModel().file;
    expect(f.version).toBeGreaterThanOrEqual(1);
    expect(f.classes).toEqual([...MODEL_CLASSES]);
    expect(f.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(typeof f.cv.macroF1).toBe('number');
  });

  it('gives probabilities that sum to 1 and reads plain cases the way a person would', () => {
    const r = readSignals({
      prevUser: 'How do I reverse a list in Python?',
      prevAssistant: 'Use `nums[::-1]`.',
      message: 'thanks, that worked perfectly!',
    });
    expect(Object.values(r.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(r.decided).toBe('thanks');
    expect(r.signals[0].confidence).toBeCloseTo(r.probs.thanks, 3);
    const err = detectSignals({
      prevUser: 'parse this json',
      prevAssistant: '```python\nimport json\njson.loads(s)\n```',
      message:
        'Traceback (most recent call last):\n  File "a.py", line 3, in <module>\n    json.loads(s)\njson.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    });
    expect(err.map((s) => s.kind)).toEqual(['code_error']);
  });

  it('keeps the correction words for a user_corrected signal', () => {
    const s = detectSignals({
      prevUser: 'How do I install eslint as a dev dependency with npm?',
      prevAssistant: 'Run `npm install eslint --save`.',
      message: 'use `npm i -D eslint` instead, --save adds it to dependencies',
    });
    expect(s.map((x) => x.kind)).toEqual(['user_corrected']);
    expect(s[0].correction).toContain('npm i -D eslint');
  });
});

describe('seenByModel', () => {
  it('reads a pasted megabyte by its two ends, the answer as the training data kept it, and a short input as it is', () => {
    const log = 'connection refused while reading the config\n'.repeat(40_000);
    const message = `it still fails:\n${log}ValueError: boom`;
    const seen = seenByModel({ prevUser: log, prevAssistant: 'x'.repeat(5000), message });
    expect(seen.message.length).toBeLessThanOrEqual(32_001);
    expect(seen.message.startsWith('it still fails:')).toBe(true);
    expect(seen.message.endsWith('ValueError: boom')).toBe(true);
    expect(seen.prevUser!.length).toBeLessThanOrEqual(32_001);
    expect(seen.prevAssistant).toHaveLength(ANSWER_CHARS_SEEN);
    const short = { prevUser: 'q', prevAssistant: 'a', message: 'thanks' };
    expect(seenByModel(short)).toBe(short);
  });
});

describe('decideKinds', () => {
  // thanks, said_wrong, user_corrected, repeated_question, code_error, new_question
  const probs = [0.1, 0.3, 0.1, 0.05, 0.05, 0.4];
  const classes = [...MODEL_CLASSES];
  const none = Object.fromEntries(MODEL_CLASSES.map((c) => [c, 1]));

  it('reports the likeliest signal kind when its offset lifts it over new_question, and only that kind', () => {
    const at = (classOffsets: number[]) =>
      decideKinds({ classes, classOffsets, minNegative: 1.01, ruleThresholds: none, ruleNegative: 1.01 }, probs, []);
    expect(at([0, 0, 0, 0, 0, 0])).toEqual([]);
    expect(at([0, 0.5, 0, 0, 0, 0])).toEqual(['said_wrong']);
    // Offsets weigh a kind against new_question, never one kind against another.
    expect(at([0, 0.5, 2, 0, 0, 0])).toEqual(['said_wrong']);
    expect(at([0, -0.5, 2, 0, 0, 0])).toEqual([]);
  });

  it('reports the likeliest negative kind when the negative kinds together reach minNegative', () => {
    const d = (minNegative: number) =>
      decideKinds(
        { classes, classOffsets: [0, 0, 0, 0, 0, 0], minNegative, ruleThresholds: none, ruleNegative: 1.01 },
        probs,
        [],
      );
    expect(d(0.5)).toEqual(['said_wrong']);
    expect(d(0.55)).toEqual([]);
  });

  it('keeps a kind the rules found only when the model gives it at least its rule threshold', () => {
    const d = (threshold: number) =>
      decideKinds(
        {
          classes,
          classOffsets: [0, 0, 0, 0, 0, 0],
          minNegative: 1.01,
          ruleThresholds: { ...none, code_error: threshold },
          ruleNegative: 1.01,
        },
        probs,
        ['code_error', 'new_question'],
      );
    expect(d(0.05)).toEqual(['code_error']);
    expect(d(0.1)).toEqual([]);
  });

  it('keeps the likeliest negative kind the rules found when nothing negative was decided and the negative kinds together reach ruleNegative', () => {
    const d = (ruleNegative: number, ruleKinds: string[], classOffsets = [0, 0, 0, 0, 0, 0]) =>
      decideKinds({ classes, classOffsets, minNegative: 1.01, ruleThresholds: none, ruleNegative }, probs, ruleKinds);
    // Negative kinds together: 0.3 + 0.1 + 0.05 + 0.05 = 0.5; of those the rules found, said_wrong is likelier.
    expect(d(0.5, ['user_corrected', 'said_wrong'])).toEqual(['said_wrong']);
    expect(d(0.5, ['user_corrected'])).toEqual(['user_corrected']);
    expect(d(0.55, ['user_corrected', 'said_wrong'])).toEqual([]);
    // Never a positive kind by that path, and nothing added to a negative kind already decided.
    expect(d(0.5, ['thanks'])).toEqual([]);
    expect(d(0.5, ['user_corrected'], [0, 1, 0, 0, 0, 0])).toEqual(['said_wrong']);
  });

  it('lets pasted error output the rules found win over a plain complaint when the model is sure the message is bad news', () => {
    const d = (ruleNegative: number) =>
      decideKinds(
        { classes, classOffsets: [0, 1, 0, 0, 0, 0], minNegative: 1.01, ruleThresholds: none, ruleNegative },
        probs,
        ['said_wrong', 'code_error'],
      );
    // said_wrong is decided by its offset; with the negative kinds together at 0.5, the pasted error replaces it.
    expect(d(0.5)).toEqual(['code_error']);
    expect(d(0.55)).toEqual(['said_wrong']);
  });
});
