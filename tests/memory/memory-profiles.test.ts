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
import { freshDatabase } from '../support/db';

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
    cache = memoryProfiles(db, { turn: () => gate });
    let loaded = false;
    const load = cache.start().then(() => (loaded = true));

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
