/**
 * What a learning pass needs to read from the conversation (messages, and the
 * recent events of a conversation), loaded before the pass writes. The pass
 * then writes only the learning tables in one transaction, so it never holds
 * a lock on the messages a streaming answer is being saved into.
 */
import type { CodelumiDB } from '../../db/db';
import type { AppEvent, Message } from '../../core/records';

/** How far back a leave event looks for the answer it left. */
const LEAVE_LOOKBACK_MS = 60_000;

export interface LastAnswer {
  answerId: string;
  doneAt: number;
  /** The user copied or ran the answer after it finished. */
  engaged: boolean;
}

export class MessageSnapshot {
  private readonly messages = new Map<string, Message>();
  private readonly lastAnswers = new Map<number, LastAnswer>();

  /** The message with `id`, when it was loaded. */
  message(id: string | null | undefined): Message | undefined {
    return id ? this.messages.get(id) : undefined;
  }

  /** The user question an answer answers (its parent). */
  questionOf(answer: Message): Message | undefined {
    const parent = this.message(answer.parentId);
    return parent?.role === 'user' ? parent : undefined;
  }

  /** The answer a leave event (hidden / new_chat, by its seq) left, when there was one shortly before. */
  lastAnswerBefore(seq: number | undefined): LastAnswer | undefined {
    return seq === undefined ? undefined : this.lastAnswers.get(seq);
  }

  /** A snapshot of messages already in hand, and of the answer each leave event (by seq) left: for reading without a database. */
  static of(messages: readonly Message[], lastAnswers: Iterable<[number, LastAnswer]> = []): MessageSnapshot {
    const snap = new MessageSnapshot();
    for (const m of messages) snap.messages.set(m.id, m);
    for (const [seq, last] of lastAnswers) snap.lastAnswers.set(seq, last);
    return snap;
  }

  /** Loads what `events` refer to: their messages with parents three levels up, and for leave events the answer left. */
  static async load(
    db: CodelumiDB,
    events: readonly AppEvent[],
    extraMessageIds: readonly string[] = [],
  ): Promise<MessageSnapshot> {
    const snap = new MessageSnapshot();
    const wanted = new Set<string>(extraMessageIds);
    for (const event of events) if (event.messageId) wanted.add(event.messageId);

    for (const event of events) {
      if ((event.kind !== 'hidden' && event.kind !== 'new_chat') || !event.conversationId || event.seq === undefined)
        continue;
      const recent = await db.events
        .where('conversationId')
        .equals(event.conversationId)
        .filter((e) => e.at <= event.at && e.at >= event.at - LEAVE_LOOKBACK_MS)
        .toArray();
      const done = recent.filter((e) => e.kind === 'answer_done').sort((a, b) => b.at - a.at)[0];
      if (!done?.messageId) continue;
      const engaged = recent.some(
        (e) => (e.kind === 'copy' || e.kind === 'run') && e.messageId === done.messageId && e.at >= done.at,
      );
      snap.lastAnswers.set(event.seq, { answerId: done.messageId, doneAt: done.at, engaged });
      wanted.add(done.messageId);
    }

    // The message, the answer it follows, that answer's question, and the question's context.
    let level = [...wanted];
    for (let depth = 0; depth < 4 && level.length; depth++) {
      const rows = await db.messages.bulkGet(level.filter((id) => !snap.messages.has(id)));
      const next: string[] = [];
      for (const m of rows) {
        if (!m) continue;
        snap.messages.set(m.id, m);
        if (m.parentId && !snap.messages.has(m.parentId)) next.push(m.parentId);
      }
      level = next;
    }
    return snap;
  }
}
