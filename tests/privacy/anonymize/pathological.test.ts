/**
 * No input makes the anonymizer slow: every expression is bounded and
 * anchored. Each pathological input (100,000 characters of a shape a
 * backtracking expression could choke on) is processed to the end; a
 * super-linear expression would hang the test far past its timeout. Speed
 * itself is measured by `npm run bench -- anonymize`, not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { findPrivateData } from '@/lib/privacy/anonymize';
import { pathologicalInputs } from './pathological';

describe('pathological inputs', () => {
  it.each(pathologicalInputs().map((p) => [p.name, p.text]))('returns for 100k characters of %s', (_name, text) => {
    for (const options of [{}, { paths: true }]) {
      const findings = findPrivateData(text, options);
      for (const f of findings) {
        expect(f.start).toBeGreaterThanOrEqual(0);
        expect(f.end).toBeLessThanOrEqual(text.length);
        expect(f.end).toBeGreaterThan(f.start);
      }
    }
  });
});
