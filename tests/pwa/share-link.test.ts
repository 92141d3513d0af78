import { describe, expect, it } from 'vitest';
import { parseShareParam, shareRedirectPath } from '@/lib/pwa/share-link';

describe('the share redirect', () => {
  it('round-trips an item id and every failure reason', () => {
    const id = crypto.randomUUID();
    const path = shareRedirectPath({ kind: 'item', id });
    expect(path).toBe(`/?share=${id}`);
    expect(parseShareParam(new URL(path, 'http://x').searchParams.get('share'))).toEqual({ kind: 'item', id });
    for (const reason of ['empty', 'quota', 'failed', 'unavailable'] as const) {
      const p = new URL(shareRedirectPath({ kind: 'failure', reason }), 'http://x').searchParams.get('share');
      expect(parseShareParam(p)).toEqual({ kind: 'failure', reason });
    }
  });

  it('ignores a missing or malformed value', () => {
    expect(parseShareParam(null)).toBeUndefined();
    expect(parseShareParam('')).toBeUndefined();
    expect(parseShareParam('<script>')).toBeUndefined();
  });
});
