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
  UNTITLED,
  updateConversationOptions,
} from '@/lib/db/conversations';
import { addUserMessage } from '@/lib/db/messages';
import { freshDatabase } from '../support/db';

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
