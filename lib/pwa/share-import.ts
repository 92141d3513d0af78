/**
 * The app's side of a share: takes the item the service worker left in the
 * share inbox, puts it into the new chat's draft (after anything already
 * typed there), and says what happened in words for the chat's notice.
 */
import type { CodelumiDB } from '../db/db';
import { NEW_CHAT_DRAFT, loadDraft, saveDraft } from '../db/drafts';
import { isCodelumiError } from '../core/errors';
import { deleteSharedItem, readSharedItem } from './share-inbox';
import { MAX_SHARE_BODY_BYTES, composeSharedDraft, describeShare, mergeDraft } from './share-payload';
import type { ShareFailure, ShareLink } from './share-link';

export type ShareNotice =
  { kind: 'shared'; what: string; leftOut: string[] } | { kind: 'failed'; reason: ShareFailure };

/**
 * Moves the shared item into the new chat's draft. Resolves undefined when
 * there is nothing to take (already taken, e.g. after a reload). The item
 * leaves the inbox only once the draft is stored. Never throws.
 */
export async function importSharedItem(
  db: CodelumiDB,
  inbox: IDBFactory,
  link: ShareLink,
): Promise<ShareNotice | undefined> {
  if (link.kind === 'failure') return { kind: 'failed', reason: link.reason };
  try {
    const item = await readSharedItem(inbox, link.id);
    if (!item) return undefined;
    const existing = await loadDraft(db, NEW_CHAT_DRAFT);
    await saveDraft(db, NEW_CHAT_DRAFT, mergeDraft(existing, composeSharedDraft(item)));
    await deleteSharedItem(inbox, link.id);
    return { kind: 'shared', ...describeShare(item) };
  } catch (err) {
    if (isCodelumiError(err) && err.code === 'quota:db') {
      // Nothing can be kept now; do not hold the space the item takes either.
      await deleteSharedItem(inbox, link.id).catch(() => undefined);
      return { kind: 'failed', reason: 'quota' };
    }
    return { kind: 'failed', reason: 'failed' };
  }
}

/** The notice's words. */
export function shareNoticeText(notice: ShareNotice): { title: string; body: string; tone: 'info' | 'error' } {
  if (notice.kind === 'shared') {
    return {
      title: `Shared from another app: ${notice.what}`,
      body: ['It is in the message box of this new chat. Add your question and send.', ...notice.leftOut].join(' '),
      tone: 'info',
    };
  }
  const bodies: Record<ShareFailure, string> = {
    empty: 'The share held nothing Codelumi can use. Share text, a link or a text file (code, logs, notes).',
    quota:
      'Storage is full, so the shared item could not be kept. Nothing saved before was lost. Free space by deleting old conversations, then share again.',
    failed: 'The shared item could not be read. Try sharing it again.',
    unavailable: 'Codelumi was not ready for shares yet (it was still setting up offline use). Share it again.',
    refused:
      'Another website tried to put text into a new chat here. Codelumi takes shares only from your device’s share menu, so nothing was added.',
    'too-large': `The share was larger than Codelumi takes (${MAX_SHARE_BODY_BYTES / (1024 * 1024)} MB in all), so nothing was kept. Share the text or smaller files.`,
  };
  return { title: 'Nothing was shared', body: bodies[notice.reason], tone: 'error' };
}
