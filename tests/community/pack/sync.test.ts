import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PACK_CHECK_INTERVAL_MS, syncPack } from '@/lib/community/pack/sync';
import { PACK_KEY, readStoredPack } from '@/lib/community/pack/store';
import { loadStylePriors, packSummary } from '@/lib/community/pack/priors';
import { MAX_PRIOR_WEIGHT } from '@/lib/patterns/priors';
import { setSetting } from '@/lib/db/settings';
import { changePrivacyTier } from '@/lib/community/tier-change';
import type { CommunityPack } from '@/lib/privacy/hub-api';
import type { PrivacyTier } from '@/lib/privacy/tiers';
import { freshDatabase as emptyDatabase } from '../../support/db';

/** A hub that speaks the pack half of API v1: 200 with an ETag, 304 for If-None-Match, 404 no_pack, or what a test says. */
interface TinyHub {
  url: string;
  pack?: CommunityPack;
  /** When set, the hub answers every request with this status and body instead. */
  broken?: { status: number; body: string };
  requests: { path: string; ifNoneMatch?: string }[];
}

function packOf(version: number): CommunityPack {
  return {
    v: 1,
    version,
    publishedAt: '2026-12-01T10:00:00.000Z',
    k: 5,
    epsilon: 1,
    kinds: [
      {
        questionKind: 'react/debug',
        styles: [
          {
            answerStyle: 'short|code-first|no-steps|no-tests',
            installs: 7,
            successes: 40,
            failures: 4,
            description: 'React debugging: short answers, code first',
          },
        ],
      },
    ],
  };
}

