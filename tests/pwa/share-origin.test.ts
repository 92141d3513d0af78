import { describe, expect, it } from 'vitest';
import { isShareFromTrustedSource } from '@/lib/pwa/share-origin';

const ORIGIN = 'https://codelumi.example';
const headers = (h: Record<string, string>) => new Headers(h);

describe('who may post to the share target', () => {
  it('accepts the share sheet (a navigation no page started) and the app itself', () => {
    expect(isShareFromTrustedSource(headers({ 'sec-fetch-site': 'none' }), ORIGIN)).toBe(true);
    expect(isShareFromTrustedSource(headers({ 'sec-fetch-site': 'same-origin', origin: ORIGIN }), ORIGIN)).toBe(true);
  });

  it('refuses a form on another site, or on another origin of the same site', () => {
    expect(
      isShareFromTrustedSource(headers({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), ORIGIN),
    ).toBe(false);
    expect(
      isShareFromTrustedSource(
        headers({ 'sec-fetch-site': 'same-site', origin: 'https://other.codelumi.example' }),
        ORIGIN,
      ),
    ).toBe(false);
  });

  it('without Sec-Fetch-Site, trusts only a missing Origin or its own; an opaque ("null") origin is refused', () => {
    expect(isShareFromTrustedSource(headers({}), ORIGIN)).toBe(true);
    expect(isShareFromTrustedSource(headers({ origin: ORIGIN }), ORIGIN)).toBe(true);
    expect(isShareFromTrustedSource(headers({ origin: 'https://evil.example' }), ORIGIN)).toBe(false);
    expect(isShareFromTrustedSource(headers({ origin: 'null' }), ORIGIN)).toBe(false);
  });
});
