/**
 * Merging an archive where "the later updatedAt wins" would undo a choice of
 * the user's: "Don't learn from this" goes by when it was switched, and a
 * memory learned on two devices becomes one (lib/archive/merge-rules.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Conversation, Memory } from '@/lib/core/records';
import { importArchive } from '@/lib/archive/import';
import { ARCHIVE_FORMAT, type ArchiveTable } from '@/lib/archive/format';
import { setConversationLearning } from '@/lib/db/conversations';
import { memoryKey } from '@/lib/memory/learned';
import { forgetConversations } from '@/lib/learning/forget';
import { PAST_QUESTIONS_INDEX, projectChunksIndex } from '@/lib/db/indexes';
import { freshDatabase, IDBFactory, IDBKeyRange } from '../support/db';

let factory: IDBFactory;
let db: CodelumiDB;
beforeEach(async () => {
  factory = new IDBFactory();
  db = freshDatabase(factory);
  await db.open();
});
afterEach(() => db.close());

/** An archive of this database version holding `rows` (plain JSON Lines), merged into `db`. */
async function mergeArchive(rows: Partial<Record<ArchiveTable, object[]>>, mode: 'merge' | 'replace' = 'merge') {
  const entries = Object.entries(rows) as [ArchiveTable, object[]][];
  const lines = [
    {
      format: ARCHIVE_FORMAT,
      formatVersion: 1,
      schemaVersion: db.verno,
      exportedAt: 1,
      app: 'test',
      tables: Object.fromEntries(entries.map(([t, r]) => [t, r.length])),
      options: { projectFiles: false },
    },
    ...entries.flatMap(([t, list]) => list.map((r) => ({ t, r }))),
    { end: true, rows: entries.reduce((n, [, r]) => n + r.length, 0) },
  ];
  const file = new Blob(lines.map((l) => JSON.stringify(l) + '\n'));
  return importArchive(db, file, { mode, platform: { indexedDB: factory, IDBKeyRange } });
}

const conversation = (over: Partial<Conversation> = {}): Conversation => ({
  id: 'c1',
  title: 'Deploying',
  titleSource: 'auto',
  pinned: 0,
  createdAt: 1_000,
  updatedAt: 2_000,
  messageCount: 0,
  ...over,
});

describe('merging "Don’t learn from this"', () => {
  it('keeps it on when switched on here after the backup, even though the archive’s row is newer', async () => {
    await db.conversations.add(conversation());
    await setConversationLearning(db, 'c1', false, 5_000);
    // The other device went on with the chat (a newer row) and never switched learning off.
    await mergeArchive({ conversations: [conversation({ title: 'Deploying with nginx', updatedAt: 9_000 })] });
    const c = (await db.conversations.get('c1'))!;
    expect(c.title).toBe('Deploying with nginx');
    expect(c.noLearn).toBe(true);
  });

  it('takes the archive’s later choice: switched back on there after it was switched off here', async () => {
    await db.conversations.add(conversation());
    await setConversationLearning(db, 'c1', false, 5_000);
    await mergeArchive({ conversations: [conversation({ updatedAt: 2_000, noLearnChangedAt: 7_000 })] });
    expect((await db.conversations.get('c1'))!.noLearn).toBeUndefined();
  });

  it('takes the archive’s switch-off even when the row here is newer', async () => {
    await db.conversations.add(conversation({ updatedAt: 9_000 }));
    await mergeArchive({ conversations: [conversation({ noLearn: true, noLearnChangedAt: 3_000 })] });
    expect((await db.conversations.get('c1'))!).toMatchObject({
      noLearn: true,
      noLearnChangedAt: 3_000,
      updatedAt: 9_000,
    });
  });

  it('errs on not learning when the order cannot be told (off in an archive made before the time was kept)', async () => {
    await db.conversations.add(conversation());
    await setConversationLearning(db, 'c1', false, 5_000);
    await setConversationLearning(db, 'c1', true, 6_000);
    await mergeArchive({ conversations: [conversation({ updatedAt: 9_000, noLearn: true })] });
    expect((await db.conversations.get('c1'))!.noLearn).toBe(true);
  });
});

