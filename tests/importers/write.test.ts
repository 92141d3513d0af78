/**
 * Writing an import into a real database: ordinary conversations with their
 * tree, times, title and source; the same file twice adds nothing; a later
 * export adds only what is new; a refused file changes nothing; and the
 * history is learned from only when asked, through the engine's own events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { parseExport } from '@/lib/importers/parse';
import { writeImport } from '@/lib/importers/write';
import { createImporter } from '@/lib/importers/importer';
import { learnedFromImport } from '@/lib/importers/learned';
import { describeImport } from '@/lib/importers/summary';
import { buildThread } from '@/lib/db/thread';
import { createLearningEngine } from '@/lib/learning/engine/engine';
import { ConversationSearch } from '@/lib/search/conversation-search';
import { createConversation, renameConversation } from '@/lib/db/conversations';
import { PastConversations } from '@/lib/retrieval/past';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { addUserMessage } from '@/lib/db/messages';
import { PAST_QUESTIONS_INDEX } from '@/lib/db/indexes';
import { freshDatabase } from '../support/db';
import { dumpDatabase as dumpAll } from '../support/dump';
import { fixture } from './fixtures';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

/** No embedding model installed: the past-questions index ranks by words alone. */
const noEmbeddings = { model: async () => undefined, embed: async () => [] };

const importText = async (text: string, learn = false) => writeImport(db, await parseExport(text), { learn });

