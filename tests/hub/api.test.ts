import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityPackSchema, contributionReceiptSchema, hubErrorSchema, MAX_BATCH_BYTES } from '@/lib/privacy/hub-api';
import { migrate } from '@/hub/db/migrate';
import type { RunningHub } from '@/hub/server';
import { BACKENDS, testConfig } from './hubs';
import { batch, newInstallKey, pattern, signal } from './support';

for (const backend of BACKENDS) {
  if (backend.skip) console.warn(`tests/hub: ${backend.skip}`);

  describe.skipIf(backend.skip !== undefined)(`Hub API v1 on ${backend.name}`, () => {
    let hub: RunningHub;
    // Making the first embedded database (once per machine) can take a minute on a busy machine.
    beforeAll(async () => {
      hub = await backend.start(testConfig());
    }, 120_000);
    afterAll(async () => {
      await hub?.close();
    });

    const post = (body: unknown) =>
      fetch(`${hub.url}/v1/contributions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const getPack = (etag?: string) => fetch(`${hub.url}/v1/pack`, { headers: etag ? { 'If-None-Match': etag } : {} });
    const rowsOf = async (installKey: string) => {
      const [p] = await hub.db.query<{ n: number }>(
        'SELECT count(*) AS n FROM pattern_contributions WHERE install_key = $1',
        [installKey],
      );
      const [s] = await hub.db.query<{ n: number }>(
        'SELECT count(*) AS n FROM signal_contributions WHERE install_key = $1',
        [installKey],
      );
      return { patterns: Number(p.n), signals: Number(s.n) };
    };
    const expectError = async (res: Response, status: number, error: string) => {
      expect(res.status).toBe(status);
      const body = hubErrorSchema.parse(await res.json());
      expect(body.error).toBe(error);
      return body;
    };

    it('has applied its migrations once and applies nothing on the next start', async () => {
      const versions = await hub.db.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(versions.map((v) => v.version)).toEqual([1]);
      expect(await migrate(hub.db)).toEqual([]);
    });

    it('answers /healthz', async () => {
      const res = await fetch(`${hub.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    });

    it('has no pack before the first aggregation publishes one (404 no_pack)', async () => {
      await expectError(await getPack(), 404, 'no_pack');
    });

    it('stores a batch (201) and answers the same batchId again as a duplicate (200) without storing it twice', async () => {
      const b = batch({ signals: [signal(), signal({ signal: 'thanks' })] });
      const first = await post(b);
      expect(first.status).toBe(201);
      expect(contributionReceiptSchema.parse(await first.json())).toEqual({
        batchId: b.batchId,
        accepted: { signals: 2, patterns: 1 },
        duplicate: false,
      });
      const again = await post({ ...b, patterns: [pattern({ successes: 99 })] });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ batchId: b.batchId, duplicate: true, accepted: { signals: 2 } });
      expect(await rowsOf(b.installKey)).toEqual({ patterns: 1, signals: 2 });
      const [stored] = await hub.db.query<{ successes: number }>(
        'SELECT successes FROM pattern_contributions WHERE install_key = $1',
        [b.installKey],
      );
      expect(stored.successes).toBe(4);
      // Sent again under rules that would now refuse its body (a retry whose first answer was lost): still a duplicate.
      const refusedNow = await post({ ...b, patterns: [pattern({ description: 'mail jane.doe@example.com' })] });
      expect(refusedNow.status).toBe(200);
      expect(await refusedNow.json()).toMatchObject({ batchId: b.batchId, duplicate: true });
    });

    it('refuses a body that is not JSON, an empty batch, a wrong shape or patterns at tier 2 (400)', async () => {
      await expectError(await post('{"v":1,'), 400, 'bad_request');
      const empty = await expectError(await post(batch({ signals: [], patterns: [] })), 400, 'bad_request');
      expect(empty.message).toContain('A batch must hold something');
      await expectError(await post(batch({ installKey: 'not-a-key' })), 400, 'bad_request');
      const tier2 = await expectError(await post(batch({ tier: 2 })), 400, 'bad_request');
      expect(tier2.message).toContain('Patterns are shared only at tier 3');
      await expectError(await post(batch({ signals: [signal(), signal()] })), 400, 'bad_request');
    });

    it(`refuses a body over ${MAX_BATCH_BYTES} bytes (413) and stores nothing`, async () => {
      const b = batch();
      const padded = JSON.stringify({ ...b, padding: 'x'.repeat(MAX_BATCH_BYTES) });
      await expectError(await post(padded), 413, 'too_large');
      expect(await rowsOf(b.installKey)).toEqual({ patterns: 0, signals: 0 });
    });

    it('refuses a batch holding personal data (422 with the kinds found) and stores nothing', async () => {
      const b = batch({ patterns: [pattern({ description: 'Ask jane.doe@example.com about React' })] });
      const body = await expectError(await post(b), 422, 'personal_data');
      expect(body.findings).toEqual(['email']);
      expect(JSON.stringify(body)).not.toContain('jane.doe');
      expect(await rowsOf(b.installKey)).toEqual({ patterns: 0, signals: 0 });
      // File paths are on the never-share list too.
      const withPath = batch({ patterns: [pattern({ description: 'as in /srv/shop/src/checkout/cart.ts' })] });
      expect((await expectError(await post(withPath), 422, 'personal_data')).findings).toContain('path');
    });

    it('limits batches per install key (429 with Retry-After) but still answers a retried batch', async () => {
      const installKey = newInstallKey();
      const sent = [batch({ installKey }), batch({ installKey }), batch({ installKey })];
      for (const b of sent) expect((await post(b)).status).toBe(201);
      const over = await post(batch({ installKey }));
      await expectError(over, 429, 'rate_limited');
      const retryAfter = Number(over.headers.get('Retry-After'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect((await post(sent[0])).status).toBe(200);
      // Other installs are not affected.
      expect((await post(batch())).status).toBe(201);
    });

    it('adds each batch of an install to what it sent before, and a batch sent again only once', async () => {
      const installKey = newInstallKey();
      const p = { questionKind: 'rust/explain' };
      const first = batch({
        installKey,
        createdAt: '2026-12-01T00:00:00.000Z',
        patterns: [pattern({ ...p, successes: 3 })],
      });
      expect((await post(first)).status).toBe(201);
      await post(
        batch({ installKey, createdAt: '2026-12-03T00:00:00.000Z', patterns: [pattern({ ...p, successes: 8 })] }),
      );
      // A batch arriving late still counts; the same batch again (a retry) does not.
      await post(
        batch({ installKey, createdAt: '2026-12-02T00:00:00.000Z', patterns: [pattern({ ...p, successes: 5 })] }),
      );
      expect((await post(first)).status).toBe(200);
      const rows = await hub.db.query<{ successes: number; created_at: Date | string }>(
        'SELECT successes, created_at FROM pattern_contributions WHERE install_key = $1',
        [installKey],
      );
      expect(rows.map((r) => [r.successes, new Date(r.created_at).toISOString()])).toEqual([
        [3 + 8 + 5, '2026-12-03T00:00:00.000Z'],
      ]);
    });

    it('dates a batch from the future at its receipt', async () => {
      const installKey = newInstallKey();
      const p = { questionKind: 'rust/review' };
      const ahead = new Date(Date.now() + 365 * 86_400_000).toISOString();
      const before = Date.now();
      await post(batch({ installKey, createdAt: ahead, patterns: [pattern({ ...p, successes: 3 })] }));
      const rows = await hub.db.query<{ successes: number; created_at: Date | string }>(
        'SELECT successes, created_at FROM pattern_contributions WHERE install_key = $1',
        [installKey],
      );
      expect(rows).toHaveLength(1);
      expect(new Date(rows[0].created_at).getTime()).toBeLessThanOrEqual(Date.now());
      expect(new Date(rows[0].created_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    });

    it('publishes a pack of patterns k installs support, serves it with an ETag (304 when unchanged), and drops withdrawn installs from the next one', async () => {
      const kind = 'python/test';
      const style = 'long|prose-first|steps|tests';
      const [a, b, c] = [newInstallKey(), newInstallKey(), newInstallKey()];
      const supported = pattern({ questionKind: kind, answerStyle: style, successes: 6, failures: 2 });
      expect((await post(batch({ installKey: a, patterns: [supported] }))).status).toBe(201);
      expect((await post(batch({ installKey: b, patterns: [{ ...supported, successes: 2 }] }))).status).toBe(201);
      // Only one install reports this one: below k = 2, never published.
      const lonely = pattern({ questionKind: 'go/review', answerStyle: style });
      expect((await post(batch({ installKey: c, patterns: [lonely] }))).status).toBe(201);

      const first = await hub.aggregate();
      expect(first.changed).toBe(true);
      const res = await getPack();
      expect(res.status).toBe(200);
      const etag = res.headers.get('ETag');
      expect(etag).toMatch(new RegExp(`^"pack-v${first.pack?.version}-[\\w-]{16}"$`));
      const pack = communityPackSchema.parse(await res.json());
      expect(pack).toMatchObject({ k: 2, version: first.pack?.version });
      expect(pack.kinds.find((k) => k.questionKind === 'go/review')).toBeUndefined();
      expect(pack.kinds.find((k) => k.questionKind === kind)?.styles).toEqual([
        { answerStyle: style, installs: 2, successes: 8, failures: 4, description: `${kind} → ${style}` },
      ]);

      const notModified = await getPack(etag!);
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe('');
      expect(notModified.headers.get('ETag')).toBe(etag);
      // Nothing new: no new pack (the same counts are not noised again), the ETag still holds.
      expect((await hub.aggregate()).changed).toBe(false);
      expect((await getPack(etag!)).status).toBe(304);

      const withdrawn = await fetch(`${hub.url}/v1/contributions/${a}`, { method: 'DELETE' });
      expect(withdrawn.status).toBe(200);
      expect(await withdrawn.json()).toEqual({ deleted: 2 });
      expect(await rowsOf(a)).toEqual({ patterns: 0, signals: 0 });
      const again = await fetch(`${hub.url}/v1/contributions/${a}`, { method: 'DELETE' });
      expect(await again.json()).toEqual({ deleted: 0 });

      const second = await hub.aggregate();
      expect(second.pack?.version).toBe(first.pack!.version + 1);
      const next = await getPack(etag!);
      expect(next.status).toBe(200);
      expect(next.headers.get('ETag')).toMatch(new RegExp(`^"pack-v${second.pack?.version}-[\\w-]{16}"$`));
      const nextPack = communityPackSchema.parse(await next.json());
      expect(nextPack.kinds.find((k) => k.questionKind === kind)).toBeUndefined();
    });

    it('refuses to withdraw for something that is not an install key (400)', async () => {
      await expectError(await fetch(`${hub.url}/v1/contributions/nope`, { method: 'DELETE' }), 400, 'bad_request');
    });

    it('answers browsers from any origin: preflight, exposed ETag and Retry-After', async () => {
      const preflight = await fetch(`${hub.url}/v1/contributions`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:3000',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(preflight.headers.get('Access-Control-Allow-Methods')).toContain('DELETE');
      expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(/Content-Type.*If-None-Match/);
      const get = await fetch(`${hub.url}/v1/pack`, { headers: { Origin: 'https://codelumi.example' } });
      expect(get.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(get.headers.get('Access-Control-Expose-Headers')).toMatch(/ETag.*Retry-After/);
    });

    it('answers an unknown path with a HubError (404 not_found)', async () => {
      await expectError(await fetch(`${hub.url}/v2/pack`), 404, 'not_found');
    });
  });
}
