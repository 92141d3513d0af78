import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { createConversation } from '@/lib/db/conversations';
import { addUserMessage, saveAnswerProgress, startAnswer } from '@/lib/db/messages';
import { saveDraft, loadDraft } from '@/lib/db/drafts';
import { guardWrite, toStorageError } from '@/lib/db/guard';
import { CodelumiError } from '@/lib/core/errors';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('storage full (QuotaExceededError)', () => {
  it('becomes quota:db when adding a message, and the rows stored before stay intact', async () => {
    const c = await createConversation(db, {}, 1_000);
    const q = await addUserMessage(db, c.id, null, 'first question', 2_000);
    const before = await db.conversations.get(c.id);

    const refuse = () => {
      throw quota();
    };
    db.messages.hook('creating', refuse);
    const err = await rejection(startAnswer(db, c.id, q.id, 'm', 3_000));
    db.messages.hook('creating').unsubscribe(refuse);

    expect(err).toBeInstanceOf(CodelumiError);
    expect((err as CodelumiError).code).toBe('quota:db');
    // The whole transaction rolled back: no half-written answer, leaf and count unchanged.
    expect(await db.messages.toArray()).toEqual([q]);
    expect(await db.conversations.get(c.id)).toEqual(before);
  });

  it('becomes quota:db when saving a streaming answer, keeping the last saved text', async () => {
    const c = await createConversation(db);
    const q = await addUserMessage(db, c.id, null, 'q');
    const a = await startAnswer(db, c.id, q.id, 'm');
    await saveAnswerProgress(db, a.id, { content: 'saved before the disk filled' });

    const refuse = () => {
      throw quota();
    };
    db.messages.hook('updating', refuse);
    const err = await rejection(saveAnswerProgress(db, a.id, { content: 'saved before the disk filled, and more' }));
    db.messages.hook('updating').unsubscribe(refuse);

    expect((err as CodelumiError).code).toBe('quota:db');
    expect((await db.messages.get(a.id))!.content).toBe('saved before the disk filled');
  });

  it('becomes quota:db when a table refuses a draft, and the earlier draft stays', async () => {
    await saveDraft(db, 'k', 'earlier draft');
    const original = db.drafts.put.bind(db.drafts);
    db.drafts.put = (() => Promise.reject(quota())) as unknown as typeof db.drafts.put;
    const err = await rejection(saveDraft(db, 'k', 'newer text'));
    db.drafts.put = original;
    expect(err).toMatchObject({ name: 'CodelumiError', code: 'quota:db' });
    expect(await loadDraft(db, 'k')).toBe('earlier draft');
  });
});

describe('toStorageError', () => {
  it('finds a quota error wrapped inside other errors', () => {
    const wrapped = { name: 'AbortError', inner: { name: 'Error', cause: quota() } };
    expect((toStorageError(wrapped) as CodelumiError).code).toBe('quota:db');
  });

  it('maps a database that cannot open to unavailable:db', () => {
    for (const name of ['OpenFailedError', 'MissingAPIError', 'DatabaseClosedError', 'InvalidStateError']) {
      const mapped = toStorageError(Object.assign(new Error('nope'), { name })) as CodelumiError;
      expect(mapped.code).toBe('unavailable:db');
      expect(mapped.details.cause).toBe('nope');
    }
  });

  it('passes other errors (and CodelumiErrors) through unchanged', async () => {
    const plain = new TypeError('bug');
    expect(toStorageError(plain)).toBe(plain);
    const typed = new CodelumiError('unknown', 'x');
    expect(toStorageError(typed)).toBe(typed);
    await expect(guardWrite(() => Promise.reject(plain))).rejects.toBe(plain);
    await expect(guardWrite(() => Promise.resolve(42))).resolves.toBe(42);
  });

  it('reports a closed database as unavailable:db through guardWrite', async () => {
    db.close();
    const err = await rejection(saveDraft(db, 'k', 'x'));
    expect((err as CodelumiError).code).toBe('unavailable:db');
  });
});
