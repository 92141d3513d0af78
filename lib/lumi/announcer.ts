/**
 * What a screen reader hears about the answers this tab streams: when one
 * starts thinking, when its words begin, and how it ended. Driven by the
 * streams store itself, not by what is rendered, so a page that re-mounts or
 * an answer that fails before it is ever drawn still gets its last word.
 */
import type { CodelumiDB } from '../db/db';
import type { ActiveStreams } from '../chat/active-streams';
import type { Message } from '../core/records';
import { moodAnnouncement, moodOf, type Mood } from './mood';

/** The last words about a finished answer, from its stored state. */
export function endAnnouncement(message: Pick<Message, 'status' | 'stopReason' | 'content'> | undefined): string {
  if (!message) return 'Codelumi is done';
  if (message.status === 'interrupted' && message.stopReason === 'user') return 'Codelumi stopped';
  const mood = moodOf({
    status: message.status,
    stopReason: message.stopReason,
    hasContent: message.content.trim() !== '',
  });
  return moodAnnouncement('streaming', mood) ?? 'Codelumi is done';
}

/**
 * Calls `say` with each milestone of every answer `streams` runs: "Codelumi
 * is thinking", "Codelumi is answering", then the end read from the stored
 * answer ("is done", "ran into a problem", "stopped"). Never once per token.
 * Returns the unsubscribe function.
 */
export function announceMilestones(
  deps: { streams: ActiveStreams; db: CodelumiDB },
  say: (text: string) => void,
): () => void {
  const { streams, db } = deps;
  const seen = new Map<string, Mood>();
  return streams.subscribeAll(() => {
    const live = new Set<string>();
    for (const s of streams.all()) {
      live.add(s.messageId);
      const mood = moodOf({ phase: s.phase, status: 'streaming', hasContent: s.content.trim() !== '' });
      const said = moodAnnouncement(seen.get(s.messageId), mood);
      seen.set(s.messageId, mood);
      if (said) say(said);
    }
    for (const id of seen.keys()) {
      if (live.has(id)) continue;
      seen.delete(id);
      // The stream ends after its final save, so the stored answer says how it went.
      void db.messages.get(id).then(
        (message) => say(endAnnouncement(message)),
        () => say(endAnnouncement(undefined)),
      );
    }
  });
}