let server: Server;
const hub: TinyHub = { url: '', requests: [] };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    hub.requests.push({ path: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
    if (hub.broken) {
      res.writeHead(hub.broken.status, { 'content-type': 'application/json' });
      return void res.end(hub.broken.body);
    }
    if (req.url !== '/v1/pack') return void res.writeHead(404).end();
    if (!hub.pack) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'no_pack', message: 'No pack has been published yet' }));
    }
    const etag = `"pack-${hub.pack.version}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
    res.writeHead(200, { 'content-type': 'application/json', ETag: etag });
    res.end(JSON.stringify(hub.pack));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  hub.pack = undefined;
  hub.broken = undefined;
  hub.requests = [];
});

const access = (privacyTier: PrivacyTier, hubUrl = hub.url) => ({ privacyTier, hubUrl });

/** A database whose stored tier receives packs (the sync keeps nothing once the stored tier is below the caller's). */
async function freshDatabase() {
  const db = emptyDatabase();
  await setSetting(db, 'privacyTier', 3);
  return db;
}
const DAY = PACK_CHECK_INTERVAL_MS;

describe('syncPack', () => {
  it('receives a pack, then asks with its ETag and keeps it on 304', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(3);
    const first = await syncPack(db, access(1), { now: 1_000 });
    expect(first.status).toBe('updated');
    expect((await readStoredPack(db)).pack?.version).toBe(3);

    const second = await syncPack(db, access(1), { now: 1_000 + DAY });
    expect(second.status).toBe('unchanged');
    expect(hub.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"pack-3"']);
    const stored = await readStoredPack(db);
    expect(stored.pack?.version).toBe(3);
    expect(stored.checkedAt).toBe(1_000 + DAY);
  });

  it('asks at most once a day unless the user asks', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(1);
    await syncPack(db, access(2), { now: 0 });
    expect(await syncPack(db, access(2), { now: DAY - 1 })).toEqual({ status: 'not_due', nextAt: DAY });
    expect(hub.requests).toHaveLength(1);
    hub.pack = packOf(2);
    expect((await syncPack(db, access(2), { now: DAY - 1, force: true })).status).toBe('updated');
    expect(hub.requests).toHaveLength(2);
    expect((await readStoredPack(db)).pack?.version).toBe(2);
  });

  it('keeps the stored pack when the hub is down, answers garbage or an error, and says why', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(5);
    await syncPack(db, access(1), { now: 0 });

    hub.broken = { status: 200, body: JSON.stringify({ v: 1, version: 'six', kinds: 'all' }) };
    const garbage = await syncPack(db, access(1), { now: 1, force: true });
    expect(garbage.status === 'failed' && garbage.error.code).toBe('unreachable:hub');

    hub.broken = { status: 500, body: JSON.stringify({ error: 'internal', message: 'database is down' }) };
    const failed = await syncPack(db, access(1), { now: 2, force: true });
    expect(failed.status === 'failed' && failed.error.message).toMatch(/answered 500 \(database is down\)/);

    const down = await syncPack(db, access(1, 'http://127.0.0.1:1'), { now: 3, force: true });
    expect(down.status === 'failed' && down.error.code).toBe('unreachable:hub');

    const stored = await readStoredPack(db);
    expect(stored.pack?.version).toBe(5);
    expect(stored.lastError?.code).toBe('unreachable:hub');
    // The next success clears the failure.
    hub.broken = undefined;
    await syncPack(db, access(1), { now: 4, force: true });
    expect((await readStoredPack(db)).lastError).toBeUndefined();
  });

  it('records that the hub has no pack yet, without asking again the same day', async () => {
    const db = await freshDatabase();
    expect((await syncPack(db, access(1), { now: 0 })).status).toBe('no_pack');
    expect((await readStoredPack(db)).noPackYet).toBe(true);
    expect((await syncPack(db, access(1), { now: 10 })).status).toBe('not_due');
  });

  it('at tier 0 asks nothing and deletes the stored pack', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(1);
    await syncPack(db, access(1), { now: 0 });
    expect(await syncPack(db, access(0), { now: DAY * 2, force: true })).toEqual({ status: 'off' });
    expect(hub.requests).toHaveLength(1);
    expect(await readStoredPack(db)).toEqual({});
  });

  it('does not send one hub’s ETag to another hub', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(1);
    await syncPack(db, access(1), { now: 0 });
    // The same server under another address counts as another hub.
    const other = hub.url.replace('127.0.0.1', 'localhost');
    expect((await syncPack(db, access(1, other), { now: 1 })).status).toBe('updated');
    expect(hub.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, undefined]);
    expect((await readStoredPack(db)).hubUrl).toBe(other);
  });
});

describe('a tier lowered while the hub answers', () => {
  it('keeps nothing of the answer: going to Isolated deleted the pack, and it stays deleted', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(2);
    await setSetting(db, 'privacyTier', 1);
    // The user picks Isolated while the request is on its way (in this tab or another).
    const slowFetch: typeof fetch = async (input, init) => {
      await changePrivacyTier(db, 0);
      return fetch(input, init);
    };
    await syncPack(db, access(1), { now: 0, fetchImpl: slowFetch });
    expect(hub.requests).toHaveLength(1);
    expect(await db.meta.get(PACK_KEY)).toBeUndefined();
  });
});

describe('loadStylePriors', () => {
  it('gives the stored pack’s evidence as priors only while the tier receives packs', async () => {
    const db = await freshDatabase();
    hub.pack = packOf(1);
    await setSetting(db, 'privacyTier', 1);
    await syncPack(db, access(1), { now: 0 });
    expect(await loadStylePriors(db)).toEqual([
      { questionKind: 'react/debug', answerStyle: 'short|code-first|no-steps|no-tests', successes: 40, failures: 4 },
    ]);
    await setSetting(db, 'privacyTier', 0);
    expect(await loadStylePriors(db)).toEqual([]);
  });
});

describe('packSummary', () => {
  it('names each kind’s best community style and how much it still counts against the user’s own evidence', () => {
    const pack = packOf(2);
    pack.kinds.push({
      questionKind: 'python/how_to',
      styles: [
        { answerStyle: 'long|prose-first|steps|no-tests', installs: 12, successes: 10, failures: 30, description: 'x' },
        { answerStyle: 'medium|code-first|steps|no-tests', installs: 6, successes: 30, failures: 5, description: 'y' },
      ],
    });
    const own = [
      { questionKind: 'python/how_to', answerStyle: 'short|code-first|no-steps|no-tests', successes: 20, failures: 0 },
    ];
    expect(packSummary(pack, own)).toEqual([
      {
        questionKind: 'react/debug',
        style: 'short|code-first|no-steps|no-tests',
        successRate: 41 / 46,
        installs: 7,
        ownEvidence: 0,
        weight: MAX_PRIOR_WEIGHT,
      },
      {
        questionKind: 'python/how_to',
        style: 'medium|code-first|steps|no-tests',
        successRate: 31 / 37,
        installs: 6,
        ownEvidence: 20,
        weight: 0,
      },
    ]);
  });
});
