import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase, type CodelumiDB } from '@/lib/db/db';
import { CURRENT_VERSION, SCHEMA_V1, SCHEMA_V2, upgradeToV2 } from '@/lib/db/schema';
import { latestRun, recordRun } from '@/lib/runner/record';

let db: CodelumiDB | undefined;
afterEach(() => db?.close());

const outcome = (status: 'ok' | 'error' | 'timeout', extra: Partial<{ passed: number; failed: number }> = {}) => ({
  status,
  passed: extra.passed ?? 0,
  failed: extra.failed ?? 0,
  durationMs: 12.4,
  stdout: 'out\n',
  stderr: status === 'ok' ? '' : 'boom\n',
  truncated: false,
  error:
    status === 'ok'
      ? undefined
      : { kind: status === 'timeout' ? ('timeout' as const) : ('runtime' as const), message: 'boom', line: 2 },
});

describe('recording runs for the learning engine', () => {
  it('writes the run row and a run event with the block, status and test counts', async () => {
    const indexedDB = new IDBFactory();
    db = createDatabase({ name: 'record-1', indexedDB, IDBKeyRange });
    const { run } = await recordRun(db, {
      conversationId: 'c1',
      messageId: 'm1',
      blockIndex: 0,
      language: 'python',
      originalCode: 'x',
      code: 'x',
      trigger: 'user',
      outcome: outcome('ok', { passed: 3 }),
    });
    const rows = await db.runs.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: run.id,
      messageId: 'm1',
      blockIndex: 0,
      status: 'ok',
      passed: 3,
      failed: 0,
      edited: false,
      durationMs: 12,
    });
    const events = (await db.events.where('kind').equals('run').toArray()).filter((e) => e.kind === 'run');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ conversationId: 'c1', messageId: 'm1' });
    expect(events[0].data).toMatchObject({
      runId: run.id,
      blockIndex: 0,
      language: 'python',
      status: 'ok',
      passed: 3,
      failed: 0,
      edited: false,
      trigger: 'user',
    });
    expect(events[0].data.previousStatus).toBeUndefined();
  });

  it('records an edited run that succeeds after the original failed, with the previous status and the diff', async () => {
    db = createDatabase({ name: 'record-2', indexedDB: new IDBFactory(), IDBKeyRange });
    const base = {
      conversationId: 'c1',
      messageId: 'm1',
      blockIndex: 1,
      language: 'javascript',
      originalCode: 'const a = 1;\nconsole.log(a.b.c);\n',
      trigger: 'user' as const,
    };
    await recordRun(db, { ...base, code: base.originalCode, outcome: outcome('error'), at: 1000 });
    await recordRun(db, { ...base, code: 'const a = 1;\nconsole.log(a);\n', outcome: outcome('ok'), at: 2000 });
    const events = (await db.events.toArray()).flatMap((e) => (e.kind === 'run' ? [e.data] : []));
    expect(events[0]).toMatchObject({ edited: false, status: 'error', errorKind: 'runtime' });
    expect(events[1]).toMatchObject({
      edited: true,
      status: 'ok',
      previousStatus: 'error',
      linesAdded: 1,
      linesRemoved: 1,
    });
    expect(events[1].diff).toContain('+console.log(a);');
    expect((await latestRun(db, 'm1', 1))?.code).toBe('const a = 1;\nconsole.log(a);\n');
  });
});

describe('schema v3', () => {
  it('upgrades a v2 database: existing runs are marked unedited and found by their code block', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('migrate-v3', { indexedDB, IDBKeyRange });
    old.version(1).stores(SCHEMA_V1);
    old.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    await old.open();
    await old.table('runs').add({
      id: 'r-old',
      messageId: 'm9',
      conversationId: 'c9',
      blockIndex: 2,
      language: 'python',
      code: 'print(1)',
      status: 'ok',
      stdout: '1\n',
      stderr: '',
      durationMs: 3,
      createdAt: 5,
    });
    await old.table('messages').add({
      id: 'm9',
      conversationId: 'c9',
      parentId: null,
      role: 'assistant',
      content: 'x',
      status: 'complete',
      createdAt: 1,
      updatedAt: 1,
    });
    old.close();

    db = createDatabase({ name: 'migrate-v3', indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    const run = await latestRun(db, 'm9', 2);
    expect(run).toMatchObject({ id: 'r-old', edited: false, status: 'ok' });
    expect(await db.messages.get('m9')).toMatchObject({ content: 'x' });
  });
});