describe('merging what was learned from a conversation kept out of learning here', () => {
  it('adds none of it, while what was learned elsewhere comes in', async () => {
    await db.conversations.bulkAdd([conversation(), conversation({ id: 'c2', title: 'Other' })]);
    await setConversationLearning(db, 'c1', false, 5_000);
    const signal = (id: string, conversationId: string) => ({
      id,
      messageId: `a-${conversationId}`,
      conversationId,
      kind: 'thanks',
      polarity: 1,
      confidence: 0.9,
      evidence: 'thanks!',
      createdAt: 3_000,
    });
    const learned = (conversationId: string) => ({
      messageId: `a-${conversationId}`,
      conversationId,
      questionKind: 'react/explain',
      answerStyle: 'short',
      outcome: 'positive',
      usedMemoryIds: [],
      createdAt: 3_000,
      updatedAt: 3_000,
    });
    await mergeArchive({
      // The other device learned while learning was on there, before the user switched it off here.
      conversations: [conversation({ updatedAt: 9_000 }), conversation({ id: 'c2', title: 'Other' })],
      signals: [signal('s1', 'c1'), signal('s2', 'c2')],
      answers: [learned('c1'), learned('c2')],
      memories: [
        memory({ id: 'm1', conversationId: 'c1' }),
        memory({ id: 'm2', kind: 'fact', text: 'Uses Go.', key: 'fact:go uses', conversationId: 'c2' }),
        memory({
          id: 'm3',
          kind: 'fact',
          text: 'Ships on Fridays.',
          key: undefined,
          source: 'user',
          conversationId: 'c1',
        }),
      ],
    });
    expect((await db.conversations.get('c1'))!.noLearn).toBe(true);
    expect((await db.signals.toArray()).map((x) => x.id)).toEqual(['s2']);
    expect((await db.answers.toArray()).map((x) => x.conversationId)).toEqual(['c2']);
    expect((await db.memories.toArray()).map((x) => x.id).sort()).toEqual(['m2', 'm3']);
  });
});

const memory = (over: Partial<Memory> = {}): Memory => ({
  id: 'm-here',
  kind: 'preference',
  text: 'Prefers pnpm.',
  source: 'explicit',
  confidence: 0.7,
  enabled: 1,
  key: memoryKey('preference', 'Prefers pnpm.'),
  hits: 2,
  conversationId: 'c-here',
  messageId: 'q-here',
  createdAt: 1_000,
  updatedAt: 2_000,
  ...over,
});

describe('merging memories', () => {
  it('makes one memory of the same one learned on two devices: hits added up, the highest confidence', async () => {
    await db.memories.add(memory());
    const report = await mergeArchive({
      memories: [memory({ id: 'm-there', hits: 3, confidence: 0.9, createdAt: 1_500, updatedAt: 3_000 })],
    });
    const all = await db.memories.toArray();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: 'm-here',
      hits: 5,
      confidence: 0.9,
      enabled: 1,
      createdAt: 1_000,
      updatedAt: 3_000,
    });
    expect(report.updated.memories).toBe(1);
  });

  it('keeps it off when the user switched it off on either device, and keeps their own words', async () => {
    await db.memories.add(memory({ enabled: 0, updatedAt: 2_500 }));
    await db.memories.add(
      memory({ id: 'm-other', kind: 'fact', text: 'Works in Go.', key: memoryKey('fact', 'Works in Go.') }),
    );
    await mergeArchive({
      memories: [
        // Learned again on the other device after it was switched off here.
        memory({ id: 'm-there', enabled: 1, updatedAt: 9_000 }),
        // The user edited this one there; here the engine confirmed it since (a newer row).
        memory({
          id: 'm-other-there',
          kind: 'fact',
          text: 'Writes Go at work.',
          source: 'user',
          key: memoryKey('fact', 'Works in Go.'),
          updatedAt: 1_200,
        }),
      ],
    });
    const byKind = Object.fromEntries((await db.memories.toArray()).map((m) => [m.kind, m]));
    expect(await db.memories.count()).toBe(2);
    expect(byKind.preference).toMatchObject({ enabled: 0 });
    expect(byKind.fact).toMatchObject({ text: 'Writes Go at work.', source: 'user' });
  });

  it('counts hits of the same row once (the same memory, not two learned apart) and joins its sources', async () => {
    const here = { ...memory({ hits: 4 }), sources: [{ conversationId: 'c-here', messageId: 'q-here' }] };
    await db.memories.add(here as Memory);
    await mergeArchive({
      memories: [
        {
          ...memory({ hits: 5, updatedAt: 4_000 }),
          sources: [
            { conversationId: 'c-here', messageId: 'q-here' },
            { conversationId: 'c-there', messageId: 'q-there' },
          ],
        },
      ],
    });
    const merged = (await db.memories.get('m-here')) as Memory & { sources?: unknown[] };
    expect(merged.hits).toBe(5);
    expect(merged.sources).toEqual([
      { conversationId: 'c-here', messageId: 'q-here' },
      { conversationId: 'c-there', messageId: 'q-there' },
    ]);
  });

  it('gives the same memory whichever way round two devices merge', async () => {
    const a = memory({ id: 'm-a', createdAt: 1_000, hits: 1 });
    const b = memory({ id: 'm-b', createdAt: 2_000, hits: 2, updatedAt: 5_000 });
    await db.memories.add(b);
    await mergeArchive({ memories: [a] });
    const one = await db.memories.toArray();
    await db.memories.clear();
    await db.memories.add(a);
    await mergeArchive({ memories: [b] });
    expect(await db.memories.toArray()).toEqual(one);
    expect(one).toMatchObject([{ id: 'm-a', hits: 3 }]);
  });

  it('merging the same archive again changes nothing', async () => {
    await db.memories.add(memory());
    const archive = { memories: [memory({ id: 'm-there', hits: 3, updatedAt: 3_000 })] };
    await mergeArchive(archive);
    const once = await db.memories.toArray();
    const again = await mergeArchive(archive);
    expect(await db.memories.toArray()).toEqual(once);
    expect(again.updated).toEqual({});
  });

  it('adds what each device learned since the last merge, once', async () => {
    await db.memories.add(memory());
    await mergeArchive({ memories: [memory({ id: 'm-there', hits: 3, updatedAt: 3_000 })] });
    // Here the engine confirms it once more; there it was confirmed twice more.
    const merged = (await db.memories.get('m-here'))!;
    await db.memories.put({ ...merged, hits: merged.hits! + 1, updatedAt: 4_000 });
    await mergeArchive({ memories: [memory({ id: 'm-there', hits: 5, updatedAt: 5_000 })] });
    expect((await db.memories.get('m-here'))!.hits).toBe(2 + 1 + 5);
  });
});

