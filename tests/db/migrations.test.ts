/**
 * The schema upgrade path: a database written by version 1 of the app opens
 * in the current version with every row intact and the v2 additions filled in.
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '@/lib/db/db';
import { CURRENT_VERSION, SCHEMA_V1, SCHEMA_V2, SCHEMA_V4, upgradeToV2 } from '@/lib/db/schema';
import type { Conversation, Draft, Message, SettingRow } from '@/lib/core/records';
import { getSettings } from '@/lib/db/settings';
import { loadThread } from '@/lib/db/messages';
import { listConversations } from '@/lib/db/conversations';
import { IDBFactory, IDBKeyRange, uniqueDbName } from '../support/db';

/** A v1 conversation row: v1 had no messageCount. */
type ConversationV1 = Omit<Conversation, 'messageCount'>;

const msg = (
  m: Partial<Message> & Pick<Message, 'id' | 'conversationId' | 'parentId' | 'role' | 'content' | 'createdAt'>,
): Message => ({
  status: 'complete',
  updatedAt: m.createdAt,
  ...m,
});

function v1Data() {
  const conversations: ConversationV1[] = [
    {
      id: 'c-react',
      title: 'React hooks',
      titleSource: 'auto',
      model: 'qwen2.5-coder:7b',
      pinned: 1,
      createdAt: 1_000,
      updatedAt: 1_600,
      leafId: 'r-a1b',
    },
    {
      id: 'c-sql',
      title: 'SQL joins',
      titleSource: 'user',
      systemPrompt: 'Use PostgreSQL.',
      pinned: 0,
      createdAt: 2_000,
      updatedAt: 2_300,
      leafId: 'q-a2',
    },
    { id: 'c-empty', title: 'New chat', titleSource: 'pending', pinned: 0, createdAt: 3_000, updatedAt: 3_000 },
    {
      id: 'c-deleted',
      title: 'Old stuff',
      titleSource: 'fallback',
      pinned: 0,
      createdAt: 500,
      updatedAt: 700,
      deletedAt: 900,
      leafId: 'd-a1',
    },
  ];
  const messages: Message[] = [
    // React: a question with two answers (regenerated), the second one the leaf.
    msg({
      id: 'r-q1',
      conversationId: 'c-react',
      parentId: null,
      role: 'user',
      content: 'How does useEffect cleanup work?',
      createdAt: 1_100,
    }),
    msg({
      id: 'r-a1',
      conversationId: 'c-react',
      parentId: 'r-q1',
      role: 'assistant',
      content: 'The cleanup runs before…',
      model: 'qwen2.5-coder:7b',
      createdAt: 1_200,
      metrics: { evalCount: 120, doneReason: 'stop' },
      trace: {
        model: 'qwen2.5-coder:7b',
        contextLength: 8192,
        promptTokens: 95,
        historyIds: ['r-q1'],
        omittedIds: [],
        systemPrompt: 'persona',
      },
    }),
    msg({
      id: 'r-a1b',
      conversationId: 'c-react',
      parentId: 'r-q1',
      role: 'assistant',
      content: '```tsx\nuseEffect(() => () => clear(), []);\n```',
      model: 'qwen2.5-coder:7b',
      createdAt: 1_600,
      thinking: 'They ask about cleanup.',
    }),
    // SQL: two turns, an edited question branch, and an interrupted answer.
    msg({
      id: 'q-q1',
      conversationId: 'c-sql',
      parentId: null,
      role: 'user',
      content: 'LEFT JOIN vs INNER JOIN?',
      createdAt: 2_100,
    }),
    msg({
      id: 'q-q1e',
      conversationId: 'c-sql',
      parentId: null,
      role: 'user',
      content: 'LEFT JOIN vs INNER JOIN in Postgres?',
      createdAt: 2_150,
    }),
    msg({
      id: 'q-a1',
      conversationId: 'c-sql',
      parentId: 'q-q1e',
      role: 'assistant',
      content: 'A LEFT JOIN keeps…',
      createdAt: 2_200,
    }),
    msg({
      id: 'q-q2',
      conversationId: 'c-sql',
      parentId: 'q-a1',
      role: 'user',
      content: 'And FULL OUTER?',
      createdAt: 2_250,
    }),
    msg({
      id: 'q-a2',
      conversationId: 'c-sql',
      parentId: 'q-q2',
      role: 'assistant',
      content: 'A FULL OUTER JOIN',
      status: 'interrupted',
      stopReason: 'reload',
      createdAt: 2_300,
      updatedAt: 2_310,
    }),
    // Deleted conversation keeps its messages until purged.
    msg({ id: 'd-q1', conversationId: 'c-deleted', parentId: null, role: 'user', content: 'old', createdAt: 600 }),
    msg({
      id: 'd-a1',
      conversationId: 'c-deleted',
      parentId: 'd-q1',
      role: 'assistant',
      content: 'failed',
      status: 'error',
      stopReason: 'error',
      error: { code: 'stream_cut:ollama', message: 'cut', details: { host: 'http://127.0.0.1:11434' } },
      createdAt: 700,
    }),
  ];
  const settings: SettingRow[] = [
    { key: 'ollamaHost', value: 'http://192.168.1.5:11434' },
    { key: 'defaultModel', value: 'qwen2.5-coder:7b' },
    { key: 'theme', value: 'dark' },
    { key: 'globalSystemPrompt', value: 'Prefer TypeScript.' },
  ];
  const drafts: Draft[] = [
    { key: 'new', text: 'a new question I was typing', updatedAt: 3_100 },
    { key: 'c-sql', text: 'What about CROSS JOIN', updatedAt: 3_200 },
  ];
  return { conversations, messages, settings, drafts };
}

