import { describe, expect, it } from 'vitest';
import { asRequestedScript } from '@/lib/pwa/worker-scripts';
import {
  RUNNER_LIMIT,
  buildAssetVariations,
  entriesToEvict,
  isBuildAsset,
  isRunnerAsset,
  runnerCacheName,
  staleRunnerCaches,
} from '@/lib/pwa/runtime-caches';

const APP = 'http://127.0.0.1:3000';
const MB = 1024 * 1024;

describe('which requests the runtime caches take', () => {
  it('takes the sandbox runtime under /runner/ on the app origin only', () => {
    expect(isRunnerAsset(new URL(`${APP}/runner/pyodide/pyodide.asm.wasm`), APP)).toBe(true);
    expect(isRunnerAsset(new URL(`${APP}/runner/frame.js?v=2`), APP)).toBe(true);
    expect(isRunnerAsset(new URL('http://127.0.0.1:11434/runner/frame.js'), APP)).toBe(false);
    expect(isRunnerAsset(new URL(`${APP}/runnerish.js`), APP)).toBe(false);
  });

  it('takes build assets of the app only, never Ollama on another origin or /api/ on this one', () => {
    expect(isBuildAsset(new URL(`${APP}/_next/static/chunks/abc.js`), APP)).toBe(true);
    expect(isBuildAsset(new URL('http://127.0.0.1:11434/_next/static/chunks/abc.js'), APP)).toBe(false);
    expect(isBuildAsset(new URL(`${APP}/api/chat`), APP)).toBe(false);
  });
});

describe('finding precached build assets', () => {
  it('also looks for a build asset without its query (workers start as worker.js?params=…)', () => {
    const worker = new URL(`${APP}/_next/static/chunks/turbopack-worker-1.js?params=%7B%7D`);
    expect(buildAssetVariations(worker, APP).map(String)).toEqual([`${APP}/_next/static/chunks/turbopack-worker-1.js`]);
    expect(buildAssetVariations(new URL(`${APP}/_next/static/chunks/a.js`), APP)).toEqual([]);
    expect(buildAssetVariations(new URL(`${APP}/index.txt?_rsc=1`), APP)).toEqual([]);
  });
});

describe('versioned runner caches', () => {
  it('names the cache after the runtime version and drops the caches of other versions only', () => {
    const names = [
      'codelumi-precache-v1',
      runnerCacheName('old1'),
      runnerCacheName('new2'),
      'codelumi-lazy-v1',
      'other-app',
    ];
    expect(staleRunnerCaches(names, 'new2')).toEqual([runnerCacheName('old1')]);
  });
});

describe('the byte budget of a runtime cache', () => {
  const entries = (sizes: number[]) => sizes.map((bytes, i) => ({ url: `/f${i}`, bytes }));

  it('keeps everything within both limits', () => {
    expect(entriesToEvict(entries([1 * MB, 2 * MB]), { maxEntries: 3, maxBytes: 4 * MB })).toEqual([]);
  });

  it('evicts the oldest entries first until the bytes fit', () => {
    expect(entriesToEvict(entries([3 * MB, 2 * MB, 2 * MB, 1 * MB]), { maxEntries: 10, maxBytes: 4 * MB })).toEqual([
      '/f0',
      '/f1',
    ]);
  });

  it('evicts the oldest entries until the count fits', () => {
    expect(entriesToEvict(entries([1, 1, 1, 1]), { maxEntries: 2, maxBytes: 100 })).toEqual(['/f0', '/f1']);
  });

  it('does not keep a single entry larger than the whole budget', () => {
    expect(entriesToEvict(entries([5 * MB]), { maxEntries: 10, maxBytes: 4 * MB })).toEqual(['/f0']);
  });

  it('has room for the whole Python runtime (wasm, stdlib, loaders) in the runner budget', () => {
    const pyodide = entries([
      8.2 * MB,
      2.3 * MB,
      1.1 * MB,
      0.1 * MB,
      0.05 * MB,
      0.3 * MB,
      0.2 * MB,
      0.1 * MB,
      0.1 * MB,
    ]);
    expect(entriesToEvict(pyodide, RUNNER_LIMIT)).toEqual([]);
  });
});

describe('worker scripts from a cache', () => {
  it('lose the cached URL, so a worker keeps the address (and #params) it was started with', async () => {
    const cached = new Response('self.onmessage = null;', {
      status: 200,
      headers: { 'content-type': 'application/javascript' },
    });
    const answered = asRequestedScript({ destination: 'worker' } as Request, cached)!;
    expect(answered).not.toBe(cached);
    expect(answered.url).toBe('');
    expect(answered.headers.get('content-type')).toBe('application/javascript');
    expect(await answered.text()).toBe('self.onmessage = null;');
    const script = new Response('x');
    expect(asRequestedScript({ destination: 'script' } as Request, script)).toBe(script);
  });
});
