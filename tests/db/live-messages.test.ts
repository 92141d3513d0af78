/** A conversation's live message list (lib/db/live-messages.ts): what a streaming answer's saves make it read. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie, { liveQuery } from 'dexie';
import type { DBCore } from 'dexie';
import type { CodelumiDB } from '@/lib/db/db';
import type { Message } from '@/lib/core/records';
import { createConversation } from '@/lib/db/conversations';
import {
  addUserMessage,
  completeAnswer,
  interruptAnswer,
  resumeAnswer,
  saveAnswerProgress,
  startAnswer,
} from '@/lib/db/messages';
import { liveConversationMessages, type LiveMessages } from '@/lib/db/live-messages';
import { freshDatabase, IDBFactory } from '../support/db';

// liveQuery runs only where Dexie sees a global indexedDB (each test database keeps its own factory).
Dexie.dependencies.indexedDB ??= new IDBFactory();

let db: CodelumiDB;
/** Message bodies read by reads (by key or by query; not a write's own reads), counted above Dexie's cache: reads it serves count too. */
let bodiesRead = 0;
const stops: (() => void)[] = [];

beforeEach(() => {
  db = freshDatabase();
  bodiesRead = 0;
  db.use({
    stack: 'dbcore',
    name: 'count-message-reads',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'messages') return table;
        const reading = (trans: unknown) => (trans as IDBTransaction).mode === 'readonly';
        return {
          ...table,
          getMany: (req) =>
            table.getMany(req).then((rows) => {
              if (reading(req.trans)) bodiesRead += rows.filter(Boolean).length;
              return rows;
            }),
          query: (req) =>
            table.query(req).then((res) => {
              if (req.values && reading(req.trans)) bodiesRead += res.result.length;
              return res;
            }),
        };
      },
    }),
  });
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  db.close();
});

/** Subscribes to the conversation's live list; `values` collects every list it publishes. */
function follow(conversationId: string) {
  const live = liveConversationMessages(db, conversationId);
  const values: LiveMessages[] = [];
  const waiters: { test: (m: Message[]) => boolean; done: () => void }[] = [];
  stops.push(
    live.subscribe(() => {
      const value = live.get();
      values.push(value);
      if (value && 'messages' in value)
        for (const w of waiters.splice(0)) {
          if (w.test(value.messages)) w.done();
          else waiters.push(w);
        }
    }),
  );
  const until = (test: (m: Message[]) => boolean) =>
    new Promise<void>((done) => {
      const value = live.get();
      if (value && 'messages' in value && test(value.messages)) done();
      else waiters.push({ test, done });
    });
  return { values, until };
}

/** A conversation of `turns` question/answer pairs, then a question and its answer streaming. */
async function conversationStreaming(turns: number) {
  const conv = await createConversation(db, { title: 'Long', model: 'm' });
  let parent: string | null = null;
  let at = 1_000;
  for (let i = 0; i < turns; i++) {
    const q = await addUserMessage(db, conv.id, parent, `question ${i}`, at++);
    const a = await startAnswer(db, conv.id, q.id, 'm', at++);
    await completeAnswer(db, a.id, { content: `answer ${i}` });
    parent = a.id;
  }
  const question = await addUserMessage(db, conv.id, parent, 'last question', at++);
  const answer = await startAnswer(db, conv.id, question.id, 'm', at++);
  return { conversationId: conv.id, answerId: answer.id, count: turns * 2 + 2 };
}

const textOf = (messages: Message[], id: string) => messages.find((m) => m.id === id)?.content;

