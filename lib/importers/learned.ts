/**
 * What learning took from an import: counted in the tables, not taken from
 * one learning pass's report, because any pass may read the import's events
 * (the worker's own pass at start, another tab's), and the user asks what
 * the history taught, not which pass did it.
 */
import type { CodelumiDB } from '../db/db';

/** Signals on, and memories learned from, the conversations whose questions the events `firstSeq`…`lastSeq` recorded. */
export async function learnedFromImport(
  db: CodelumiDB,
  events: { firstSeq: number; lastSeq: number },
): Promise<{ signals: number; memories: number }> {
  const rows = await db.events.where('seq').between(events.firstSeq, events.lastSeq, true, true).toArray();
  const conversations = [...new Set(rows.map((e) => e.conversationId).filter((id): id is string => !!id))];
  const wanted = new Set(conversations);
  const signals = await db.signals.where('conversationId').anyOf(conversations).count();
  // Every conversation a memory was stated in counts (a row from before memories kept sources is its own one source).
  const memories = await db.memories
    .filter((m) => (m.sources ?? [m]).some((s) => !!s.conversationId && wanted.has(s.conversationId)))
    .count();
  return { signals, memories };
}
