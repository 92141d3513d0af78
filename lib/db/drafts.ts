/** Unsent drafts, kept per conversation so a reload or failed send loses nothing. */
import type { CodelumiDB } from './db';
import { guardWrite } from './guard';

/** The draft key of a chat that has not started yet. */
export const NEW_CHAT_DRAFT = 'new';

/** Stores the draft text; an empty text removes it. */
export async function saveDraft(db: CodelumiDB, key: string, text: string, at = Date.now()): Promise<void> {
  await guardWrite(async () => {
    if (text.length === 0) await db.drafts.delete(key);
    else await db.drafts.put({ key, text, updatedAt: at });
  });
}

/** The stored draft for `key`, or ''. */
export async function loadDraft(db: CodelumiDB, key: string): Promise<string> {
  return (await db.drafts.get(key))?.text ?? '';
}