describe('liveConversationMessages', () => {
  it('re-reads only the streaming answer when its text is saved, not the rest of the conversation', async () => {
    const { conversationId, answerId, count } = await conversationStreaming(50);
    const live = follow(conversationId);
    await live.until((m) => m.length === count);

    bodiesRead = 0;
    for (const text of ['Hel', 'Hello', 'Hello, world']) {
      await saveAnswerProgress(db, answerId, { content: text });
      await live.until((m) => textOf(m, answerId) === text);
    }
    // One body per save (the answer), at most a re-run or two more: never the 100 settled messages again.
    expect(bodiesRead).toBeGreaterThanOrEqual(3);
    expect(bodiesRead).toBeLessThan(20);
  });

  it('re-reads the conversation when an answer finishes, and shows it complete', async () => {
    const { conversationId, answerId, count } = await conversationStreaming(5);
    const live = follow(conversationId);
    await live.until((m) => m.length === count);
    await completeAnswer(db, answerId, { content: 'done' });
    await live.until((m) => m.find((x) => x.id === answerId)?.status === 'complete');
    const last = live.values.at(-1);
    expect(last && 'messages' in last && textOf(last.messages, answerId)).toBe('done');
  });

  it('never publishes a list without an answer that starts or resumes streaming', async () => {
    const { conversationId, answerId, count } = await conversationStreaming(5);
    const live = follow(conversationId);
    await live.until((m) => m.length === count);
    await interruptAnswer(db, answerId, 'user');
    await live.until((m) => m.find((x) => x.id === answerId)?.status === 'interrupted');
    await resumeAnswer(db, answerId);
    await live.until((m) => m.find((x) => x.id === answerId)?.status === 'streaming');

    const question = await addUserMessage(db, conversationId, answerId, 'one more', 9_000);
    const next = await startAnswer(db, conversationId, question.id, 'm', 9_001);
    await live.until((m) => m.some((x) => x.id === next.id));

    const lists = live.values.flatMap((v) => (v && 'messages' in v ? [v.messages] : []));
    for (const list of lists) expect(list.map((m) => m.id)).toContain(answerId);
    const sizes = lists.map((l) => l.length);
    expect(sizes.every((n, i) => i === 0 || n >= sizes[i - 1])).toBe(true);
  });

  it('stops reading when the last subscriber leaves, and keeps the last list', async () => {
    const { conversationId, answerId, count } = await conversationStreaming(2);
    const live = liveConversationMessages(db, conversationId);
    const seen = new Promise<void>((done) => {
      const stop = live.subscribe(() => {
        const v = live.get();
        if (v && 'messages' in v && v.messages.length === count) {
          stop();
          done();
        }
      });
    });
    await seen;
    // A watch that hears the same change: by the time it has seen the answer complete, a live read would have run.
    const completed = new Promise<void>((done) => {
      const sub = liveQuery(() => db.messages.get(answerId)).subscribe((m) => {
        if (m?.status !== 'complete') return;
        done();
        queueMicrotask(() => sub.unsubscribe());
      });
    });
    bodiesRead = 0;
    await saveAnswerProgress(db, answerId, { content: 'unseen' });
    await completeAnswer(db, answerId, { content: 'unseen' });
    await completed;
    expect(bodiesRead).toBe(0);
    const v = live.get();
    expect(v && 'messages' in v && v.messages.length).toBe(count);
  });

  it("is not woken by another conversation's streaming answer", async () => {
    const mine = await conversationStreaming(3);
    const other = await conversationStreaming(1);
    const live = follow(mine.conversationId);
    await live.until((m) => m.length === mine.count);
    const published = live.values.length;

    // The same read as the list's streaming part, subscribed after it: once it has seen the last save, so has the list.
    const seen = (text: string) =>
      new Promise<void>((done) => {
        const sub = liveQuery(() => db.messages.where('status').equals('streaming').toArray()).subscribe((rows) => {
          if (!rows.some((m) => m.id === other.answerId && m.content === text)) return;
          done();
          queueMicrotask(() => sub.unsubscribe());
        });
      });
    for (const text of ['a', 'ab', 'abc', 'abcd', 'abcde'])
      await saveAnswerProgress(db, other.answerId, { content: text });
    await seen('abcde');
    await new Promise((r) => setImmediate(r));
    expect(live.values.length).toBe(published);
  });

  it('keeps showing a read error until the part that failed reads again', async () => {
    let failSettled = false;
    db.use({
      stack: 'dbcore',
      name: 'fail-settled-read',
      create: (down: DBCore): DBCore => ({
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'messages') return table;
          return {
            ...table,
            // The settled part's first read: the conversation's keys.
            query: (req) =>
              failSettled && !req.values && req.query.index.name === 'conversationId'
                ? Promise.reject(new Error('disk read failed'))
                : table.query(req),
          };
        },
      }),
    });
    const { conversationId, answerId, count } = await conversationStreaming(2);
    const live = follow(conversationId);
    await live.until((m) => m.length === count);

    failSettled = true;
    const errored = new Promise<void>((done) => {
      const stop = live.values.length;
      const check = setInterval(() => {
        if (live.values.slice(stop).some((v) => v && 'error' in v)) {
          clearInterval(check);
          done();
        }
      }, 1);
    });
    await addUserMessage(db, conversationId, answerId, 'a branch', 9_000);
    await errored;
    await saveAnswerProgress(db, answerId, { content: 'more text' });
    const saved = new Promise<void>((done) => {
      const sub = liveQuery(() => db.messages.get(answerId)).subscribe((m) => {
        if (m?.content !== 'more text') return;
        done();
        queueMicrotask(() => sub.unsubscribe());
      });
    });
    await saved;
    await new Promise((r) => setImmediate(r));
    const last = live.values.at(-1);
    expect(last && 'error' in last).toBe(true);

    failSettled = false;
    await addUserMessage(db, conversationId, answerId, 'another branch', 9_001);
    await live.until((m) => m.length === count + 2);
  });
});
