/**
 * The saved past-questions index keeps no words the database no longer holds
 * and loses no question across a restart: a save never serialises while a
 * forgetting vacuums or a pass reads, saves do not pile up, and a loaded copy
 * is checked against the database (conversations and questions gone or added
 * behind its back, a clock that ran ahead).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import type { Message } from '@/lib/core/records';
import { PAST_QUESTIONS_INDEX } from '@/lib/db/indexes';
import { createConversation, deleteConversation } from '@/lib/db/conversations';
import { forgetConversations } from '@/lib/learning/forget';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { PastConversations } from '@/lib/retrieval/past';
import type { EmbeddingProvider } from '@/lib/ollama/embeddings';
import { createQuestionLane, type QuestionLane } from '@/lib/core/question-lane';
import { freshDatabase } from '../support/db';
import { DAY, NOW, seedExchange } from './corpus';

const noModel: EmbeddingProvider = { model: async () => undefined, embed: async () => [] };
const made: PastConversations[] = [];
/** A saved index as the worker keeps it, saving only when asked to (or much later). */
function past(db: CodelumiDB, lane?: QuestionLane): PastConversations {
  const p = new PastConversations(db, new EmbeddingStore(db, noModel), {
    persist: true,
    saveQuietMs: 0,
    saveDelayMs: 60_000,
    lane,
  });
  made.push(p);
  return p;
}

/** A lane whose quiet period ends only when `open()` is called (questions keep coming until then). */
function gatedLane(): { lane: QuestionLane; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const base = createQuestionLane();
  const lane: QuestionLane = {
    question: base.question,
    idle: base.idle,
    backgroundTurn: base.backgroundTurn,
    quiet: () => gate,
    get busy() {
      return base.busy;
    },
    get lastActive() {
      return base.lastActive;
    },
  };
  return { lane, open };
}

/** A question and its answer written straight into a conversation with their own times (an import, a merge). */
async function writeExchange(db: CodelumiDB, conversationId: string, text: string, at: number): Promise<Message> {
  const q: Message = {
    id: `q-${at}`,
    conversationId,
    parentId: null,
    role: 'user',
    content: text,
    status: 'complete',
    createdAt: at,
    updatedAt: at,
  };
  const a: Message = {
    ...q,
    id: `a-${at}`,
    parentId: q.id,
    role: 'assistant',
    content: `Answer: ${text}`,
    createdAt: at + 1,
    updatedAt: at + 1,
  };
  await db.messages.bulkAdd([q, a]);
  return a;
}

/** The saved copy's parts, in order. */
async function savedParts(db: CodelumiDB): Promise<string[]> {
  const row = await db.indexes.get(PAST_QUESTIONS_INDEX);
  if (!row || typeof row.data === 'string') return row ? [row.data as string] : [];
  const text = new Uint8Array(await row.data.arrayBuffer());
  const out: string[] = [];
  let at = 0;
  for (const n of row.parts ?? []) out.push(new TextDecoder().decode(text.slice(at, (at += n))));
  return out;
}
/** The saved copy's parts as one text (what a search for a word in it sees). */
const savedData = async (db: CodelumiDB) => (await savedParts(db)).join('\n');
/** The questions the saved copy holds (its question parts). */
const savedQuestions = async (db: CodelumiDB) =>
  (await savedParts(db))
    .map((part) => JSON.parse(part) as unknown)
    .filter((part): part is ['questions', unknown[]] => Array.isArray(part) && part[0] === 'questions')
    .flatMap(([, entries]) => entries);

let db: CodelumiDB;
afterEach(async () => {
  await Promise.all(made.splice(0).map((p) => p.index.settled()));
  db?.close();
});

