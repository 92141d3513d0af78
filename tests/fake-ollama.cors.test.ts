/**
 * CORS and Host checks of the fake Ollama (a test double), exactly as Ollama's
 * gin-contrib/cors config and allowedHostsMiddleware answer them (ollama-api.md §7).
 * Uses node:http so Origin and Host can be set freely.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from './fake-ollama/index';

let fake: FakeOllama;

beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: fake.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const corsHeaders = (r: Raw) => Object.keys(r.headers).filter((h) => h.startsWith('access-control-') || h === 'vary');

const preflight = (origin: string, path = '/api/chat') =>
  raw('OPTIONS', path, {
    Origin: origin,
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'content-type',
  });

describe('CORS with the default origins', () => {
  it('sends no CORS headers when there is no Origin', async () => {
    const r = await raw('GET', '/api/version');
    expect(r.status).toBe(200);
    expect(corsHeaders(r)).toEqual([]);
  });

  it('sends no CORS headers when Origin is http(s):// + Host', async () => {
    const host = `127.0.0.1:${fake.port}`;
    for (const origin of [`http://${host}`, `https://${host}`]) {
      const r = await raw('GET', '/api/version', { Origin: origin, Host: host });
      expect(r.status).toBe(200);
      expect(corsHeaders(r)).toEqual([]);
    }
  });

  it('echoes allowed origins with Vary: Origin on normal requests', async () => {
    const allowed = [
      'http://localhost',
      'http://localhost:3000',
      'https://localhost:8443',
      'http://127.0.0.1:5173',
      'https://127.0.0.1',
      'http://0.0.0.0:8080',
      'app://codelumi',
      'file://',
      'tauri://localhost',
      'vscode-webview://abc123',
      'vscode-file://vscode-app',
    ];
    for (const origin of allowed) {
      const r = await raw('GET', '/api/tags', { Origin: origin });
      expect([origin, r.status]).toEqual([origin, 200]);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
      expect(r.headers.vary).toBe('Origin');
      expect(r.headers['access-control-allow-methods']).toBeUndefined();
    }
  });

  it('keeps the trailing-* quirk: "http://localhost:*" acts as the prefix "http://localhost"', async () => {
    for (const origin of ['http://localhost.evil.example', 'http://localhostfoo', 'http://127.0.0.10']) {
      const r = await raw('GET', '/api/version', { Origin: origin });
      expect([origin, r.status, r.headers['access-control-allow-origin']]).toEqual([origin, 200, origin]);
    }
  });

  it('answers disallowed origins with 403 and an empty body, also for preflights and unknown paths', async () => {
    for (const origin of [
      'https://example.com',
      'chrome-extension://abcdefgh',
      'http://192.168.1.5:3000',
      'null',
      'HTTP://LOCALHOST:3000',
    ]) {
      const r = await raw(
        'POST',
        '/api/chat',
        { Origin: origin, 'Content-Type': 'application/json' },
        '{"model":"qwen2.5-coder:7b","messages":[]}',
      );
      expect([origin, r.status, r.body]).toEqual([origin, 403, '']);
      expect(corsHeaders(r)).toEqual([]);
    }
    const pre = await preflight('https://example.com');
    expect([pre.status, pre.body, corsHeaders(pre)]).toEqual([403, '', []]);
    const unknown = await raw('GET', '/nope', { Origin: 'https://example.com' });
    expect([unknown.status, unknown.body]).toEqual([403, '']);
  });

  it('answers an allowed preflight with 204 and the exact Ollama headers', async () => {
    const r = await preflight('http://localhost:3000');
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(r.headers['access-control-allow-methods']).toBe('GET,POST,PUT,PATCH,DELETE,HEAD');
    const allowHeaders = String(r.headers['access-control-allow-headers']).split(',');
    expect(allowHeaders.slice(0, 6)).toEqual([
      'Authorization',
      'Content-Type',
      'User-Agent',
      'Accept',
      'X-Requested-With',
      'Openai-Beta',
    ]);
    expect(allowHeaders).toEqual(
      expect.arrayContaining(['X-Stainless-Retry-Count', 'X-Stainless-Os', 'X-Stainless-Timeout']),
    );
    expect(r.headers['access-control-max-age']).toBe('43200');
    expect(r.headers.vary).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    // the preflight is answered by the middleware, for any path
    expect((await preflight('http://localhost:3000', '/does/not/exist')).status).toBe(204);
  });

  it('puts CORS headers on error answers of allowed origins too', async () => {
    const r = await raw('GET', '/api/nope', { Origin: 'http://localhost:3000' });
    expect([r.status, r.body, r.headers['access-control-allow-origin']]).toEqual([
      404,
      '404 page not found',
      'http://localhost:3000',
    ]);
    const bad = await raw('POST', '/api/chat', { Origin: 'http://localhost:3000' }, '');
    expect([bad.status, JSON.parse(bad.body).error, bad.headers['access-control-allow-origin']]).toEqual([
      400,
      'missing request body',
      'http://localhost:3000',
    ]);
  });

  it('records preflights and rejected requests', async () => {
    await preflight('https://example.com');
    await preflight('http://localhost:3000');
    expect(fake.requests.map((r) => `${r.method} ${r.headers.origin}`)).toEqual([
      'OPTIONS https://example.com',
      'OPTIONS http://localhost:3000',
    ]);
  });
});

describe('CORS with OLLAMA_ORIGINS', () => {
  it('allows listed origins (browser extensions only when listed) and keeps the defaults', async () => {
    fake.setOrigins('https://codelumi.example,chrome-extension://abcdefgh');
    for (const origin of ['https://codelumi.example', 'chrome-extension://abcdefgh', 'http://localhost:3000']) {
      const r = await raw('GET', '/api/version', { Origin: origin });
      expect([origin, r.status, r.headers['access-control-allow-origin']]).toEqual([origin, 200, origin]);
    }
    expect((await raw('GET', '/api/version', { Origin: 'https://other.example' })).status).toBe(403);
    expect((await raw('GET', '/api/version', { Origin: 'chrome-extension://zzz' })).status).toBe(403);
  });

  it('supports wildcard entries', async () => {
    fake.setOrigins('https://*.codelumi.example');
    expect((await raw('GET', '/', { Origin: 'https://app.codelumi.example' })).status).toBe(200);
    expect((await raw('GET', '/', { Origin: 'https://codelumi.example.org' })).status).toBe(403);
  });

  it('"*" allows every origin and answers Access-Control-Allow-Origin: * without Vary', async () => {
    fake.setOrigins('*');
    const r = await raw('GET', '/api/version', { Origin: 'https://anything.example' });
    expect([r.status, r.headers['access-control-allow-origin'], r.headers.vary]).toEqual([200, '*', undefined]);
    const pre = await preflight('https://anything.example');
    expect([pre.status, pre.headers['access-control-allow-origin'], pre.headers.vary]).toEqual([204, '*', undefined]);
    expect(pre.headers['access-control-max-age']).toBe('43200');
  });

  it('goes back to the start origins on reset', async () => {
    fake.setOrigins('https://codelumi.example');
    fake.reset();
    expect((await raw('GET', '/', { Origin: 'https://codelumi.example' })).status).toBe(403);
  });

  it('takes start options and the /__fake/config control call', async () => {
    const other = await startFakeOllama({ quiet: true, origins: 'https://start.example' });
    try {
      const res = await fetch(`${other.url}/`, { headers: { Origin: 'https://start.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://start.example');
      await fetch(`${other.url}/__fake/config`, {
        method: 'POST',
        body: JSON.stringify({ origins: 'https://later.example' }),
      });
      expect((await fetch(`${other.url}/`, { headers: { Origin: 'https://start.example' } })).status).toBe(403);
      expect((await fetch(`${other.url}/`, { headers: { Origin: 'https://later.example' } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('Host check on the loopback listener', () => {
  it('allows loopback, private and local-name hosts', async () => {
    for (const host of [
      `127.0.0.1:${fake.port}`,
      `localhost:${fake.port}`,
      'localhost',
      `[::1]:${fake.port}`,
      '192.168.1.20:11434',
      '10.0.0.2',
      'codelumi.localhost',
      'box.local',
      'svc.internal',
    ]) {
      const r = await raw('GET', '/api/version', { Host: host });
      expect([host, r.status]).toEqual([host, 200]);
    }
  });

  it('answers other hosts with 403 and an empty body', async () => {
    for (const host of ['evil.example', `evil.example:${fake.port}`, '8.8.8.8', '[::1]']) {
      const r = await raw('GET', '/api/version', { Host: host });
      expect([host, r.status, r.body]).toEqual([host, 403, '']);
    }
  });

  it('answers OPTIONS for an allowed host name with 204, but not for an IP host', async () => {
    expect((await raw('OPTIONS', '/api/tags', { Host: `localhost:${fake.port}` })).status).toBe(204);
    const ip = await raw('OPTIONS', '/api/tags', { Host: `127.0.0.1:${fake.port}` });
    expect([ip.status, ip.body]).toEqual([405, '405 method not allowed']);
  });

  it('runs CORS before the Host check', async () => {
    const r = await raw('GET', '/api/version', { Host: 'evil.example', Origin: 'http://localhost:3000' });
    expect(r.status).toBe(403);
    const pre = await raw('OPTIONS', '/api/version', { Host: 'evil.example', Origin: 'http://localhost:3000' });
    expect(pre.status).toBe(204);
  });

  it('skips the Host check when listening on a non-loopback address', async () => {
    const open = await startFakeOllama({ quiet: true, host: '0.0.0.0' });
    try {
      const res = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: open.port, path: '/api/version', headers: { Host: 'evil.example' }, agent: false },
          (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(res).toBe(200);
      expect(open.url).toBe(`http://127.0.0.1:${open.port}`);
    } finally {
      await open.close();
    }
  });
});
