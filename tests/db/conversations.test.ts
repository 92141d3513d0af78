import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import {
  createConversation,
  deleteConversation,
  listConversations,
  pinConversation,
  renameConversation,
  restoreConversation,
  setAutomaticTitle,
  sidebarConversations,
  UNTITLED,
  updateConversationOptions,
} from '@/lib/db/conversations';
import { addUserMessage } from '@/lib/db/messages';
import { freshDatabase } from '../support/db';
import { conversation } from '../support/records';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('createConversation', () => {
  it('stores an empty, untitled conversation waiting for its automatic title', async () => {
    const c = await createConversation(db, { model: 'qwen2.5-coder:7b' }, 5_000);
    expect(await db.conversations.get(c.id)).toEqual({
      id: c.id,
      title: UNTITLED,
      titleSource: 'pending',
      model: 'qwen2.5-coder:7b',
      systemPrompt: undefined,
      projectId: undefined,
      pinned: 0,
      createdAt: 5_000,
      updatedAt: 5_000,
      messageCount: 0,
    });
  });

  it('a conversation created with a title counts as named by the user', async () => {
    const c = await createConversation(db, { title: 'Release checklist' });
    expect((await db.conversations.get(c.id))!.titleSource).toBe('user');
  });
});

describe('titles', () => {
  it('rename stores a cleaned title as the user’s, and ignores an empty one', async () => {
    const c = await createConversation(db);
    await renameConversation(db, c.id, '  My   favourite\n chat  ');
    expect(await db.conversations.get(c.id)).toMatchObject({ title: 'My favourite chat', titleSource: 'user' });
    await renameConversation(db, c.id, '   ');
    expect((await db.conversations.get(c.id))!.title).toBe('My favourite chat');
  });

  it('an automatic title replaces a pending or fallback title', async () => {
    const c = await createConversation(db);
    expect(await setAutomaticTitle(db, c.id, 'From the question', 'fallback')).toBe(true);
    expect(await db.conversations.get(c.id)).toMatchObject({ title: 'From the question', titleSource: 'fallback' });
    // A later question's fallback (from a copy of the chat read before it had a name) keeps the first one.
    expect(await setAutomaticTitle(db, c.id, 'From a later question', 'fallback')).toBe(false);
    expect(await db.conversations.get(c.id)).toMatchObject({ title: 'From the question' });
    expect(await setAutomaticTitle(db, c.id, 'From the model', 'auto')).toBe(true);
    expect(await db.conversations.get(c.id)).toMatchObject({ title: 'From the model', titleSource: 'auto' });
  });

  it('never overwrites a title the user typed, even when the model answers later', async () => {
    const c = await createConversation(db);
    await renameConversation(db, c.id, 'Mine');
    expect(await setAutomaticTitle(db, c.id, 'Model title', 'auto')).toBe(false);
    expect(await setAutomaticTitle(db, c.id, 'Fallback title', 'fallback')).toBe(false);
    expect(await db.conversations.get(c.id)).toMatchObject({ title: 'Mine', titleSource: 'user' });
  });

  it('a late fallback does not replace the model’s title', async () => {
    const c = await createConversation(db);
    await setAutomaticTitle(db, c.id, 'Model title', 'auto');
    expect(await setAutomaticTitle(db, c.id, 'Fallback', 'fallback')).toBe(false);
    expect((await db.conversations.get(c.id))!.title).toBe('Model title');
  });

  it('reports false for a conversation that does not exist', async () => {
    expect(await setAutomaticTitle(db, 'missing', 'x', 'auto')).toBe(false);
  });
});

describe('listConversations', () => {
  it('lists pinned conversations first, then the most recently active', async () => {
    const old = await createConversation(db, { title: 'old' }, 1_000);
    const mid = await createConversation(db, { title: 'mid' }, 2_000);
    const recent = await createConversation(db, { title: 'recent' }, 3_000);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['recent', 'mid', 'old']);

    await pinConversation(db, old.id, true);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['old', 'recent', 'mid']);

    // New activity in "mid" moves it above "recent", but not above the pinned one.
    await addUserMessage(db, mid.id, null, 'hello', 4_000);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['old', 'mid', 'recent']);

    await pinConversation(db, old.id, false);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['mid', 'recent', 'old']);
    expect((await db.conversations.get(recent.id))!.pinned).toBe(0);
  });

  it('leaves deleted conversations out until they are restored', async () => {
    const a = await createConversation(db, { title: 'a' }, 1_000);
    await createConversation(db, { title: 'b' }, 2_000);
    await deleteConversation(db, a.id, 9_000);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['b']);
    expect((await db.conversations.get(a.id))!.deletedAt).toBe(9_000);

    await restoreConversation(db, a.id);
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['b', 'a']);
    expect((await db.conversations.get(a.id))!.deletedAt).toBeUndefined();
  });
});