describe('saving the past-questions index', () => {
  it('never writes a forgotten conversation’s words with a save that comes while the forgetting vacuums', async () => {
    db = freshDatabase();
    const secret = await seedExchange(db, 'my diagnosis zzzoncologyword please keep private', 'ok', NOW - 100 * DAY);
    // Enough words that the vacuum takes several batches (1,000 terms each, with a wait between).
    const words = Array.from({ length: 3_000 }, (_, i) => `word${i.toString(36)}x`);
    for (let i = 0; i < 30; i++)
      await seedExchange(db, `How about ${words.slice(i * 100, i * 100 + 100).join(' ')}`, 'a', NOW - 2 * DAY - i);
    const index = past(db);
    await index.refresh();
    await deleteConversation(db, secret.conversation.id, NOW);
    await forgetConversations(db, [secret.conversation.id], NOW + 60_000, 30_000);

    const forgetting = index.forget([secret.conversation.id]);
    // A save whose quiet period ends while the words are being vacuumed out.
    const saving = index.index.save();
    await forgetting;
    expect(await saving).toBe(true);
    expect(await savedData(db)).not.toMatch(/zzzoncologyword|diagnosis/);
    expect(await savedData(db)).toMatch(/word0x/);
  });

  it('serialises the index once for many changes made while questions kept it from saving', async () => {
    db = freshDatabase();
    await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - DAY);
    const { lane, open } = gatedLane();
    const index = new PastConversations(db, new EmbeddingStore(db, noModel), { persist: true, saveDelayMs: 0, lane });
    made.push(index);
    await index.refresh();
    let writes = 0;
    db.indexes.hook('creating', () => void writes++);
    db.indexes.hook('updating', () => void writes++);
    for (let i = 0; i < 10; i++) {
      await seedExchange(db, `Question number ${i} about kafka`, 'answer', NOW + i * 1_000);
      await index.refresh();
      // The save timer (0 ms here) fires; the save waits for a quiet moment.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    open();
    await index.index.settled();
    expect(writes).toBe(1);
    // The one save took every change: all eleven questions.
    expect(await savedQuestions(db)).toHaveLength(11);
  });

  it('keeps the questions of a conversation that arrived during a pass when a save comes in the middle of it', async () => {
    db = freshDatabase();
    await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - DAY);
    const { lane, open } = gatedLane();
    const index = past(db, lane);
    await index.refresh();
    const saving = index.index.save();
    // An imported conversation with an old question.
    const imported = await createConversation(db, {}, NOW - 30 * DAY);
    const answer = await writeExchange(db, imported.id, 'How do I calibrate a zebrafish tank heater?', NOW - 30 * DAY);
    // The quiet period ends while the pass reads the arrived conversation.
    const where = db.messages.where.bind(db.messages);
    (db.messages as unknown as { where: unknown }).where = (key: string) => {
      if (key === 'conversationId') open();
      return where(key);
    };
    const pass = index.refresh();
    expect(await saving).toBe(true);
    await pass;
    (db.messages as unknown as { where: unknown }).where = where;

    const restarted = past(db);
    const found = await restarted.candidates('calibrate zebrafish tank heater', { now: NOW });
    expect(found.map((c) => c.answerId)).toEqual([answer.id]);
  });
});

