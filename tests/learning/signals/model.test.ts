/** The shipped signal model: loads, gives calibrated probabilities, decides as documented, and is fast. */
import { describe, expect, it } from 'vitest';
import { detectSignals, readSignals, shippedModel } from '@/lib/learning/signals/detect';
import { MODEL_CLASSES } from '@/lib/learning/signals/model';

describe('the shipped signal model', () => {
  it('is a versioned file over the six classes, with its training data hash and CV figures', () => {
    const f = shippedModel().file;
    expect(f.version).toBeGreaterThanOrEqual(1);
    expect(f.classes).toEqual([...MODEL_CLASSES]);
    expect(f.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(typeof f.cv.macroF1).toBe('number');
  });

  it('gives probabilities that sum to 1 and reads plain cases the way a person would', () => {
    const r = readSignals({ prevUser: 'How do I reverse a list in Python?', prevAssistant: 'Use `nums[::-1]`.', message: 'thanks, that worked perfectly!' });
    expect(Object.values(r.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(r.decided).toBe('thanks');
    expect(r.signals[0].confidence).toBeCloseTo(r.probs.thanks, 3);
    const err = detectSignals({ prevUser: 'parse this json', prevAssistant: '```python\nimport json\njson.loads(s)\n```', message: 'Traceback (most recent call last):\n  File "a.py", line 3, in <module>\n    json.loads(s)\njson.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)' });
    expect(err.map((s) => s.kind)).toEqual(['code_error']);
  });

  it('keeps the correction words for a user_corrected signal', () => {
    const s = detectSignals({ prevUser: 'install eslint', prevAssistant: 'Run `npm i eslint`.', message: 'no, it should be `npm i -D eslint`, it is a dev dependency' });
    const c = s.find((x) => x.kind === 'user_corrected');
    if (c) expect(c.correction).toContain('npm i -D eslint');
  });

  it('reads a message in well under 5 ms on average (worker budget)', () => {
    const input = { prevUser: 'How do I index items by id?', prevAssistant: 'Use a map:\n\n```ts\nconst byId = new Map(items.map((i) => [i.id, i]));\n```', message: 'thanks, that worked! now how do I do the same for a Set?' };
    detectSignals(input);
    const n = 200;
    const t = performance.now();
    for (let i = 0; i < n; i++) detectSignals({ ...input, message: `${input.message} ${i}` });
    expect((performance.now() - t) / n).toBeLessThan(5);
  });
});
