/**
 * Full-text search over conversation titles and every message (MiniSearch).
 * The index catches up incrementally: each search first indexes what changed
 * since the last one (messages by their `updatedAt`), so it is always current
 * without rebuilding. Deleted conversations never show up.
 */
import MiniSearch from 'minisearch';
import type { CodelumiDB } from '../db/db';
import type { Conversation, Message } from '../core/records';
import { markdownToPlainText } from '../markdown/plain-text';

export interface SearchHit {
  conversationId: string;
  conversationTitle: string;
  /** Set for a message hit; absent when the title matched. */
  messageId?: string;
  role?: Message['role'];
  /** Plain text (markdown markup removed) around the first match, with the matched terms listed for highlighting. */
  snippet: string;
  terms: string[];
  score: number;
  updatedAt: number;
}

interface Doc {
  id: string;
  text: string;
  conversationId: string;
  messageId?: string;
}

const SNIPPET_RADIUS = 70;

/**
 * How far back each catch-up looks before the newest change it has seen.
 * Writers stamp `updatedAt` before their transaction commits, so another tab's
 * message can land with a time equal to or just below one already indexed;
 * re-indexing a few recent messages is cheap and idempotent.
 */
const CATCH_UP_OVERLAP_MS = 5_000;

/** Text around the first occurrence of any term, with ellipses where cut. */
export function makeSnippet(text: string, terms: readonly string[], radius = SNIPPET_RADIUS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  if (at === -1) return flat.length > radius * 2 ? `${flat.slice(0, radius * 2)}…` : flat;
  const start = Math.max(0, at - radius);
  const end = Math.min(flat.length, at + radius);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

export class ConversationSearch {
  private index = new MiniSearch<Doc>({
    fields: ['text'],
    storeFields: ['conversationId', 'messageId'],
    searchOptions: { prefix: true, fuzzy: (term) => (term.length > 4 ? 0.2 : false), combineWith: 'AND' },
  });
  private lastMessageUpdate = -Infinity;
  /** What each indexed message looked like (so the overlap re-reads skip unchanged ones), and its conversation. */
  private indexedVersions = new Map<string, { version: string; conversationId: string }>();
  private titles = new Map<string, string>();
  private catchingUp: Promise<void> | undefined;
  /** Conversations to read whole at the next pass (`reread`). */
  private toReread = new Set<string>();

  constructor(private readonly db: CodelumiDB) {}

  /**
   * Reads every message of these conversations again at the next pass: they
   * got messages with old times (a later export of an imported conversation),
   * which the catch-up by `updatedAt` does not see.
   */
  reread(conversationIds: Iterable<string>): void {
    for (const id of conversationIds) this.toReread.add(id);
  }

  /** How many documents (titles and messages) and distinct terms the index holds in memory (what `forget` lowers). */
  get held(): { documents: number; terms: number } {
    return { documents: this.index.documentCount, terms: this.index.termCount };
  }

  /**
   * Takes these (forgotten) conversations out of memory: their titles and
   * messages, with their words. A pass that read them before they were
   * forgotten finishes first, so none comes back; resolves once the index no
   * longer holds their words.
   */
  async forget(conversationIds: Iterable<string>): Promise<void> {
    const gone = new Set(conversationIds);
    if (gone.size === 0) return;
    await this.catchingUp?.catch(() => undefined);
    const ids: string[] = [];
    for (const [id, m] of this.indexedVersions)
      if (gone.has(m.conversationId)) {
        this.indexedVersions.delete(id);
        ids.push(`m:${id}`);
      }
    for (const id of gone) {
      this.toReread.delete(id);
      if (this.titles.delete(id)) ids.push(`c:${id}`);
    }
    this.index.discardAll(ids.filter((id) => this.index.has(id)));
    // A discarded document's words stay in the index until it is vacuumed: now, not when enough others are discarded.
    await this.index.vacuum();
  }

  /** Indexes what changed since the last call. Concurrent callers share one pass. */
  refresh(): Promise<void> {
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  private upsert(doc: Doc): void {
    if (this.index.has(doc.id)) this.index.replace(doc);
    else this.index.add(doc);
  }

  /** Adds or updates one message's document (unchanged ones are skipped). */
  private indexMessage(m: Message): void {
    const version = `${m.updatedAt}:${m.content.length}`;
    if (m.role === 'system' || this.indexedVersions.get(m.id)?.version === version) return;
    this.indexedVersions.set(m.id, { version, conversationId: m.conversationId });
    this.upsert({ id: `m:${m.id}`, text: m.content, conversationId: m.conversationId, messageId: m.id });
  }

  private async catchUp(): Promise<void> {
    // The first pass reads every message whatever its time.
    const firstPass = this.lastMessageUpdate === -Infinity;
    const again = firstPass ? [] : [...this.toReread];
    this.toReread.clear();
    const changed = await this.db.messages
      .where('updatedAt')
      .aboveOrEqual(this.lastMessageUpdate - CATCH_UP_OVERLAP_MS)
      .toArray();
    for (const m of changed) {
      this.lastMessageUpdate = Math.max(this.lastMessageUpdate, m.updatedAt);
      this.indexMessage(m);
    }
    const conversations = await this.db.conversations.toArray();
    // A conversation seen for the first time after the first pass may hold messages older than the
    // catch-up window (imported history keeps its own times): index all of its messages once.
    const arrived = firstPass
      ? []
      : [...new Set([...again, ...conversations.filter((c) => !this.titles.has(c.id)).map((c) => c.id)])];
    if (arrived.length)
      for (const m of await this.db.messages.where('conversationId').anyOf(arrived).toArray()) this.indexMessage(m);
    const alive = new Set<string>();
    for (const c of conversations) {
      alive.add(c.id);
      if (this.titles.get(c.id) !== c.title) {
        this.titles.set(c.id, c.title);
        this.upsert({ id: `c:${c.id}`, text: c.title, conversationId: c.id });
      }
    }
    for (const id of [...this.titles.keys()]) {
      if (!alive.has(id)) {
        this.titles.delete(id);
        if (this.index.has(`c:${id}`)) this.index.discard(`c:${id}`);
      }
    }
  }

  /** Best matches for `query`, at most `limit`, title matches ranked above equal message matches. */
  async search(query: string, limit = 40): Promise<SearchHit[]> {
    const q = query.trim();
    if (!q) return [];
    await this.refresh();
    const results = this.index.search(q).slice(0, limit * 3);
    if (results.length === 0) return [];
    const conversationIds = [...new Set(results.map((r) => r.conversationId as string))];
    const convs = new Map<string, Conversation>();
    for (const c of await this.db.conversations.bulkGet(conversationIds)) if (c && !c.deletedAt) convs.set(c.id, c);
    const messageIds = results.map((r) => r.messageId as string | undefined).filter((id): id is string => !!id);
    const messages = new Map<string, Message>();
    for (const m of await this.db.messages.bulkGet(messageIds)) if (m) messages.set(m.id, m);

    const hits: SearchHit[] = [];
    for (const r of results) {
      const conv = convs.get(r.conversationId as string);
      if (!conv) continue;
      const terms = r.terms;
      const messageId = r.messageId as string | undefined;
      if (messageId) {
        const m = messages.get(messageId);
        if (!m) continue;
        hits.push({
          conversationId: conv.id,
          conversationTitle: conv.title,
          messageId,
          role: m.role,
          snippet: makeSnippet(markdownToPlainText(m.content), terms),
          terms,
          score: r.score,
          updatedAt: m.updatedAt,
        });
      } else {
        hits.push({
          conversationId: conv.id,
          conversationTitle: conv.title,
          snippet: conv.title,
          terms,
          score: r.score * 1.5,
          updatedAt: conv.updatedAt,
        });
      }
      if (hits.length >= limit) break;
    }
    return hits.sort((a, b) => b.score - a.score);
  }
}
