import { describe, expect, it } from 'vitest';
import { violationLine } from '@/lib/runner/blocked';

describe('blocked preview actions', () => {
  it('says what a CSP violation blocked and why, in one line', () => {
    expect(violationLine({ effectiveDirective: 'connect-src', blockedURI: 'http://127.0.0.1:9/leak' })).toBe(
      'Blocked: network request to http://127.0.0.1:9/leak (previews cannot use the network)\n',
    );
    expect(violationLine({ effectiveDirective: 'img-src', blockedURI: 'https://x.test/a.png' })).toBe(
      'Blocked: loading https://x.test/a.png (previews cannot use the network)\n',
    );
    expect(violationLine({ effectiveDirective: 'form-action', blockedURI: 'https://x.test/f' })).toBe(
      'Blocked: form submission to https://x.test/f (previews cannot submit forms)\n',
    );
    expect(violationLine({ effectiveDirective: 'frame-src', blockedURI: 'https://x.test' })).toContain(
      'frame of https://x.test',
    );
    expect(violationLine({ effectiveDirective: 'script-src', blockedURI: 'eval' })).toContain('eval()');
  });

  it('shortens a long address', () => {
    const line = violationLine({
      effectiveDirective: 'connect-src',
      blockedURI: `https://x.test/${'a'.repeat(10_000)}`,
    });
    expect(line.length).toBeLessThan(300);
  });
});
