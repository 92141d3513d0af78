import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { CodelumiDB } from '@/lib/db/db';
import { NEW_CHAT_DRAFT, loadDraft, saveDraft } from '@/lib/db/drafts';
import { putSharedItem, readSharedItem } from '@/lib/pwa/share-inbox';
import { importSharedItem, shareNoticeText } from '@/lib/pwa/share-import';
import type { SharedItem } from '@/lib/pwa/share-payload';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
let inbox: IDBFactory;
beforeEach(() => {
  db = freshDatabase();
  inbox = new IDBFactory();
});
afterEach(() => db.close());

const shared: SharedItem = {
  title: '',
  text: 'Why does this fail?',
  url: '',
  files: [
    { name: 'main.go', type: 'text/x-go', bytes: 13, content: 'package main\n' },
    { name: 'shot.png', type: 'image/png', bytes: 10, skipped: 'binary' },
  ],
  receivedAt: 5,
};

describe('importing a share into the new chat', () => {
  it('puts the shared text and files into the new chat draft and empties the inbox', async () => {
    const id = await putSharedItem(inbox, shared);
    const notice = await importSharedItem(db, inbox, { kind: 'item', id });
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe('Why does this fail?\n\n`main.go`:\n\n```go\npackage main\n```');
    expect(notice).toEqual({
      kind: 'shared',
      what: 'main.go',
      leftOut: ['shot.png was left out: only text files can go into a chat.'],
    });
    expect(await readSharedItem(inbox, id)).toBeUndefined();
    expect(shareNoticeText(notice!).title).toBe('Shared from another app: main.go');
  });

  it('keeps a draft the user had typed, above the shared text', async () => {
    await saveDraft(db, NEW_CHAT_DRAFT, 'half a question');
    const id = await putSharedItem(inbox, { ...shared, files: [] });
    await importSharedItem(db, inbox, { kind: 'item', id });
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe('half a question\n\nWhy does this fail?');
  });

  it('does nothing the second time (a reload of the shared address)', async () => {
    const id = await putSharedItem(inbox, shared);
    await importSharedItem(db, inbox, { kind: 'item', id });
    await saveDraft(db, NEW_CHAT_DRAFT, 'edited after the share');
    expect(await importSharedItem(db, inbox, { kind: 'item', id })).toBeUndefined();
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe('edited after the share');
  });

  it('says storage is full when the draft cannot be stored, and leaves the earlier draft intact', async () => {
    await saveDraft(db, NEW_CHAT_DRAFT, 'kept draft');
    const id = await putSharedItem(inbox, shared);
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    db.drafts.hook('updating', refuse);
    const notice = await importSharedItem(db, inbox, { kind: 'item', id });
    db.drafts.hook('updating').unsubscribe(refuse);
    expect(notice).toEqual({ kind: 'failed', reason: 'quota' });
    expect(shareNoticeText(notice!).body).toMatch(/Storage is full.*Nothing saved before was lost/);
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe('kept draft');
  });

  it('explains a share the service worker could not keep', async () => {
    const notice = await importSharedItem(db, inbox, { kind: 'failure', reason: 'empty' });
    expect(shareNoticeText(notice!)).toMatchObject({ title: 'Nothing was shared', tone: 'error' });
  });
});
