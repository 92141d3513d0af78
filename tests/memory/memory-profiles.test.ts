/**
 * The memories the question path reads are held in memory and kept current
 * row by row: a change is never missed (whatever its timestamp), a write does
 * not make the next question read the whole table again, and a question that
 * comes during the first load goes with the rows read so far.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { learningContext } from '@/lib/memory/learned-context';
import { MemoryProfiles, memoryProfiles } from '@/lib/memory/memory-profiles';
import { upsertMemory } from '@/lib/memory/learned';
import { deleteMemory } from '@/lib/memory/memories';
import type { Memory } from '@/lib/core/records';
import type { CodelumiDB } from '@/lib/db/db';
import { declareSchema } from '@/lib/db/schema';
import { freshDatabase, IDBFactory, IDBKeyRange, uniqueDbName } from '../support/db';
import { createDatabase } from '@/lib/db/db';
import Dexie from 'dexie';

const noExplore = () => 0.99;

function preference(i: number, fields: Partial<Memory> = {}): Memory {
  return {
    id: `m${String(i).padStart(5, '0')}`,
    kind: 'preference',
    text: `Preference number ${i}`,
    source: 'explicit',
    confidence: 0.9,
    enabled: 1,
    createdAt: 1_000 + i,
    updatedAt: 1_000 + i,
    ...fields,
  };
}

let db: CodelumiDB;
let cache: MemoryProfiles | undefined;
afterEach(() => {
  cache?.close();
  cache = undefined;
  db?.close();
});

describe('the memory cache', () => {
  it('picks up a memory rewritten with an older timestamp than the newest one', async () => {
    db = freshDatabase();
    await db.memories.bulkAdd([preference(1), preference(2, { updatedAt: 50_000 })]);
    const before = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(before.preferences.map((p) => p.text)).toContain('Preference number 1');

    // An import or a merge writes the row with the time it had elsewhere: older than the newest memory, same count.
    await db.memories.put(preference(1, { text: 'Prefers tabs', updatedAt: 2 }));
    const after = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(after.preferences.map((p) => p.text)).toContain('Prefers tabs');
    expect(after.preferences.map((p) => p.text)).not.toContain('Preference number 1');
  });

  it('reads only the written rows again after learning writes a memory, not the whole table', async () => {
    db = freshDatabase();
    await db.memories.bulkAdd(Array.from({ length: 300 }, (_, i) => preference(i)));
    cache = memoryProfiles(db);
    await learningContext(db, 'How do I sort?', '', noExplore);
    expect(cache.rowsRead).toBe(300);

    await upsertMemory(db, { kind: 'preference', text: 'Uses pnpm', source: 'explicit', confidence: 0.9 }, 99_000);
    const ctx = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(ctx.preferences.map((p) => p.text)).toContain('Uses pnpm');
    expect(cache.rowsRead).toBe(301);
  });

  it('drops a deleted memory', async () => {
    db = freshDatabase();
    await db.memories.bulkAdd([preference(1), preference(2)]);
    await learningContext(db, 'How do I sort?', '', noExplore);
    await deleteMemory(db, 'm00001');
    const ctx = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(ctx.preferences.map((p) => p.id)).toEqual(['m00002']);
  });

  it('reads the table again after a clear', async () => {
    db = freshDatabase();
    await db.memories.bulkAdd([preference(1), preference(2)]);
    await learningContext(db, 'How do I sort?', '', noExplore);
    await db.memories.clear();
    await db.memories.add(preference(3));
    const ctx = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(ctx.preferences.map((p) => p.id)).toEqual(['m00003']);
  });

  it('answers a question during the first load with the rows read so far, without waiting for the rest', async () => {
    db = freshDatabase();
    await db.memories.bulkAdd(Array.from({ length: 2_500 }, (_, i) => preference(i)));
    // The load stops after its first page until released: only order decides, not time.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstPageRead!: () => void;
    const atGate = new Promise<void>((resolve) => (firstPageRead = resolve));
    cache = memoryProfiles(db, {
      turn: () => {
        firstPageRead();
        return gate;
      },
    });
    let loaded = false;
    const load = cache.start().then(() => (loaded = true));
    await atGate;

    const held: number[] = [];
    const ctx = await learningContext(db, 'How do I sort?', '', noExplore, [], {
      budgetMs: 0,
      onPartial: (n) => held.push(n),
    });
    expect(loaded).toBe(false);
    expect(held).toEqual([250]);
    expect(ctx.preferences.length).toBeGreaterThan(0);

    release();
    await load;
    const full = await learningContext(db, 'How do I sort?', '', noExplore, [], {
      budgetMs: 0,
      onPartial: (n) => held.push(n),
    });
    expect(held).toEqual([250]);
    expect(full.preferences.map((p) => p.id)).toContain('m02499');
  });
});

describe('the memory cache when a notice is lost or every row changes', () => {
  /** A database, and a second connection to it that reports nothing (another tab that closed before its notice went out, an older app version). */
  function twoConnections(): { db: CodelumiDB; silent: Dexie } {
    const factory = new IDBFactory();
    const name = uniqueDbName();
    const main = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    const silent = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    declareSchema(silent);
    return { db: main, silent };
  }

  it('serves none of the cleared memories while the table is read again after a replace import', async () => {
    db = freshDatabase();
    await db.memories.bulkAdd(
      Array.from({ length: 1_000 }, (_, i) =>
        preference(i, { text: `SECRET preference ${i}`, updatedAt: 900_000 + i }),
      ),
    );
    // The reload stops after its first page until released, as it does while questions keep coming.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    cache = memoryProfiles(db, { turn: () => (loads > 0 ? gate : Promise.resolve()) });
    await cache.start();
    loads++;
    await db.transaction('rw', db.memories, async () => {
      await db.memories.clear();
      await db.memories.bulkAdd(Array.from({ length: 1_000 }, (_, i) => preference(5_000 + i, { text: `new ${i}` })));
    });
    const ctx = await learningContext(db, 'How do I sort?', '', noExplore, [], { budgetMs: 20 });
    expect(ctx.preferences.filter((p) => p.text.startsWith('SECRET'))).toEqual([]);
    const snap = await cache.snapshot(0);
    expect(snap.memories.filter((m) => m.text.startsWith('SECRET'))).toEqual([]);
    expect(snap.complete).toBe(false);
    release();
    const full = await cache.snapshot();
    expect(full.memories).toHaveLength(1_000);
    expect(full.memories.every((m) => m.text.startsWith('new'))).toBe(true);
  });

  it('leaves out a memory switched off, edited or deleted elsewhere when the notice never arrives', async () => {
    const { db: main, silent } = twoConnections();
    db = main;
    await db.memories.bulkAdd([
      preference(1, { text: 'Use my employer AcmeCorp name' }),
      preference(2, { text: 'Mentions my home town Springfield' }),
      preference(3, { text: 'Prefers tabs' }),
      preference(4),
    ]);
    cache = memoryProfiles(db);
    const before = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(before.preferences.map((p) => p.id)).toEqual(expect.arrayContaining(['m00001', 'm00002', 'm00003']));

    await silent.table('memories').update('m00001', { enabled: 0, updatedAt: 9 });
    await silent.table('memories').update('m00002', { text: 'Prefers spaces', updatedAt: 9 });
    await silent.table('memories').delete('m00003');
    silent.close();
    const after = await learningContext(db, 'How do I sort?', '', noExplore);
    const texts = after.preferences.map((p) => p.text);
    expect(texts).not.toContain('Use my employer AcmeCorp name');
    expect(texts).not.toContain('Mentions my home town Springfield');
    expect(texts).not.toContain('Prefers tabs');
    expect(texts).toEqual(expect.arrayContaining(['Prefers spaces', 'Preference number 4']));
  });

  it('holds a memory stated elsewhere just before the question, before its notice arrives', async () => {
    const { db: main, silent } = twoConnections();
    db = main;
    const now = Date.now();
    await db.memories.bulkAdd([preference(1, { updatedAt: now - 60_000 }), preference(2, { updatedAt: now - 1_000 })]);
    cache = memoryProfiles(db);
    await learningContext(db, 'How do I sort?', '', noExplore);
    // The page stores what the message states, then asks the worker for context: the notice may come later.
    await silent
      .table('memories')
      .add(preference(3, { text: 'Always use TypeScript', updatedAt: now, createdAt: now }));
    silent.close();
    const ctx = await learningContext(db, 'How do I sort?', '', noExplore);
    expect(ctx.preferences.map((p) => p.text)).toContain('Always use TypeScript');
  });

  it('stops steering a style the user switched off elsewhere, before the cache hears of it', async () => {
    const { db: main, silent } = twoConnections();
    db = main;
    const style = preference(1, {
      text: 'For python questions, short, code first answers work best',
      source: 'inferred',
      key: 'inferred-style:python',
      topic: 'python',
    });
    await db.memories.add(style);
    await db.patterns.put({
      id: 'python/how_to→short|code-first|no-steps|no-tests',
      questionKind: 'python/how_to',
      answerStyle: 'short|code-first|no-steps|no-tests',
      successes: 6,
      failures: 0,
      updatedAt: 1,
    });
    cache = memoryProfiles(db);
    expect((await learningContext(db, 'How do I reverse a list in Python?', '', () => 0.5)).style).toBeDefined();
    await silent.table('memories').update(style.id, { enabled: 0, updatedAt: 9 });
    silent.close();
    expect((await learningContext(db, 'How do I reverse a list in Python?', '', () => 0.5)).style).toBeUndefined();
  });
});
