/** The detector adapts to one user from their corrections, on the device, without changing the shipped model. */
import { describe, expect, it } from 'vitest';
import { detectSignals, shippedModel } from '@/lib/signals/learned/detect';
import { emptyAdaptation, learnCorrection, type Adaptation } from '@/lib/signals/learned/adapt';
import { loadModel } from '@/lib/signals/learned/model';

const Q = 'How do I debounce a function in JavaScript?';
const A =
  'Wrap it:\n\n```js\nfunction debounce(fn, ms) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...args), ms);\n  };\n}\n```';
const ctx = (message: string) => ({ prevUser: Q, prevAssistant: A, message });
const kindsOf = (message: string, adaptation?: Adaptation) =>
  detectSignals(ctx(message), { adaptation }).map((s) => s.kind);

// A user whose "thanks" is always sarcastic: every one of these meant "that was wrong".
const SARCASTIC = [
  'thanks a lot, really helpful',
  'wow, thanks. great answer',
  'thanks so much, genius',
  'great, thanks for that',
  'thank you, amazing work',
];
const UNSEEN = 'thanks, awesome help';

describe('learnCorrection', () => {
  it('makes a user whose "thanks" is always sarcastic stop producing thanks after a handful of corrections', () => {
    const model = shippedModel();
    for (const m of [...SARCASTIC, UNSEEN]) expect(kindsOf(m), m).toContain('thanks');
    let adaptation = emptyAdaptation(model);
    for (const m of SARCASTIC) adaptation = learnCorrection(model, adaptation, ctx(m), 'said_wrong');
    expect(adaptation.examples).toBe(SARCASTIC.length);
    for (const m of SARCASTIC) expect(kindsOf(m, adaptation), m).not.toContain('thanks');
    // A message of theirs the corrections never saw.
    expect(kindsOf(UNSEEN, adaptation)).not.toContain('thanks');
    expect(kindsOf(UNSEEN, adaptation)).toContain('said_wrong');
  });

  it('stays local: other kinds of message read as before, and the shipped model is unchanged', () => {
    const model = shippedModel();
    const before = JSON.stringify(model.file.weights.slice(0, 50));
    let adaptation = emptyAdaptation(model);
    for (const m of SARCASTIC) adaptation = learnCorrection(model, adaptation, ctx(m), 'said_wrong');
    const trace = 'Traceback (most recent call last):\n  File "a.js", line 1\nTypeError: fn is not a function';
    expect(kindsOf(trace, adaptation)).toEqual(kindsOf(trace));
    expect(kindsOf('use lodash.debounce instead', adaptation)).toEqual(kindsOf('use lodash.debounce instead'));
    expect(JSON.stringify(model.file.weights.slice(0, 50))).toBe(before);
  });

  it('ignores an adaptation made for another model', () => {
    const model = shippedModel();
    let adaptation = emptyAdaptation(model);
    for (const m of SARCASTIC) adaptation = learnCorrection(model, adaptation, ctx(m), 'said_wrong');
    expect(kindsOf(UNSEEN, { ...adaptation, model: 'sha256:other' })).toContain('thanks');
  });

  it('ignores an adaptation made for another model trained on the same data (an older version, or other settings)', () => {
    const model = shippedModel();
    let adaptation = emptyAdaptation(model);
    for (const m of SARCASTIC) adaptation = learnCorrection(model, adaptation, ctx(m), 'said_wrong');
    // Version 1 keyed adaptations by the training data's hash alone, which a retrain on the same data keeps.
    expect(kindsOf(UNSEEN, { ...adaptation, model: model.file.dataHash })).toContain('thanks');
    const retrained = loadModel({ ...model.file, bias: model.file.bias.map((b) => b + 0.01) });
    expect(retrained.key).not.toBe(model.key);
    expect(retrained.file.dataHash).toBe(model.file.dataHash);
    expect(detectSignals(ctx(UNSEEN), { model: retrained, adaptation }).map((s) => s.kind)).toContain('thanks');
  });
});
