/**
 * Reading every question written since a time, in bounded requests. One
 * request for 50,000 questions holds the database's backend for seconds in
 * Chromium: every other read in the meantime (a question's own retrieval,
 * the page writing the user's message) waits behind it. Pages of a few
 * thousand rows, each one `getAll` over a key range (not an offset, which
 * walks a cursor), let those run in between.
 */
import Dexie from 'dexie';
import type { CodelumiDB } from '../db/db';
import type { Message } from '../core/records';

/** Questions per request. */
export const QUESTION_PAGE = 2_000;

/**
 * Every user message with `updatedAt` above `since`, oldest first (ties in
 * primary-key order), each once; `pause` is awaited between requests.
 */
export async function questionsSince(
  db: CodelumiDB,
  since: number,
  pause: () => Promise<void>,
  page = QUESTION_PAGE,
): Promise<Message[]> {
  const out: Message[] = [];
  let lower = since;
  let includeLower = false;
  /** Rows already read at time `lower` (the next page starts at that time again). */
  let atLower = new Set<string>();
  for (let first = true; ; first = false) {
    if (!first) await pause();
    const rows = await db.messages
      .where('[role+updatedAt]')
      .between(['user', lower], ['user', Dexie.maxKey], includeLower, true)
      .limit(page + atLower.size)
      .toArray();
    const fresh = rows.filter((m) => !atLower.has(m.id));
    out.push(...fresh);
    if (rows.length < page + atLower.size) return out;
    const last = rows[rows.length - 1].updatedAt;
    if (last !== lower) atLower = new Set();
    for (const m of rows) if (m.updatedAt === last) atLower.add(m.id);
    lower = last;
    includeLower = true;
  }
}