describe('a loaded past-questions index', () => {
  it('finds a question merged into an existing conversation with an old time when the tab closed before it was read again', async () => {
    db = freshDatabase();
    const s = await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - DAY);
    const first = past(db);
    await first.refresh();
    expect(await first.index.save()).toBe(true);
    const answer = await writeExchange(db, s.conversation.id, 'How do I configure zebrafish tanks?', NOW - 10 * DAY);
    first.reread([s.conversation.id]); // never gets to run a pass: the tab closes

    const restarted = past(db);
    const found = await restarted.candidates('zebrafish tanks', { now: NOW });
    expect(restarted.index.opening).toBe('loaded');
    expect(found.map((c) => c.answerId)).toEqual([answer.id]);
  });

  it('finds a new question after a question dated in the future, across a restart', async () => {
    db = freshDatabase();
    await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - DAY);
    const c = await createConversation(db, {}, NOW);
    // From a device whose clock ran a week ahead.
    await writeExchange(db, c.id, 'skewed clock question about kafka', Date.now() + 7 * DAY);
    const first = past(db);
    await first.refresh();
    expect(await first.index.save()).toBe(true);

    const second = past(db);
    await second.refresh();
    const answer = await writeExchange(db, c.id, 'How do I tune postgres vacuum?', Date.now());
    const found = await second.candidates('tune postgres vacuum', { now: Date.now() });
    expect(found.map((x) => x.answerId)).toEqual([answer.id]);
    expect(await second.index.save()).toBe(true);
    const third = past(db);
    expect((await third.candidates('tune postgres vacuum', { now: Date.now() })).map((x) => x.answerId)).toEqual([
      answer.id,
    ]);
  });

  it('keeps no words of a message a replace import removed from a conversation it kept', async () => {
    db = freshDatabase();
    const s = await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - DAY);
    await writeExchange(db, s.conversation.id, 'my password is hunter2 please rotate', NOW - 2 * DAY);
    const index = past(db);
    await index.refresh();
    // The archive has the conversation, without that message.
    await db.transaction('rw', db.tables, async () => {
      const keep = (await db.messages.where('conversationId').equals(s.conversation.id).toArray()).filter(
        (m) => !m.content.includes('hunter2'),
      );
      const conversations = await db.conversations.toArray();
      for (const t of db.tables) await t.clear();
      await db.conversations.bulkPut(conversations);
      await db.messages.bulkPut(keep);
    });
    index.reread([s.conversation.id]);
    await index.refresh();
    expect(await index.candidates('password hunter2 rotate', { now: NOW })).toEqual([]);
    expect(index.held.questions).toBe(1);
    expect(await index.index.save()).toBe(true);
    expect(await savedData(db)).not.toMatch(/hunter2/);
  });

  it('drops the words of a conversation forgotten by a tab that left the saved copy in place', async () => {
    db = freshDatabase();
    const s = await seedExchange(db, 'Why do zebrafish regenerate their fins?', 'Blastema.', NOW - DAY);
    await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - 2 * DAY);
    const first = past(db);
    await first.refresh();
    expect(await first.index.save()).toBe(true);
    // An older version of the app forgets: the conversation and its messages go, the saved copy stays.
    await db.messages.where('conversationId').equals(s.conversation.id).delete();
    await db.conversations.delete(s.conversation.id);

    const again = past(db);
    await again.refresh();
    expect(again.index.opening).toBe('loaded');
    expect(again.held.questions).toBe(1);
    // At rest at once, not only after the next save.
    expect(await savedData(db)).not.toMatch(/zebrafish/);
    await again.index.settled();
    expect(await savedData(db)).not.toMatch(/zebrafish/);
    expect(await savedData(db)).toMatch(/debounce/);
  });

  it('drops the words of a question removed behind its back when the copy is loaded', async () => {
    db = freshDatabase();
    const s = await seedExchange(db, 'How do I debounce a search input?', 'Use debounce.', NOW - DAY);
    await writeExchange(db, s.conversation.id, 'my password is hunter2 please rotate', NOW - 2 * DAY);
    const first = past(db);
    await first.refresh();
    expect(await first.index.save()).toBe(true);
    await db.messages.delete(`q-${NOW - 2 * DAY}`);

    const again = past(db);
    await again.refresh();
    expect(again.held.questions).toBe(1);
    expect(await savedData(db)).not.toMatch(/hunter2/);
  });
});

