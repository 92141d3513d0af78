/**
 * Schema version 13 (the Planner's tables) over a database the app left at
 * version 11 or 12 (the saved search indexes): it opens with every row
 * intact and the plan tables empty and indexed as the Planner queries them.
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '@/lib/db/db';
import * as schema from '@/lib/db/schema';
import { IDBFactory, IDBKeyRange, uniqueDbName } from '../support/db';

/** The app's schema up to version 11, plus `extra` versions (12, when a test starts there). */
function declaredUpTo(db: Dexie, extra: Record<number, Record<string, string>> = {}): void {
  const versions: [number, Record<string, string>][] = [
    [1, schema.SCHEMA_V1],
    [2, schema.SCHEMA_V2],
    [3, schema.SCHEMA_V3],
    [4, schema.SCHEMA_V4],
    [5, schema.SCHEMA_V5],
    [6, schema.SCHEMA_V6],
    [7, schema.SCHEMA_V7],
    [8, schema.SCHEMA_V8],
    [9, schema.SCHEMA_V9],
    [10, schema.SCHEMA_V10],
    [11, schema.SCHEMA_V11],
    ...Object.entries(extra).map(([n, s]) => [Number(n), s] as [number, Record<string, string>]),
  ];
  for (const [n, stores] of versions) db.version(n).stores(stores);
}

async function openedFrom(extra?: Record<number, Record<string, string>>) {
  const indexedDB = new IDBFactory();
  const name = uniqueDbName('codelumi-v13');
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  declaredUpTo(old, extra);
  await old.open();
  await old
    .table('conversations')
    .add({ id: 'c1', title: 'Kept', titleSource: 'user', pinned: 0, createdAt: 1, updatedAt: 1 });
  old.close();
  const db = createDatabase({ name, indexedDB, IDBKeyRange });
  await db.open();
  return db;
}

describe('schema version 13: the Planner', () => {
  it('opens a version 11 database at 13 with the plan tables empty and every earlier row kept', async () => {
    const db = await openedFrom();
    expect(db.verno).toBe(schema.CURRENT_VERSION);
    expect(schema.CURRENT_VERSION).toBe(13);
    expect(await db.conversations.get('c1')).toMatchObject({ title: 'Kept' });
    expect(await db.plans.count()).toBe(0);
    expect(await db.planSteps.count()).toBe(0);
    expect(await db.workspaceFiles.count()).toBe(0);
    db.close();
  });

  it('indexes what the Planner looks up: plans by time, status and chat; steps by plan; file versions by path and by step', async () => {
    const db = await openedFrom();
    const indexes = (t: string) => db.table(t).schema.indexes.map((i) => i.name);
    expect(indexes('plans')).toEqual(expect.arrayContaining(['createdAt', 'updatedAt', 'status', 'conversationId']));
    expect(indexes('planSteps')).toContain('planId');
    expect(indexes('workspaceFiles')).toEqual(expect.arrayContaining(['planId', '[planId+path]', '[planId+stepId]']));
    db.close();
  });

  it('opens a version 12 database (the saved search indexes) at 13, its saved index kept', async () => {
    const indexedDB = new IDBFactory();
    const name = uniqueDbName('codelumi-v13');
    const old = new Dexie(name, { indexedDB, IDBKeyRange });
    declaredUpTo(old, { 12: schema.SCHEMA_V12 });
    await old.open();
    await old.table('indexes').put({ key: 'past-questions', format: 1, covers: 5, data: '{}', savedAt: 1 });
    old.close();
    const db = createDatabase({ name, indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(13);
    expect(await db.indexes.get('past-questions')).toMatchObject({ covers: 5, data: '{}' });
    await db.plans.add({
      id: 'p1',
      title: 't',
      request: 'r',
      plan: { goal: 'g', files: [], steps: [] },
      status: 'draft',
      model: 'm',
      patternIds: [],
      createdAt: 1,
      updatedAt: 1,
    });
    expect(await db.plans.where('status').equals('draft').count()).toBe(1);
    db.close();
  });
});
