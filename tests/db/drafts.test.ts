import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { loadDraft, NEW_CHAT_DRAFT, saveDraft } from '@/lib/db/drafts';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('drafts', () => {
  it('keeps the unsent text per conversation, and for the new chat', async () => {
    await saveDraft(db, NEW_CHAT_DRAFT, 'half a question', 1_000);
    await saveDraft(db, 'conv-1', 'another', 2_000);
    expect(await loadDraft(db, NEW_CHAT_DRAFT)).toBe('half a question');
    expect(await loadDraft(db, 'conv-1')).toBe('another');
    expect(await db.drafts.get('conv-1')).toEqual({ key: 'conv-1', text: 'another', updatedAt: 2_000 });
  });

  it('replaces the draft when it is saved again, whitespace included', async () => {
    await saveDraft(db, 'k', 'one');
    await saveDraft(db, 'k', '  two\n');
    expect(await loadDraft(db, 'k')).toBe('  two\n');
    expect(await db.drafts.count()).toBe(1);
  });

  it('removes the row when the text becomes empty', async () => {
    await saveDraft(db, 'k', 'text');
    await saveDraft(db, 'k', '');
    expect(await db.drafts.get('k')).toBeUndefined();
    expect(await loadDraft(db, 'k')).toBe('');
  });

  it('gives an empty string when there is no draft', async () => {
    expect(await loadDraft(db, 'never-written')).toBe('');
  });
});
