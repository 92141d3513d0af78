import { describe, expect, it, vi } from 'vitest';
import { hubBase, hubFetch } from '@/lib/privacy/egress';
import { tierAllows, type HubPurpose, type PrivacyTier } from '@/lib/privacy/tiers';
import { isCodelumiError } from '@/lib/core/errors';

const ok = () => vi.fn(async () => new Response('{}', { status: 200 }));

describe('tierAllows', () => {
  it('lets each tier do what the table says and nothing more', () => {
    const table: Record<HubPurpose, PrivacyTier[]> = {
      pack: [1, 2, 3],
      signals: [2, 3],
      patterns: [3],
      withdraw: [0, 1, 2, 3],
    };
    for (const [purpose, tiers] of Object.entries(table) as [HubPurpose, PrivacyTier[]][]) {
      for (const tier of [0, 1, 2, 3] as PrivacyTier[]) expect(tierAllows(tier, purpose)).toBe(tiers.includes(tier));
    }
  });
});

describe('hubFetch', () => {
  it('makes no request at all when the tier does not allow the purpose', async () => {
    const fetchImpl = ok();
    const refused = await hubFetch(
      { privacyTier: 0, hubUrl: 'http://127.0.0.1:8787' },
      'pack',
      'v1/pack',
      {},
      fetchImpl,
    ).catch((e: unknown) => e);
    expect(isCodelumiError(refused) && refused.code).toBe('refused:egress');
    await expect(
      hubFetch({ privacyTier: 2, hubUrl: 'http://127.0.0.1:8787' }, 'patterns', 'v1/contributions', {}, fetchImpl),
    ).rejects.toThrow(/tier 2/);
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('goes to the hub, under its base path, without cookies or referrer', async () => {
    const fetchImpl = ok();
    await hubFetch({ privacyTier: 1, hubUrl: 'https://hub.example.org/codelumi' }, 'pack', '/v1/pack', {}, fetchImpl);
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [URL, RequestInit];
    expect(String(url)).toBe('https://hub.example.org/codelumi/v1/pack');
    expect(init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
  });

  it('refuses a path that would leave the hub, and an address that is not http(s)', async () => {
    const fetchImpl = ok();
    const access = { privacyTier: 3 as const, hubUrl: 'http://127.0.0.1:8787' };
    await expect(hubFetch(access, 'pack', '//evil.example/v1/pack', {}, fetchImpl)).resolves.toBeDefined();
    expect(String((fetchImpl.mock.calls[0] as unknown as [URL])[0])).toBe('http://127.0.0.1:8787/evil.example/v1/pack');
    await expect(hubFetch(access, 'pack', 'https://evil.example/x', {}, fetchImpl)).rejects.toThrow(/Not on the hub/);
    await expect(
      hubFetch({ privacyTier: 3, hubUrl: 'javascript:alert(1)' }, 'pack', 'v1/pack', {}, fetchImpl),
    ).rejects.toThrow(/Not a hub address/);
    expect(hubBase('not a url')).toBeUndefined();
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });
});
