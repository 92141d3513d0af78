import { describe, expect, it, vi } from 'vitest';
import { readStorageReport, requestPersistence, usageParts, usageShare, type StorageLike } from '@/lib/pwa/storage';
import { describeAvailability } from '@/lib/pwa/availability';
import { formatAge, lastKnownLabel } from '@/lib/pwa/last-known';

function fakeStorage(persisted: boolean, grant: boolean): StorageLike & { persist: ReturnType<typeof vi.fn> } {
  let state = persisted;
  return {
    persisted: async () => state,
    persist: vi.fn(async () => (state = state || grant)),
    estimate: async () => ({
      usage: 3_000_000,
      quota: 60_000_000_000,
      usageDetails: { indexedDB: 2_500_000, caches: 480_000, serviceWorkerRegistrations: 20_000 },
    }),
  };
}

describe('persistent storage', () => {
  it('reports a refusal and browsers without the API, without throwing', async () => {
    expect(await requestPersistence(fakeStorage(false, false))).toBe('not-granted');
    expect(await requestPersistence(undefined)).toBe('unsupported');
    expect(await requestPersistence({ persist: async () => Promise.reject(new Error('no')) })).toBe('not-granted');
  });
});

describe('the storage report', () => {
  it('reads usage, quota, the browser split and the row counts', async () => {
    const report = await readStorageReport(fakeStorage(true, true), async () => [{ table: 'messages', rows: 12 }]);
    expect(report).toEqual({
      persistence: 'granted',
      usage: 3_000_000,
      quota: 60_000_000_000,
      details: { indexedDB: 2_500_000, caches: 480_000, serviceWorkerRegistrations: 20_000 },
      tables: [{ table: 'messages', rows: 12 }],
    });
    expect(usageParts(report.details).map((p) => p.label)).toEqual([
      'Conversations, memory and settings',
      'App files for offline use',
      'Offline worker',
    ]);
    expect(usageShare(report)).toBeCloseTo(0.00005);
  });

  it('leaves out what the browser does not tell', async () => {
    const report = await readStorageReport({}, async () => Promise.reject(new Error('closed')));
    expect(report).toEqual({ persistence: 'unsupported', usage: undefined, quota: undefined, details: {}, tables: [] });
    expect(usageShare(report)).toBe(0);
  });
});

describe('the offline indicator', () => {
  it('shows only without a network, and says whether Ollama still answers', () => {
    expect(describeAvailability(true, 'unreachable')).toBeUndefined();
    expect(describeAvailability(false, 'ready')?.detail).toMatch(/Ollama on this machine still answers/);
    expect(describeAvailability(false, 'unreachable')?.detail).toMatch(/conversations, search and settings work/);
    expect(describeAvailability(false, undefined)?.title).toBe('Offline');
  });
});

describe('the last known model list label', () => {
  it('says how long ago the list was seen and why it is not fresh', () => {
    expect(formatAge(5_000)).toBe('just now');
    expect(formatAge(5 * 60_000)).toBe('5 minutes ago');
    expect(formatAge(26 * 3_600_000)).toBe('yesterday');
    expect(lastKnownLabel(1_000, false, 1_000 + 2 * 3_600_000)).toBe(
      'Last known list, seen 2 hours ago. Ollama is not reachable.',
    );
    expect(lastKnownLabel(undefined, true)).toBe('Last known list. Refreshing…');
  });
});
