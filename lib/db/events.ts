/** Raw user events (copies, tab hidden, new chat …), kept for the learning engine. */
import type { CodelumiDB } from './db';
import type { AppEvent } from './records';
import { guardWrite } from './guard';

/** Appends one event; returns its sequence number. */
export async function recordEvent(db: CodelumiDB, event: Omit<AppEvent, 'seq'>): Promise<number> {
  return guardWrite(() => db.events.add(event as AppEvent) as Promise<number>);
}