describe('an imported export', () => {
  it('becomes ordinary conversations: title, times, source, the shown branch on screen, messages as a tree', async () => {
    const result = await importText(fixture('open-webui-chat-export.json'));
    expect(result).toMatchObject({ app: 'open-webui', conversations: 2, messages: 7, unchanged: 0 });
    const conv = (await db.conversations.toArray()).find((c) => c.title === 'Postgres backup with pg_dump')!;
    expect(conv).toMatchObject({
      createdAt: 1719800000000,
      updatedAt: 1719800210000,
      titleSource: 'auto',
      messageCount: 5,
      importedFrom: { app: 'open-webui', id: '9f1c2d3e-aaaa-4bbb-8ccc-1234567890ab' },
    });
    expect(conv.id).toMatch(/^open-webui-[0-9a-z]{22}$/);
    const messages = await db.messages.where('conversationId').equals(conv.id).toArray();
    const thread = buildThread(messages, conv.leafId);
    expect(thread.map((e) => e.message.content.slice(0, 12))).toEqual([
      'How do I bac',
      'Use the cust',
      'perfect, tha',
      'Add `--no-ow',
    ]);
    // The other answer to the first question is a branch beside the shown one.
    expect(thread[1].siblingIds).toHaveLength(2);
    expect(messages.every((m) => m.status === 'complete')).toBe(true);
    expect(result.conversationIds[0]).toBe((await db.conversations.orderBy('updatedAt').last())!.id);
  });

  it('adds nothing when the same file is imported again', async () => {
    await importText(fixture('chatgpt-conversations.json'));
    const before = await dumpAll(db);
    const again = await importText(fixture('chatgpt-conversations.json'));
    expect(again).toMatchObject({ conversations: 0, messages: 0, unchanged: 2 });
    expect(await dumpAll(db)).toEqual(before);
    expect(describeImport(again)).toBe(
      'Imported 0 conversations (0 messages) from ChatGPT; 2 conversations were already here; 1 skipped: no text messages (1). Left out: images (1), tool calls (1), tool results (1).',
    );
  });

  /** The ChatGPT fixture as an export made before its last question and answer (and before its last change). */
  function earlierExport() {
    const later = JSON.parse(fixture('chatgpt-conversations.json'));
    const earlier = structuredClone(later);
    const c = earlier[0];
    delete c.mapping['aaa3c1d2-5e6f-4a7b-8c9d-000000000005'];
    delete c.mapping['f1a2b3c4-0000-4000-8000-000000000006'];
    c.mapping['f1a2b3c4-0000-4000-8000-000000000004'].children = [];
    c.current_node = 'f1a2b3c4-0000-4000-8000-000000000004';
    c.update_time = 1714557700;
    c.title = 'Debounce in React';
    return { earlier, later };
  }
  const debounceId = async () => (await db.conversations.toArray()).find((x) => x.title.includes('ebounce'))!.id;
  const shownThread = async (id: string) => {
    const conv = (await db.conversations.get(id))!;
    return buildThread(await db.messages.where('conversationId').equals(id).toArray(), conv.leafId).map(
      (e) => e.message.content,
    );
  };

  it('adds only the new messages of a conversation exported again later, shows them, and keeps the user’s rename', async () => {
    const { earlier, later } = earlierExport();
    await importText(JSON.stringify(earlier));
    const id = await debounceId();
    await renameConversation(db, id, 'My debounce notes');

    const result = await importText(JSON.stringify(later));
    expect(result).toMatchObject({ conversations: 0, messages: 2, extended: 1, unchanged: 1 });
    const conv = (await db.conversations.get(id))!;
    expect(conv.title).toBe('My debounce notes');
    expect(conv.messageCount).toBe(4);
    // The source went on: its newest question and answer are what the conversation shows, and its time sorts it.
    expect(conv.updatedAt).toBe(1714558000623);
    expect((await shownThread(id)).slice(-2)).toEqual([
      expect.stringContaining('thanks, that worked perfectly!'),
      expect.stringContaining('Without it a slow response'),
    ]);
  });

  it('takes the source’s new title when the user did not rename it', async () => {
    const { earlier, later } = earlierExport();
    await importText(JSON.stringify(earlier));
    const id = await debounceId();
    expect((await db.conversations.get(id))!.title).toBe('Debounce in React');
    await importText(JSON.stringify(later));
    expect((await db.conversations.get(id))!.title).toBe('Debounce a search input in React');
  });

  it('keeps the user’s own branch on screen when they carried the conversation on here after the source', async () => {
    const { earlier, later } = earlierExport();
    await importText(JSON.stringify(earlier));
    const id = await debounceId();
    const conv = (await db.conversations.get(id))!;
    // Asked here after the source's last change (a time later than the later export's).
    const mine = await addUserMessage(db, id, conv.leafId!, 'and with a 300 ms delay?', 1714560000000);
    await importText(JSON.stringify(later));
    const after = (await db.conversations.get(id))!;
    expect(after).toMatchObject({
      leafId: mine.id,
      updatedAt: 1714560000000,
      title: 'Debounce in React',
      // Two imported before, the user's question, the source's two new ones (a branch beside the user's).
      messageCount: 5,
    });
  });

  it('has the new messages found by the conversation search and the past-questions index built before', async () => {
    const { earlier, later } = earlierExport();
    await importText(JSON.stringify(earlier));
    const search = new ConversationSearch(db);
    const past = new PastConversations(db, new EmbeddingStore(db, noEmbeddings));
    expect(await search.search('perfectly')).toEqual([]);
    expect(await past.candidates('why the AbortController', {})).toEqual([]);
    const result = await importText(JSON.stringify(later));
    // What the analysis worker does after an import.
    search.reread(result.conversationIds);
    past.reread(result.conversationIds);
    expect((await search.search('perfectly')).map((h) => h.role)).toEqual(['user']);
    expect((await past.candidates('why the AbortController', {})).map((c) => c.question)).toEqual([
      expect.stringContaining('Why the AbortController'),
    ]);
  });

  it('drops the saved past-questions index when it adds old questions to a conversation the index already read', async () => {
    const { earlier, later } = earlierExport();
    await importText(JSON.stringify(earlier));
    const saved = new PastConversations(db, new EmbeddingStore(db, noEmbeddings), { persist: true, saveQuietMs: 0 });
    await saved.refresh();
    expect(await saved.index.save()).toBe(true);
    expect(await db.indexes.get(PAST_QUESTIONS_INDEX)).toBeDefined();
    // A new file of other conversations keeps it; questions with old times in a known one do not.
    await importText(fixture('lobechat-export.json'));
    expect(await db.indexes.get(PAST_QUESTIONS_INDEX)).toBeDefined();
    await importText(JSON.stringify(later));
    expect(await db.indexes.get(PAST_QUESTIONS_INDEX)).toBeUndefined();
    // The tab closed before the worker read the conversation again: the next start still finds the new question.
    const restarted = new PastConversations(db, new EmbeddingStore(db, noEmbeddings), {
      persist: true,
      saveQuietMs: 0,
    });
    expect((await restarted.candidates('why the AbortController', {})).map((c) => c.question)).toEqual([
      expect.stringContaining('Why the AbortController'),
    ]);
    await saved.index.settled();
    await restarted.index.settled();
  });

  it.each([
    ['a damaged file', '[{"mapping": {}, "title": "a"}, {"mapping": {,}}]'],
    ['a foreign JSON file', '{"dependencies": {"react": "19"}}'],
    ['a cut-short export', fixture('lobechat-export.json').slice(0, 3000)],
  ])('changes nothing for %s', async (_what, text) => {
    await importText(fixture('lobechat-export.json'));
    const before = await dumpAll(db);
    await expect(importText(text)).rejects.toMatchObject({ code: 'invalid:import' });
    expect(await dumpAll(db)).toEqual(before);
  });

  it('writes nothing when the transaction fails half-way (one transaction per import)', async () => {
    const parsed = await parseExport(fixture('chatgpt-conversations.json'));
    const before = await dumpAll(db);
    await expect(
      writeImport(db, parsed, {
        learn: true,
        onProgress: () => {
          throw new Error('storage gave out');
        },
      }),
    ).rejects.toThrow('storage gave out');
    expect(await dumpAll(db)).toEqual(before);
  });

  it('is found by the conversation search even when the index was built before and the history is old', async () => {
    const own = await createConversation(db, { title: 'Today' });
    await addUserMessage(db, own.id, null, 'something from today');
    const search = new ConversationSearch(db);
    expect(await search.search('pg_restore')).toEqual([]);
    await importText(fixture('open-webui-chat-export.json'));
    const hits = await search.search('pg_restore');
    expect(hits.map((h) => h.conversationTitle)).toContain('Postgres backup with pg_dump');
  });
});