describe('loading the saved past-questions index', () => {
  it('reads the copy a part at a time, and a question asked meanwhile is answered from the newest questions', async () => {
    db = freshDatabase();
    const old = await seedExchange(db, 'How do I memoize a selector in redux?', 'Use createSelector.', NOW - 30 * DAY);
    // More questions than one part holds, so the copy has several parts of each kind.
    for (let i = 0; i < 2_100; i++)
      await db.messages.add({
        id: `filler-${i}`,
        conversationId: old.conversation.id,
        parentId: null,
        role: 'user',
        content: `filler question ${i} about topic${i}`,
        status: 'complete',
        createdAt: NOW - 40 * DAY + i,
        updatedAt: NOW - 40 * DAY + i,
      });
    const saving = past(db);
    await saving.refresh();
    expect(await saving.index.save()).toBe(true);
    const kinds = (await savedParts(db)).map((part) => (JSON.parse(part) as unknown[])[0]);
    expect(kinds.filter((k) => k === 'questions')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'index').length).toBeGreaterThanOrEqual(2);

    // A lane whose background turns wait for the test: the load stops between parts.
    const base = createQuestionLane();
    const turns: (() => void)[] = [];
    const lane: QuestionLane = {
      question: base.question,
      idle: base.idle,
      quiet: base.quiet,
      backgroundTurn: () => new Promise<void>((resolve) => turns.push(resolve)),
      get busy() {
        return base.busy;
      },
      get lastActive() {
        return base.lastActive;
      },
    };
    const reopened = past(db, lane);
    const loading = reopened.refresh();
    await expect.poll(() => turns.length).toBe(1);
    expect(reopened.index.ready).toBe(false);
    // Asked while the copy is half read: the newest questions answer (the redux question is among them).
    const early = await reopened.candidates('memoize a redux selector', { now: NOW, recentFallback: true });
    expect(early.map((c) => c.answerId)).toEqual([old.answer.id]);
    expect(turns).toHaveLength(1);

    // One turn per part, then the whole history is there.
    let parts = 0;
    while (!reopened.index.ready) {
      await expect.poll(() => turns.length > 0 || reopened.index.ready).toBe(true);
      turns.shift()?.();
      parts++;
    }
    await loading;
    expect(reopened.index.opening).toBe('loaded');
    expect(parts).toBeGreaterThanOrEqual(kinds.length - 1);
    expect(reopened.index.size).toBe(2_101);
  });

  it('searches a loaded copy exactly as the index it was saved from, after edits and a forgetting', async () => {
    db = freshDatabase();
    const topics = ['redux selector', 'python list reverse', 'docker volume mount', 'git rebase conflict', 'css grid'];
    const seeded = [];
    for (let i = 0; i < 40; i++)
      seeded.push(await seedExchange(db, `How do I fix ${topics[i % 5]} case ${i}?`, 'An answer.', NOW - i * DAY));
    // An edited question (replaced in the index, its first terms kept) and a forgotten conversation.
    await db.messages.update(seeded[3].question.id, {
      content: 'How do I squash commits with git?',
      updatedAt: NOW + 1,
    });
    await deleteConversation(db, seeded[7].conversation.id, NOW);
    await forgetConversations(db, [seeded[7].conversation.id], NOW + 60_000, 30_000);
    const saving = past(db);
    await saving.refresh();
    await saving.forget([seeded[7].conversation.id]);
    expect(await saving.index.save()).toBe(true);

    const loaded = past(db);
    await loaded.refresh();
    expect(loaded.index.opening).toBe('loaded');
    expect(loaded.index.size).toBe(saving.index.size);
    for (const query of ['redux selector', 'git squash commits', 'docker volume', 'css grid case 12', 'python'])
      expect(loaded.index.search(query)).toEqual(saving.index.search(query));
    for (const term of ['redux', 'squash', 'rebase', 'docker'])
      expect(loaded.index.frequency(term)).toBe(saving.index.frequency(term));
    expect([...loaded.index.questions()]).toEqual(expect.arrayContaining([...saving.index.questions()]));
  });

  it('reads the newest questions again after a forgetting, while the copy is still loading', async () => {
    db = freshDatabase();
    const kept = await seedExchange(db, 'How do I memoize a selector in redux?', 'Use createSelector.', NOW - DAY);
    const secret = await seedExchange(db, 'zzzprivate redux selector question', 'ok', NOW - 2 * DAY);
    const saving = past(db);
    await saving.refresh();
    expect(await saving.index.save()).toBe(true);

    // The load waits at its first background turn (never released here): the index is not ready.
    const base = createQuestionLane();
    const lane: QuestionLane = {
      question: base.question,
      idle: base.idle,
      quiet: base.quiet,
      backgroundTurn: () => new Promise<void>(() => undefined),
      get busy() {
        return base.busy;
      },
      get lastActive() {
        return base.lastActive;
      },
    };
    const reopened = past(db, lane);
    void reopened.refresh();
    const ids = async () => (await reopened.index.recent()).search('redux selector').map((r) => r.id);
    expect(await ids()).toEqual(expect.arrayContaining([kept.question.id, secret.question.id]));

    await deleteConversation(db, secret.conversation.id, NOW);
    await forgetConversations(db, [secret.conversation.id], NOW + 60_000, 30_000);
    void reopened.forget([secret.conversation.id]);
    expect(await ids()).toEqual([kept.question.id]);
  });
});