describe('schema migrations', () => {
  it('upgrades a filled v1 database: every row survives, messageCount is filled in, messages gain the updatedAt index', async () => {
    const indexedDB = new IDBFactory();
    const name = uniqueDbName('codelumi-migration');
    const data = v1Data();

    // The app as it was at schema version 1.
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('conversations').bulkAdd(data.conversations);
    await v1.table('messages').bulkAdd(data.messages);
    await v1.table('settings').bulkAdd(data.settings);
    await v1.table('drafts').bulkAdd(data.drafts);
    await v1.table('events').add({ kind: 'copy', conversationId: 'c-react', messageId: 'r-a1b', at: 1_700 });
    expect(v1.verno).toBe(1);
    v1.close();

    // The current app opens it.
    const db = createDatabase({ name, indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);

    const expectedCounts: Record<string, number> = { 'c-react': 3, 'c-sql': 5, 'c-empty': 0, 'c-deleted': 2 };
    const conversations = await db.conversations.toArray();
    expect(conversations).toHaveLength(4);
    for (const before of data.conversations) {
      expect(await db.conversations.get(before.id)).toEqual({ ...before, messageCount: expectedCounts[before.id] });
    }

    // Messages: byte for byte, branches and all.
    expect(await db.messages.orderBy('createdAt').toArray()).toEqual(
      [...data.messages].sort((a, b) => a.createdAt - b.createdAt),
    );
    expect(await db.settings.toArray()).toEqual(expect.arrayContaining(data.settings));
    expect(await db.drafts.toArray()).toEqual(expect.arrayContaining(data.drafts));
    expect(await db.events.toArray()).toEqual([
      { seq: 1, kind: 'copy', conversationId: 'c-react', messageId: 'r-a1b', at: 1_700 },
    ]);

    // The new index answers range queries.
    const changedSince = await db.messages.where('updatedAt').above(2_200).toArray();
    expect(changedSince.map((m) => m.id).sort()).toEqual(['q-a2', 'q-q2']);
    expect(await db.conversations.where('messageCount').aboveOrEqual(3).primaryKeys()).toEqual(
      expect.arrayContaining(['c-react', 'c-sql']),
    );
    // v8: the user's questions by update time, without the answers.
    const questions = await db.messages
      .where('[role+updatedAt]')
      .between(['user', -Infinity], ['user', Dexie.maxKey])
      .toArray();
    expect(questions.map((m) => m.id)).toEqual(
      data.messages
        .filter((m) => m.role === 'user')
        .sort((a, b) => a.updatedAt - b.updatedAt)
        .map((m) => m.id),
    );

    // And the app reads the upgraded data as before.
    expect(await getSettings(db)).toMatchObject({
      ollamaHost: 'http://192.168.1.5:11434',
      theme: 'dark',
      globalSystemPrompt: 'Prefer TypeScript.',
    });
    expect((await loadThread(db, 'c-sql')).map((e) => e.message.id)).toEqual(['q-q1e', 'q-a1', 'q-q2', 'q-a2']);
    expect((await loadThread(db, 'c-react'))[1].siblingIds).toEqual(['r-a1', 'r-a1b']);
    expect((await listConversations(db)).map((c) => c.id)).toEqual(['c-react', 'c-empty', 'c-sql']);
    db.close();
  });

  it('upgrading an empty v1 database works and a second open changes nothing', async () => {
    const indexedDB = new IDBFactory();
    const name = uniqueDbName('codelumi-migration');
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    v1.close();

    const db = createDatabase({ name, indexedDB, IDBKeyRange });
    await db.open();
    await db.conversations.add({
      id: 'c',
      title: 't',
      titleSource: 'user',
      pinned: 0,
      createdAt: 1,
      updatedAt: 1,
      messageCount: 0,
    });
    db.close();

    const again = createDatabase({ name, indexedDB, IDBKeyRange });
    await again.open();
    expect(await again.conversations.toArray()).toHaveLength(1);
    again.close();
  });

  it('opens a v4 database (the learning engine) at the current version with empty PWA, Brain and project tables and every row intact', async () => {
    const indexedDB = new IDBFactory();
    const name = uniqueDbName('codelumi-migration');
    const data = v1Data();
    const v4 = new Dexie(name, { indexedDB, IDBKeyRange });
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    v4.version(4).stores(SCHEMA_V4);
    await v4.open();
    await v4.table('conversations').bulkAdd(data.conversations.map((c) => ({ ...c, messageCount: 0 })));
    await v4.table('drafts').bulkAdd(data.drafts);
    await v4.table('meta').put({ key: 'learning:cursor', value: 7 });
    v4.close();

    const db = createDatabase({ name, indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.knownModels.count()).toBe(0);
    expect(await db.embeddings.count()).toBe(0);
    expect(await db.retrievals.count()).toBe(0);
    // v12: the saved search indexes start empty (built, then saved, by the analysis worker).
    expect(await db.indexes.count()).toBe(0);
    expect(await db.projectHandles.count()).toBe(0);
    expect(await db.conversations.count()).toBe(data.conversations.length);
    expect(await db.drafts.toArray()).toEqual(expect.arrayContaining(data.drafts));
    expect(await db.meta.get('learning:cursor')).toEqual({ key: 'learning:cursor', value: 7 });
    await db.knownModels.put({ host: 'http://127.0.0.1:11434', models: [], savedAt: 1 });
    expect(await db.knownModels.get('http://127.0.0.1:11434')).toEqual({
      host: 'http://127.0.0.1:11434',
      models: [],
      savedAt: 1,
    });
    db.close();
  });
});
