/**
 * The `*quotes` index of messages (lib/db/quotes.ts, schema v10) on a real
 * database: every write of a trace fills it, whoever wrote it, and an older
 * database gets it filled for its existing answers when it opens.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type CodelumiDB } from '@/lib/db/db';
import { CURRENT_VERSION, declareSchema } from '@/lib/db/schema';
import { completeAnswer, interruptAnswer, startAnswer } from '@/lib/db/messages';
import type { PromptTrace } from '@/lib/core/records';
import { traceQuotes } from '@/lib/db/quotes';
import { message } from '../support/records';
import { freshDatabase, IDBFactory, IDBKeyRange, uniqueDbName } from '../support/db';

const trace = (...ids: string[]): PromptTrace => ({
  model: 'm',
  contextLength: 8192,
  promptTokens: 10,
  historyIds: [],
  omittedIds: [],
  systemPrompt: 'You are Codelumi.',
  sections: [
    {
      name: 'Preferences',
      tokens: 5,
      items: ids.filter((i) => i.startsWith('memory:')).map((id) => ({ id, label: id, tokens: 1 })),
    },
    {
      name: 'Earlier conversations',
      tokens: 5,
      items: ids.filter((i) => !i.startsWith('memory:')).map((id) => ({ id, label: id, tokens: 1 })),
    },
  ],
});

const quoting = (db: CodelumiDB, id: string) => db.messages.where('quotes').equals(id).primaryKeys();

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('the quotes index', () => {
  it('is filled when an answer completes or is interrupted with its trace', async () => {
    const a = await startAnswer(db, 'c1', 'q1', 'm', 1, 'a1');
    const b = await startAnswer(db, 'c1', 'q1', 'm', 2, 'a2');
    await completeAnswer(db, a.id, { content: 'x', trace: trace('memory:m1', 'qa:old') });
    await interruptAnswer(db, b.id, 'user', { content: 'y', trace: trace('memory:m1') });
    expect((await db.messages.get('a1'))?.quotes).toEqual(['memory:m1', 'qa:old']);
    expect((await quoting(db, 'memory:m1')).sort()).toEqual(['a1', 'a2']);
    expect(await quoting(db, 'qa:old')).toEqual(['a1']);
  });

  it('follows the trace on any write: put, update, modify, and goes when the trace goes', async () => {
    await db.messages.put(message({ id: 'a', role: 'assistant', trace: trace('qa:1') }));
    // A stale list written by hand does not survive: the trace decides.
    await db.messages.put(message({ id: 'b', role: 'assistant', trace: trace('qa:2'), quotes: ['qa:9'] }));
    expect(await quoting(db, 'qa:9')).toEqual([]);
    expect(await quoting(db, 'qa:2')).toEqual(['b']);
    await db.messages.update('a', { trace: trace('memory:x') });
    expect(await quoting(db, 'qa:1')).toEqual([]);
    expect(await quoting(db, 'memory:x')).toEqual(['a']);
    await db.messages
      .where('id')
      .equals('a')
      .modify((m) => {
        m.trace = trace('file:src/a.ts');
      });
    expect(await quoting(db, 'file:src/a.ts')).toEqual(['a']);
    await db.messages.update('a', { trace: undefined });
    expect((await db.messages.get('a'))?.quotes).toBeUndefined();
    // A message without a trace has no such field at all.
    await db.messages.put(message({ id: 'q' }));
    expect(await db.messages.get('q')).not.toHaveProperty('quotes');
  });

  it('reads a trace of any shape without throwing (imported rows)', () => {
    expect(traceQuotes(undefined)).toEqual([]);
    expect(traceQuotes({ sections: 'x' } as unknown as PromptTrace)).toEqual([]);
    expect(
      traceQuotes({
        sections: [null, { items: [{ id: 3 }, { id: 'qa:1' }, { id: 'qa:1' }] }],
      } as unknown as PromptTrace),
    ).toEqual(['qa:1']);
  });
});

describe('the v10 upgrade', () => {
  it('fills the index for the answers of a database written at version 9', async () => {
    const indexedDB = new IDBFactory();
    const name = uniqueDbName('codelumi-v9');
    // The app as it was at version 9: the schema's declarations stopped there.
    const v9 = new Dexie(name, { indexedDB, IDBKeyRange });
    declareSchema(
      new Proxy(v9, {
        get: (target, prop, receiver) =>
          prop === 'version'
            ? (n: number) => (n <= 9 ? target.version(n) : { stores: () => ({ upgrade: () => undefined }) })
            : (Reflect.get(target, prop, receiver) as unknown),
      }),
    );
    await v9.open();
    expect(v9.verno).toBe(9);
    await v9
      .table('messages')
      .bulkAdd([
        message({ id: 'a1', role: 'assistant', trace: trace('memory:m1', 'qa:x') }),
        message({ id: 'a2', role: 'assistant', trace: trace('memory:m1') }),
        message({ id: 'a3', role: 'assistant', trace: { ...trace(), sections: undefined } }),
        message({ id: 'q1' }),
      ]);
    v9.close();

    const upgraded = createDatabase({ name, indexedDB, IDBKeyRange });
    await upgraded.open();
    expect(upgraded.verno).toBe(CURRENT_VERSION);
    expect((await quoting(upgraded, 'memory:m1')).sort()).toEqual(['a1', 'a2']);
    expect(await quoting(upgraded, 'qa:x')).toEqual(['a1']);
    expect(await upgraded.messages.get('a3')).not.toHaveProperty('quotes');
    expect(await upgraded.messages.get('q1')).toEqual(message({ id: 'q1' }));
    upgraded.close();
  });
});