describe('merging the sources of a memory', () => {
  it('keeps the own source of a copy from before sources were kept, so forgetting its conversation takes its words', async () => {
    // Here: a row from before sources were kept, the newest copy, in words said in c-old.
    await db.conversations.bulkAdd([conversation({ id: 'c-old' }), conversation({ id: 'c-there' })]);
    await db.memories.add(
      memory({
        id: 'm-here',
        hits: 1,
        text: 'Wombat: prefers pnpm.',
        evidence: 'You said: “Wombat: prefers pnpm”',
        conversationId: 'c-old',
        messageId: 'q-old',
        updatedAt: 5_000,
      }),
    );
    const there = {
      conversationId: 'c-there',
      messageId: 'q-there',
      evidence: 'You said: “pnpm”',
      text: 'Prefers pnpm.',
    };
    await mergeArchive({
      memories: [
        { ...memory({ id: 'm-there', hits: 1, createdAt: 2_000, updatedAt: 3_000, ...there }), sources: [there] },
      ],
    });
    const merged = (await db.memories.toArray()) as Memory[];
    expect(merged).toHaveLength(1);
    expect(merged[0].sources?.map((s) => s.conversationId)).toEqual(['c-there', 'c-old']);

    await db.conversations.update('c-old', { deletedAt: 1 });
    await forgetConversations(db, ['c-old'], 9_000);
    const left = (await db.memories.toArray()) as Memory[];
    expect(JSON.stringify(left)).not.toContain('Wombat');
    expect(left[0]).toMatchObject({ text: 'Prefers pnpm.', conversationId: 'c-there' });
  });

  it('takes out the sources in conversations kept out of learning here, whichever one is the latest', async () => {
    await db.conversations.bulkAdd([conversation(), conversation({ id: 'c2', title: 'Other' })]);
    await setConversationLearning(db, 'c1', false, 5_000);
    const said = (conversationId: string, words: string) => ({
      conversationId,
      messageId: `q-${conversationId}-${words.length}`,
      evidence: `You said: “${words}”`,
      text: words,
    });
    const learned = (id: string, text: string, sources: ReturnType<typeof said>[]) => ({
      ...memory({ id, text, key: memoryKey('preference', text), ...sources.at(-1) }),
      sources,
    });
    await mergeArchive({
      conversations: [conversation(), conversation({ id: 'c2', title: 'Other' })],
      memories: [
        // Latest said where learning is on: came in whole, the off conversation's words with it.
        learned('m1', 'Prefers pnpm.', [said('c1', 'Wombat: pnpm please'), said('c2', 'Prefers pnpm.')]),
        // Latest said where learning is off: was left out although c2 also taught it.
        learned('m2', 'Uses Vim.', [said('c2', 'Uses Vim.'), said('c1', 'Wombat: vim forever')]),
      ],
    });
    const all = (await db.memories.orderBy('id').toArray()) as Memory[];
    expect(JSON.stringify(all)).not.toContain('Wombat');
    expect(all.map((m) => [m.id, m.text, m.conversationId, m.sources?.length])).toEqual([
      ['m1', 'Prefers pnpm.', 'c2', 1],
      ['m2', 'Uses Vim.', 'c2', 1],
    ]);
  });
});

