/**
 * Keeping the tables that only grow in bounds, without losing anything
 * learning still needs. The caps, chosen so a demanding user (hundreds of
 * questions a day) never notices them:
 *
 * - events: the raw log the engine learns from. An event goes only once the
 *   engine has read it (its seq is at or below the learning cursor) and it is
 *   older than EVENT_KEEP_DAYS: the dwell check reads the answer_done and leave
 *   events of the last 7 days, a leave event the 60 s before it. Unread events
 *   are never pruned, however old.
 * - retrieval logs: the reranker trains on the newest 2,000; the newest
 *   MAX_RETRIEVALS are kept, and none whose question no longer exists.
 * - embeddings: a question's embedding (`q:<messageId>`) goes with its
 *   message; one whose message is gone is removed.
 */
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { CURSOR_KEY } from './engine/cursor';

/** Days a read event is kept (the dwell check's week, and a day to spare). */
export const EVENT_KEEP_DAYS = 8;
/** Retrieval logs kept, newest first (the reranker reads 2,000). */
export const MAX_RETRIEVALS = 5_000;

const DAY = 86_400_000;
/** Message ids looked up per read when checking embeddings and logs. */
const SLICE = 1_000;

/** What a pruning removed, per table. */
export interface Pruned {
  events: number;
  retrievals: number;
  embeddings: number;
}

/** The ids among `ids` of messages that no longer exist. */
async function missingMessages(db: CodelumiDB, ids: string[]): Promise<Set<string>> {
  const missing = new Set<string>();
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE);
    const found = await db.messages.bulkGet(slice);
    slice.forEach((id, k) => {
      if (!found[k]) missing.add(id);
    });
  }
  return missing;
}

/** Applies the caps of the module's comment at `now`; returns what went. */
export async function pruneGrowth(db: CodelumiDB, now = Date.now()): Promise<Pruned> {
  const cursorRow = await db.meta.get(CURSOR_KEY);
  const cursor = typeof cursorRow?.value === 'number' ? cursorRow.value : 0;
  const cutoff = now - EVENT_KEEP_DAYS * DAY;
  const events = await guardWrite(() =>
    db.events
      .where('seq')
      .belowOrEqual(cursor)
      .and((e) => e.at < cutoff)
      .delete(),
  );

  // Question embeddings whose message is gone.
  const questionKeys = (await db.embeddings.orderBy('itemKey').uniqueKeys())
    .map(String)
    .filter((k) => k.startsWith('q:'));
  const goneQuestions = await missingMessages(
    db,
    questionKeys.map((k) => k.slice(2)),
  );
  const embeddings = goneQuestions.size
    ? await guardWrite(() =>
        db.embeddings
          .where('itemKey')
          .anyOf([...goneQuestions].map((id) => `q:${id}`))
          .delete(),
      )
    : 0;

  // Retrieval logs: none for a question that is gone, then the newest MAX_RETRIEVALS.
  const questionIds = (await db.retrievals.orderBy('questionId').uniqueKeys()).map(String);
  const goneLogs = await missingMessages(db, questionIds);
  let retrievals = goneLogs.size
    ? await guardWrite(() =>
        db.retrievals
          .where('questionId')
          .anyOf([...goneLogs])
          .delete(),
      )
    : 0;
  const over = (await db.retrievals.count()) - MAX_RETRIEVALS;
  if (over > 0) {
    const oldest = await db.retrievals.orderBy('createdAt').limit(over).primaryKeys();
    await guardWrite(() => db.retrievals.bulkDelete(oldest));
    retrievals += oldest.length;
  }
  return { events, retrievals, embeddings };
}
