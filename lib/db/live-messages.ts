/**
 * A conversation's messages, live across tabs, read so that the saves of a
 * streaming answer (every 200 ms) re-read that answer only, not the whole
 * conversation. Two Dexie live queries split the conversation:
 *
 * - the settled part: the conversation's keys and the streaming answers'
 *   keys (index reads), then the bodies of every message not streaming. A
 *   text-only save of a streaming answer touches none of what it reads, so
 *   it re-runs only for structural changes: a message added, deleted,
 *   edited, or entering or leaving `streaming`.
 * - the streaming answers: the few rows whose status is `streaming`. This
 *   one re-runs on every save, reading those rows only.
 *
 * Both re-run on a structural change, one after the other: the list is
 * published only when they agree on which answers stream, so a new or
 * finished answer never disappears for a moment between the two reads.
 */
import Dexie, { liveQuery } from 'dexie';
import type { Message } from '../core/records';
import { Store, type Readable } from '../core/store';
import type { CodelumiDB } from './db';

/** What a live message list holds: nothing yet (loading), the messages, or the error a read met. */
export type LiveMessages = undefined | { messages: Message[] } | { error: unknown };

interface SettledPart {
  settled: Message[];
  /** Ids of the conversation's messages that are streaming, whose bodies the other query reads. */
  streamingIds: string[];
}

/**
 * The conversation's messages that are not streaming, and the ids of those
 * that are. While an answer streams it reads, besides index keys, only the
 * settled bodies, so a live query over it is not woken by the answer's text
 * being saved: the messages older than the first streaming answer in one
 * request (a streaming answer is nearly always the newest), any others by
 * key. With nothing streaming, the whole conversation in one request.
 */
function readSettledPart(db: CodelumiDB, conversationId: string): Promise<SettledPart> {
  // One read-only transaction, so the parts are read from one snapshot: another tab resuming an answer between
  // the key read and the body read would otherwise leave that answer out of both parts.
  return db.transaction('r', db.messages, async () => {
    const all = db.messages.where('conversationId').equals(conversationId);
    const ids = await all.primaryKeys();
    const streaming = new Set(await db.messages.where('status').equals('streaming').primaryKeys());
    const streamingIds = ids.filter((id) => streaming.has(id));
    if (streamingIds.length === 0) return { settled: await all.toArray(), streamingIds };

    const byTime = () =>
      db.messages
        .where('[conversationId+createdAt]')
        .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]);
    const ordered = await byTime().primaryKeys();
    const before = ordered.findIndex((id) => streaming.has(id));
    const head = before > 0 ? await byTime().limit(before).toArray() : [];
    const read = new Set(head.map((m) => m.id));
    const rest = await db.messages.bulkGet(ids.filter((id) => !streaming.has(id) && !read.has(id)));
    const settled = [...head, ...rest].filter((m): m is Message => !!m && m.status !== 'streaming');
    return { settled, streamingIds };
  });
}

/**
 * The conversation's answers that are streaming now (in any tab), read whole.
 * It reads every streaming answer, so another conversation's saves wake it
 * too; the store below drops such results when nothing of this conversation changed.
 */
async function readStreamingAnswers(db: CodelumiDB, conversationId: string): Promise<Message[]> {
  const rows = await db.messages.where('status').equals('streaming').toArray();
  return rows.filter((m) => m.conversationId === conversationId);
}

/** Whether two reads of the streaming answers hold the same rows in the same state. */
function sameRows(a: readonly Message[], b: readonly Message[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.id === b[i].id && m.updatedAt === b[i].updatedAt && m.content === b[i].content)
  );
}

/**
 * The whole message list when the two parts agree on which answers stream
 * (the same ids), else undefined: one of the two reads has not caught up yet.
 */
function joinParts(settled: SettledPart, streaming: readonly Message[]): Message[] | undefined {
  if (streaming.length !== settled.streamingIds.length) return undefined;
  const ids = new Set(settled.streamingIds);
  if (!streaming.every((m) => ids.has(m.id))) return undefined;
  return streaming.length === 0 ? settled.settled : [...settled.settled, ...streaming];
}

/**
 * The messages of `conversationId`, live across tabs, as a store for
 * `useStore`. The database is read only while someone subscribes; the last
 * value is kept between subscriptions. A save of a streaming answer's text
 * re-reads that answer alone (see the file comment).
 */
export function liveConversationMessages(db: CodelumiDB, conversationId: string): Readable<LiveMessages> {
  const store = new Store<LiveMessages>(undefined);
  let settled: SettledPart | undefined;
  let streaming: Message[] | undefined;
  /** A part whose latest read failed: nothing is published over its error until it reads again. */
  const failed = new Set<'settled' | 'streaming'>();
  let published: Message[] | undefined;
  let stop: (() => void) | undefined;
  let listeners = 0;

  const publish = () => {
    if (!settled || !streaming || failed.size > 0) return;
    const messages = joinParts(settled, streaming);
    // The same list as before (nothing of this conversation changed) is not published again: no re-render.
    if (messages && messages !== published) {
      published = messages;
      store.set({ messages });
    }
  };
  const fail = (part: 'settled' | 'streaming') => (error: unknown) => {
    failed.add(part);
    published = undefined;
    store.set({ error });
  };
  const start = () => {
    const a = liveQuery(() => readSettledPart(db, conversationId)).subscribe({
      next: (part) => {
        failed.delete('settled');
        settled = part;
        publish();
      },
      error: fail('settled'),
    });
    const b = liveQuery(() => readStreamingAnswers(db, conversationId)).subscribe({
      next: (rows) => {
        const recovered = failed.delete('streaming');
        // Another conversation's save wakes this query too: keep the rows (and publish nothing) when this
        // conversation's streaming answers are the same as before.
        if (!recovered && streaming && sameRows(streaming, rows)) return;
        streaming = rows;
        publish();
      },
      error: fail('streaming'),
    });
    stop = () => {
      a.unsubscribe();
      b.unsubscribe();
      // A later subscription starts from fresh reads, not from parts read before it.
      settled = undefined;
      streaming = undefined;
      published = undefined;
      failed.clear();
    };
  };

  return {
    get: store.get,
    subscribe(listener) {
      const off = store.subscribe(listener);
      if (listeners++ === 0) start();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        off();
        if (--listeners === 0) {
          stop?.();
          stop = undefined;
        }
      };
    },
  };
}
