import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkConnection } from '@/lib/ollama/connection';
import { diagnoseNetworkFailure, isNetworkFailure } from '@/lib/ollama/probe';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { startPlainServer, type PlainServer } from '../support/servers';

const ORIGIN = 'http://192.168.1.20:3000';
let fake: FakeOllama;
let plain: PlainServer;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true });
  plain = await startPlainServer(404);
});
afterAll(async () => {
  await fake.close();
  await plain.close();
});
beforeEach(async () => {
  await fake.resume().catch(() => undefined);
  fake.reset();
});

/** A port where nothing listens: the fake's, while it is stopped. */
async function deadHost(): Promise<string> {
  await fake.stopListening();
  return fake.url;
}

describe('checkConnection', () => {
  it('is ready with the version and the number of installed models', async () => {
    expect(await checkConnection(fake.url, ORIGIN)).toEqual({
      status: 'ready',
      host: fake.url,
      version: '0.12.3',
      modelCount: 3,
    });
  });

  it('says no-models when Ollama runs without any model', async () => {
    fake.setModels([]);
    expect(await checkConnection(fake.url, ORIGIN)).toEqual({ status: 'no-models', host: fake.url, version: '0.12.3' });
  });

  it('says unreachable when nothing listens, and ready again once Ollama is back', async () => {
    const host = await deadHost();
    expect(await checkConnection(host, ORIGIN)).toEqual({ status: 'unreachable', host });
    await fake.resume();
    expect((await checkConnection(fake.url, ORIGIN)).status).toBe('ready');
  });

  it('says not-ollama when another web server answers at the address', async () => {
    expect(await checkConnection(plain.url, ORIGIN)).toEqual({
      status: 'not-ollama',
      host: plain.url,
      httpStatus: 404,
    });
  });

  it('says not-ollama when the server answers 200 without a version', async () => {
    const ok = await startPlainServer(200, '<html>router admin</html>');
    try {
      expect(await checkConnection(ok.url, ORIGIN)).toEqual({ status: 'not-ollama', host: ok.url, httpStatus: 200 });
    } finally {
      await ok.close();
    }
  });

  it('says blocked, with the page origin, when the request fails but a no-cors probe reaches a server', async () => {
    const calls: { url: string; mode?: RequestMode }[] = [];
    const browserLikeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), mode: init?.mode });
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 }); // opaque in a browser
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const state = await checkConnection('http://127.0.0.1:11434', ORIGIN, browserLikeFetch);
    expect(state).toEqual({ status: 'blocked', host: 'http://127.0.0.1:11434', origin: ORIGIN });
    expect(calls).toEqual([
      { url: 'http://127.0.0.1:11434/api/version', mode: undefined },
      { url: 'http://127.0.0.1:11434', mode: 'no-cors' },
    ]);
  });

  it('says unreachable when both the request and the no-cors probe fail', async () => {
    const nothing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect((await checkConnection('http://127.0.0.1:11434', ORIGIN, nothing)).status).toBe('unreachable');
  });

  it('sends simple GETs without custom headers (no CORS preflight)', async () => {
    fake.clearRequests();
    await checkConnection(fake.url, ORIGIN);
    const calls = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual(['GET /api/version', 'GET /api/tags']);
    expect(fake.requests.every((r) => !('content-type' in r.headers))).toBe(true);
  });
});

describe('probe', () => {
  it('diagnoses "blocked" when a server is there and "unreachable" when nothing listens', async () => {
    expect(await diagnoseNetworkFailure(fake.url)).toBe('blocked');
    expect(await diagnoseNetworkFailure(plain.url)).toBe('blocked');
    expect(await diagnoseNetworkFailure(await deadHost())).toBe('unreachable');
  });

  it('recognises the network TypeErrors of browsers and Node, and nothing else', async () => {
    const refused = await fetch(await deadHost()).catch((e: unknown) => e);
    expect(isNetworkFailure(refused)).toBe(true);
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true); // Chromium
    expect(isNetworkFailure(new TypeError('NetworkError when attempting to fetch resource.'))).toBe(true); // Firefox
    expect(isNetworkFailure(new TypeError('Load failed'))).toBe(true); // Safari
    expect(isNetworkFailure(new TypeError('terminated'))).toBe(true); // undici, stream cut

    expect(isNetworkFailure(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isNetworkFailure(new DOMException('The operation was aborted.', 'AbortError'))).toBe(false);
    expect(isNetworkFailure(new DOMException('timed out', 'TimeoutError'))).toBe(false);
    expect(isNetworkFailure(new Error('Failed to fetch'))).toBe(false);
    expect(isNetworkFailure('Failed to fetch')).toBe(false);
  });
});