describe('sidebarConversations', () => {
  /** What the sidebar showed before it read a page: the whole list, cut after `shown`, the open one added. */
  async function fromWholeList(shown: number, activeId?: string) {
    const list = await listConversations(db);
    const visible = list.slice(0, shown);
    const active = list.findIndex((c) => c.id === activeId);
    if (active >= shown) visible.push(list[active]);
    return { visible, hidden: list.length - visible.length };
  }

  it('is the head of the whole list: pinned first, equal times, the bin left out, the open one kept', async () => {
    // Few distinct times, so many conversations share one; a fixed sequence instead of Math.random for a stable test.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const rows = Array.from({ length: 60 }, (_, i) =>
      conversation({
        id: `c${String(next(1000)).padStart(3, '0')}-${i}`,
        updatedAt: 1_000 * next(8),
        pinned: next(6) === 0 ? 1 : 0,
        deletedAt: next(5) === 0 ? 50_000 : undefined,
      }),
    );
    await db.conversations.bulkAdd(rows);
    const ids = rows.map((c) => c.id);
    for (const shown of [1, 3, 10, 25, 100]) {
      for (const activeId of [undefined, ...ids.slice(0, 12), 'gone']) {
        expect(await sidebarConversations(db, shown, activeId), `shown ${shown}, open ${activeId}`).toEqual(
          await fromWholeList(shown, activeId),
        );
      }
    }
    expect((await sidebarConversations(db, 100)).hidden).toBe(0);
  });

  it('follows new activity, pins, deletion and restore', async () => {
    const old = await createConversation(db, { title: 'old' }, 1_000);
    const mid = await createConversation(db, { title: 'mid' }, 2_000);
    await createConversation(db, { title: 'recent' }, 3_000);
    const titles = async (shown: number, activeId?: string) => {
      const page = await sidebarConversations(db, shown, activeId);
      return [page.visible.map((c) => c.title), page.hidden];
    };
    expect(await titles(2)).toEqual([['recent', 'mid'], 1]);
    expect(await titles(2, old.id)).toEqual([['recent', 'mid', 'old'], 0]);
    await pinConversation(db, old.id, true);
    expect(await titles(2)).toEqual([['old', 'recent'], 1]);
    await addUserMessage(db, mid.id, null, 'hello', 4_000);
    expect(await titles(2)).toEqual([['old', 'mid'], 1]);
    await deleteConversation(db, mid.id, 9_000);
    expect(await titles(2)).toEqual([['old', 'recent'], 0]);
    expect(await titles(2, mid.id)).toEqual([['old', 'recent'], 0]);
    await restoreConversation(db, mid.id);
    expect(await titles(3)).toEqual([['old', 'mid', 'recent'], 0]);
  });

  it('reads the rows it shows, not the whole table', async () => {
    await db.conversations.bulkAdd(
      Array.from({ length: 500 }, (_, i) => conversation({ id: `c${i}`, updatedAt: i, pinned: i % 100 === 0 ? 1 : 0 })),
    );
    let read = 0;
    db.conversations.hook('reading', (row) => {
      read++;
      return row;
    });
    const page = await sidebarConversations(db, 20, 'c250');
    expect(page.visible.map((c) => c.id).slice(0, 7)).toEqual(['c400', 'c300', 'c200', 'c100', 'c0', 'c499', 'c498']);
    expect(page.visible.at(-1)!.id).toBe('c250');
    expect(page.hidden).toBe(479);
    // The five pinned, 20 of the newest others (the page takes 15 of them), the open one.
    expect(read).toBe(26);
    read = 0;
    await listConversations(db);
    expect(read).toBe(500);
  });
});

describe('updateConversationOptions', () => {
  it('sets and clears the conversation’s own model and system prompt', async () => {
    const c = await createConversation(db);
    await updateConversationOptions(db, c.id, { model: 'llama3.2:3b', systemPrompt: 'Answer in Go.' });
    expect(await db.conversations.get(c.id)).toMatchObject({ model: 'llama3.2:3b', systemPrompt: 'Answer in Go.' });
    await updateConversationOptions(db, c.id, { systemPrompt: '   ' });
    const cleared = (await db.conversations.get(c.id))!;
    expect(cleared.model).toBe('llama3.2:3b');
    expect(cleared.systemPrompt).toBeUndefined();
    await updateConversationOptions(db, c.id, { model: '' });
    expect((await db.conversations.get(c.id))!.model).toBeUndefined();
  });
});
