/**
 * The hub's HTTP API, version 1 (the contract in lib/privacy/hub-api.ts):
 * health, receiving contribution batches, serving the community pack, and
 * withdrawing an install's contributions. Every error body is a HubError.
 * Browsers may call it from any origin: it keeps no cookies and no sessions.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from '../../lib/core/zod';
import { contributionBatchSchema, installKeySchema, MAX_BATCH_BYTES, type HubError } from '../../lib/privacy/hub-api';
import { storeBatch, storedReceipt, withdrawInstall, type RateLimit } from '../contributions';
import type { HubDb } from '../db/db';
import { etagMatches, latestPack, packEtag } from '../pack';
import { duplicateCell } from './duplicate-cells';
import { privateDataKinds } from './private-data';

export interface HubAppOptions {
  db: HubDb;
  rateLimit: RateLimit;
  /** The clock (tests move it). */
  now?: () => Date;
}

const fail = (c: Context, status: ContentfulStatusCode, error: string, message: string, findings?: string[]) =>
  c.json<HubError>(findings ? { error, message, findings } : { error, message }, status);

/** Builds the API on `db`; serve its `fetch` with @hono/node-server (hub/server.ts). */
export function createHubApp({ db, rateLimit, now = () => new Date() }: HubAppOptions): Hono {
  const app = new Hono();

  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'If-None-Match'],
      exposeHeaders: ['ETag', 'Retry-After'],
      maxAge: 86400,
    }),
  );

  app.onError((err, c) => {
    console.error('hub: request failed:', err);
    return fail(c, 500, 'internal', 'The hub could not handle this request; try again later');
  });
  app.notFound((c) => fail(c, 404, 'not_found', `No ${c.req.method} ${c.req.path} on this hub (API v1)`));

  app.get('/healthz', async (c) => {
    await db.query('SELECT 1');
    return c.json({ ok: true });
  });

  app.post(
    '/v1/contributions',
    bodyLimit({
      maxSize: MAX_BATCH_BYTES,
      onError: (c) => fail(c, 413, 'too_large', `A batch may be at most ${MAX_BATCH_BYTES} bytes; send fewer rows`),
    }),
    async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return fail(c, 400, 'bad_request', 'The body is not JSON');
      }
      // A batch id already stored is answered as such, before its body is checked again.
      const id = z.uuid().safeParse((body as { batchId?: unknown } | null)?.batchId);
      const known = id.success ? await storedReceipt(db, id.data) : undefined;
      if (known) return c.json(known, 200);
      const parsed = contributionBatchSchema.safeParse(body);
      if (!parsed.success) return fail(c, 400, 'bad_request', z.prettifyError(parsed.error));
      const batch = parsed.data;
      const twice = duplicateCell(batch);
      if (twice) return fail(c, 400, 'bad_request', twice);
      const findings = privateDataKinds(batch);
      if (findings.length > 0) {
        return fail(c, 422, 'personal_data', 'The batch holds secret or personal data; nothing was stored', findings);
      }
      const outcome = await storeBatch(db, batch, rateLimit, now());
      if (outcome.status === 'rate_limited') {
        c.header('Retry-After', String(outcome.retryAfterSeconds));
        return fail(
          c,
          429,
          'rate_limited',
          `This install sent ${rateLimit.batches} batches within ${rateLimit.windowSeconds} s; try again in ${outcome.retryAfterSeconds} s`,
        );
      }
      return c.json(outcome.receipt, outcome.status === 'stored' ? 201 : 200);
    },
  );

  app.get('/v1/pack', async (c) => {
    const pack = await latestPack(db);
    if (!pack) return fail(c, 404, 'no_pack', 'No community pack has been published yet');
    const etag = packEtag(pack);
    c.header('ETag', etag);
    // Clients may keep the pack but must ask again (cheaply, with If-None-Match) before trusting it.
    c.header('Cache-Control', 'no-cache');
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.json(pack);
  });

  app.delete('/v1/contributions/:installKey', async (c) => {
    const key = installKeySchema.safeParse(c.req.param('installKey'));
    if (!key.success) return fail(c, 400, 'bad_request', 'Not an install key ("ck_" and 43 base64url characters)');
    return c.json({ deleted: await withdrawInstall(db, key.data) });
  });

  return app;
}