describe('learning from imported history', () => {
  it('with learning on, the thanks and the pasted error in the history become signals through the engine', async () => {
    const result = await importText(fixture('chatgpt-conversations.json'), true);
    expect(result.events).toMatchObject({ count: 4 });
    const report = await createLearningEngine(db).processPending();
    expect(report.events).toBe(4);
    const signals = await db.signals.toArray();
    expect(signals.map((s) => [s.kind, s.evidence]).sort()).toEqual([
      ['code_error', "KeyError: 'amount'"],
      ['thanks', 'thanks, that worked perfectly!'],
    ]);
    // Each signal sits on the imported answer it reacts to, dated when the user reacted.
    const thanks = signals.find((s) => s.kind === 'thanks')!;
    expect((await db.messages.get(thanks.messageId))!.content).toMatch(/^Debounce the \*value\*/);
    expect(thanks.createdAt).toBe(Math.round((1714557600.123 + 300) * 1000));
    // The outcomes count in the patterns of (question kind -> answer style), as any answer's do.
    expect(await db.answers.count()).toBe(2);
    expect(await db.patterns.count()).toBeGreaterThan(0);
    // What the history taught, whichever pass read its events.
    expect(await learnedFromImport(db, result.events!)).toEqual({ signals: 2, memories: 0 });
  });

  it('with learning on, "that\'s wrong" becomes a negative signal and what the user stated becomes a memory', async () => {
    await importText(fixture('lobechat-export.json'), true);
    await importText(fixture('open-webui-chat-export.json'), true);
    const report = await createLearningEngine(db).processPending();
    expect(report.memories).toBeGreaterThan(0);
    const signals = await db.signals.toArray();
    expect(signals.find((s) => s.kind === 'said_wrong')?.evidence).toMatch(/that's wrong/);
    expect(signals.filter((s) => s.kind === 'thanks')).toHaveLength(1);
    const memories = await db.memories.toArray();
    expect(memories.map((m) => m.text).join('\n')).toMatch(/Postgres 16 on RDS/);
  });

  it('with learning off, nothing is learned: no events, and a learning pass finds nothing', async () => {
    await importText(fixture('chatgpt-conversations.json'), false);
    await importText(fixture('open-webui-chat-export.json'), false);
    await importText(fixture('lobechat-export.json'), false);
    expect(await db.events.count()).toBe(0);
    const engine = createLearningEngine(db);
    await engine.processPending();
    await engine.checkDwell();
    expect(await db.signals.count()).toBe(0);
    expect(await db.memories.count()).toBe(0);
    expect(await db.answers.count()).toBe(0);
  });
});

describe('the importer (preview, then write what was shown)', () => {
  it('shows the format and counts before writing anything, then writes that file', async () => {
    const importer = createImporter(db);
    const preview = await importer.preview(new Blob([fixture('lobechat-export.json')]));
    expect(preview).toMatchObject({
      app: 'lobechat',
      appName: 'LobeChat',
      conversations: 3,
      messages: 8,
      alreadyImported: 0,
    });
    expect(await db.conversations.count()).toBe(0);
    const result = await importer.run(preview.token, { learn: false });
    expect(result.conversations).toBe(3);
    expect((await importer.preview(new Blob([fixture('lobechat-export.json')]))).alreadyImported).toBe(3);
  });

  it('refuses a token that is not the file waiting', async () => {
    const importer = createImporter(db);
    await expect(importer.run('nope', { learn: false })).rejects.toMatchObject({ code: 'invalid:import' });
  });
});
