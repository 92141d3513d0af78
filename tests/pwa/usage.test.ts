/** The estimate of each kind of data's size (lib/pwa/usage.ts), on a real database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { DATA_KINDS, cacheBytes, sizeOf, usageByKind } from '@/lib/pwa/usage';
import { freshDatabase } from '../support/db';
import { conversation, message } from '../support/records';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('usageByKind', () => {
  it('puts every table of the database in one kind', () => {
    const listed = DATA_KINDS.flatMap((k) => k.tables).sort();
    expect(listed).toEqual(db.tables.map((t) => t.name).sort());
  });

  it('estimates each kind from its rows: messages weigh what their text weighs, vectors their bytes', async () => {
    await db.conversations.put(conversation({ id: 'c1' }));
    const text = 'x'.repeat(10_000);
    await db.messages.bulkPut(Array.from({ length: 30 }, (_, i) => message({ id: `m${i}`, content: text })));
    await db.embeddings.put({
      id: 'e|q:m1',
      model: 'e',
      itemKey: 'q:m1',
      textHash: 'h',
      vector: new Float32Array(768),
      updatedAt: 1,
    });

    const kinds = new Map((await usageByKind(db)).map((k) => [k.kind, k]));
    const chats = kinds.get('conversations')!;
    expect(chats.rows).toBe(31);
    expect(chats.bytes).toBeGreaterThan(30 * 10_000);
    expect(chats.bytes).toBeLessThan(31 * 11_000);
    expect(kinds.get('brain')!.bytes).toBeGreaterThanOrEqual(768 * 4);
    expect(kinds.get('brain')!.bytes).toBeLessThan(768 * 4 + 500);
    expect(kinds.get('projects')).toMatchObject({ rows: 0, bytes: 0 });
  });
});

describe('sizeOf and cacheBytes', () => {
  it('counts binary data by its length', () => {
    expect(sizeOf({ v: new Float32Array(100) })).toBeGreaterThanOrEqual(400);
  });

  it('takes the browser’s own figure for the caches, else the cached responses’ lengths', async () => {
    expect(await cacheBytes({ caches: 1234 }, undefined)).toBe(1234);
    const responses = [
      new Response('abc', { headers: { 'content-length': '3' } }),
      new Response('', { headers: { 'content-length': '7' } }),
    ];
    const caches = {
      keys: async () => ['app'],
      open: async () => ({
        keys: async () => [new Request('http://x/a'), new Request('http://x/b')],
        match: async (r: Request) => responses[r.url.endsWith('a') ? 0 : 1],
      }),
    };
    expect(await cacheBytes({}, caches)).toBe(10);
    expect(await cacheBytes({}, undefined)).toBeUndefined();
  });
});