describe('the device’s privacy state', () => {
  const otherDevice = {
    settings: [
      { key: 'privacyTier', value: 3 },
      { key: 'hubUrl', value: 'https://hub.elsewhere.example' },
      { key: 'privacyTierOffered', value: true },
      { key: 'theme', value: 'dark' },
    ],
    meta: [
      { key: 'community.installKey', value: `ck_${'b'.repeat(43)}` },
      { key: 'community.pack', value: { checkedAt: 1 } },
    ],
    contributions: [
      { id: 'queued-there', status: 'queued', createdAt: 1, payload: {} },
      { id: 'sent-there', status: 'sent', createdAt: 1, payload: {}, covers: { from: 1_000, to: 5_000 } },
    ],
  };

  for (const mode of ['merge', 'replace'] as const) {
    it(`is never taken from an archive, and stays this device’s own (${mode})`, async () => {
      await db.settings.put({ key: 'privacyTierOffered', value: true });
      await db.meta.put({ key: 'community.installKey', value: `ck_${'a'.repeat(43)}` });
      await db.contributions.put({ id: 'waiting-here', status: 'previewed', createdAt: 2, payload: {} });
      await mergeArchive(otherDevice, mode);
      const settings = Object.fromEntries((await db.settings.toArray()).map((r) => [r.key, r.value]));
      // A backup made at tier 3 does not turn sharing on here, nor point it at another hub.
      expect(settings).toEqual({ privacyTierOffered: true, theme: 'dark' });
      expect(await db.meta.get('community.installKey')).toEqual({
        key: 'community.installKey',
        value: `ck_${'a'.repeat(43)}`,
      });
      expect(await db.meta.get('community.pack')).toBeUndefined();
      // Another device's batches are not sent from here, nor do they move where this device's next batch starts.
      expect((await db.contributions.toArray()).map((c) => c.id)).toEqual(['waiting-here']);
      // But where its batches ended comes along: what that device sent is not sent again from here.
      expect((await db.meta.get('community.coveredThrough'))?.value).toBe(5_000);
    });
  }
});

describe('merging into saved search indexes', () => {
  it('drops the saved past-questions copy and a merged project’s chunk copy, and moves the project’s files revision on', async () => {
    await db.conversations.add(conversation());
    await db.projects.add({
      id: 'p1',
      name: 'shop',
      createdAt: 1,
      updatedAt: 1,
      filesRevision: 4,
    });
    await db.indexes.bulkPut([
      { key: PAST_QUESTIONS_INDEX, format: 1, covers: 1, data: '{}', savedAt: 1 },
      { key: projectChunksIndex('p1'), format: 1, covers: 4, data: '{}', savedAt: 1 },
      { key: projectChunksIndex('p2'), format: 1, covers: 1, data: '{}', savedAt: 1 },
    ]);
    await mergeArchive({
      messages: [
        {
          id: 'q-old',
          conversationId: 'c1',
          parentId: null,
          role: 'user',
          content: 'How do I configure zebrafish tanks?',
          status: 'complete',
          createdAt: 500,
          updatedAt: 500,
        },
      ],
      projectFiles: [
        {
          id: 'p1:src/a.ts',
          projectId: 'p1',
          path: 'src/a.ts',
          content: 'export const a = 1;\n',
          size: 20,
          updatedAt: 9,
        },
      ],
    });
    expect(await db.indexes.get(PAST_QUESTIONS_INDEX)).toBeUndefined();
    expect(await db.indexes.get(projectChunksIndex('p1'))).toBeUndefined();
    expect(await db.indexes.get(projectChunksIndex('p2'))).toBeDefined();
    expect((await db.projects.get('p1'))?.filesRevision).toBe(5);
  });
});
