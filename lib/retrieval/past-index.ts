/**
 * The index of the user's past questions (MiniSearch over every question's
 * text), kept current incrementally and, when asked to, saved in IndexedDB
 * (`indexes`, schema v12) so a start loads it instead of reading and
 * indexing every question again. A missing, old or corrupt copy is rebuilt
 * in the background; until the index holds the history (`ready`), callers
 * use `recent()`, a small index over the newest questions.
 */
import Dexie from 'dexie';
import MiniSearch, { type Options } from 'minisearch';
import type { CodelumiDB } from '../db/db';
import type { Message } from '../core/records';
import { PAST_QUESTIONS_INDEX, readIndex, saveIndex } from '../db/indexes';
import { STOP_WORDS } from '../signals/text/normalize';
import { nextTask } from '../core/timing';
import { questionsSince } from './question-pages';
import { questionLane, type QuestionLane } from '../core/question-lane';

export interface QuestionDoc {
  id: string;
  text: string;
  conversationId: string;
  at: number;
}

/** The layout of the saved copy; bump it when `SavedPast` or the index options change (old copies are rebuilt). */
export const PAST_INDEX_FORMAT = 1;
const CATCH_UP_OVERLAP_MS = 5_000;
/** Questions indexed between pauses when catching up. */
const CATCH_UP_SLICE = 2_000;
/** How long after the last change the index is saved … */
const SAVE_DELAY_MS = 3_000;
/**
 * … once no question came for this long: serialising a long history is one
 * step of a second or more, which a question arriving meanwhile would wait
 * for. A copy that is behind costs only a short catch-up on the next start.
 */
const SAVE_QUIET_MS = 15_000;
/** The newest questions a not-yet-ready index answers from. */
const RECENT_WINDOW = 1_000;

/** A lower-cased content word, or null for short words and stop words. */
function contentTerm(term: string): string | null {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** The distinct content terms of a text, as the index sees them. */
export function termsOf(text: string): Set<string> {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const t = contentTerm(token);
    if (t) terms.add(t);
  }
  return terms;
}

const OPTIONS: Options<QuestionDoc> = {
  fields: ['text'],
  storeFields: ['conversationId', 'at'],
  // Content words only: "a", "in", "how" … would relate every question to every other.
  processTerm: contentTerm,
  // Prefixes of longer words only ("debounc" finds "debounced"), no fuzzy: both expand over a long history's vocabulary (same recall on the corpus).
  searchOptions: { prefix: (t) => t.length >= 5, fuzzy: false, combineWith: 'OR' },
};

const docOf = (m: Message): QuestionDoc => ({
  id: m.id,
  text: m.content.slice(0, 4000),
  conversationId: m.conversationId,
  at: m.createdAt,
});

interface QuestionMeta {
  conversationId: string;
  at: number;
  updatedAt: number;
  /** Content terms as first indexed (what `forget` takes off `documentFrequency`). */
  terms: string[];
}

/** The saved copy: the MiniSearch index and this class's bookkeeping. */
interface SavedPast {
  index: ReturnType<MiniSearch['toJSON']>;
  /** [id, conversationId, at, updatedAt, terms] per question. */
  meta: [string, string, number, number, string[]][];
  lastUpdate: number;
  conversations: string[];
}

export interface PastIndexOptions {
  /** Load the saved copy on open and save after changes (the worker); off, the index lives in memory only. */
  persist?: boolean;
  /** Whose questions go first: a full build and a save wait for them between slices. */
  lane?: QuestionLane;
  saveDelayMs?: number;
  /** How long no question must have come before a save (`SAVE_QUIET_MS`). */
  saveQuietMs?: number;
}

/** The past-questions index: see the module's comment. */
export class PastQuestionIndex {
  private index = new MiniSearch<QuestionDoc>(OPTIONS);
  private meta = new Map<string, QuestionMeta>();
  /** In how many indexed questions each content term occurs, as first indexed (edits do not lower it, `forget` does; it only decides which terms are too common to search for). */
  private documentFrequency = new Map<string, number>();
  private lastUpdate = -Infinity;
  /** The conversations there at the last pass (undefined before the first). */
  private knownConversations: Set<string> | undefined;
  private catching: Promise<void> | undefined;
  /** Conversations whose questions are read again at the next pass (`reread`). */
  private toReread = new Set<string>();
  private opened = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<unknown> | undefined;
  private readonly lane: QuestionLane;
  /** True once the index holds the whole history (loaded from its saved copy, or built). */
  ready = false;
  /** What the last open did: loaded the saved copy, or found none usable (missing, old, corrupt) and built. */
  opening: 'loaded' | 'built' | undefined;
  /** Questions added to or replaced in the index since this object was made (a load adds none). */
  indexed = 0;

  constructor(
    private readonly db: CodelumiDB,
    private readonly options: PastIndexOptions = {},
  ) {
    this.lane = options.lane ?? questionLane;
  }

  /** Reads every question of these conversations again at the next pass. */
  reread(conversationIds: Iterable<string>): void {
    for (const id of conversationIds) this.toReread.add(id);
  }

  /** Loads or builds the index, then indexes questions written since the last call (concurrent callers share one pass). */
  refresh(): Promise<void> {
    this.catching ??= this.pass().finally(() => (this.catching = undefined));
    return this.catching;
  }

  private async pass(): Promise<void> {
    if (!this.opened) {
      this.opened = true;
      this.opening = (await this.load()) ? 'loaded' : 'built';
    }
    const changed = await this.catchUp();
    this.ready = true;
    if (changed || this.opening === 'built') this.saveSoon();
  }

  /** Restores the saved copy; false (and a clean empty index) when there is none usable. */
  private async load(): Promise<boolean> {
    if (!this.options.persist) return false;
    const row = await readIndex(this.db, PAST_QUESTIONS_INDEX, PAST_INDEX_FORMAT);
    if (!row) return false;
    try {
      const saved = JSON.parse(row.data) as SavedPast;
      const index = await MiniSearch.loadJSAsync<QuestionDoc>(saved.index, OPTIONS);
      if (!Array.isArray(saved.meta) || index.documentCount !== saved.meta.length) throw new Error('counts differ');
      const meta = new Map<string, QuestionMeta>();
      const df = new Map<string, number>();
      for (const [id, conversationId, at, updatedAt, terms] of saved.meta) {
        meta.set(id, { conversationId, at, updatedAt, terms });
        for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
      }
      this.index = index;
      this.meta = meta;
      this.documentFrequency = df;
      this.lastUpdate = saved.lastUpdate ?? -Infinity;
      this.knownConversations = new Set(saved.conversations);
      return true;
    } catch (err) {
      console.warn('Codelumi: the saved index of past questions could not be read; it is rebuilt', err);
      return false;
    }
  }

  /** Indexes what changed since the last pass; true when anything did. */
  private async catchUp(): Promise<boolean> {
    const since = this.lastUpdate === -Infinity ? -Infinity : this.lastUpdate - CATCH_UP_OVERLAP_MS;
    // Bounded requests over key ranges (question-pages.ts): one request for every question held the database for
    // seconds, and the first question's own reads and the page's write of it waited behind it.
    const changed: Message[] = await questionsSince(this.db, since, () =>
      this.ready ? nextTask() : this.lane.backgroundTurn(),
    );
    // Conversations that arrived since the last pass may hold questions older than its window
    // (imported history keeps its own times): all of their questions are read once.
    const ids = (await this.db.conversations.toCollection().primaryKeys()) as string[];
    const again = this.knownConversations ? [...this.toReread] : [];
    this.toReread.clear();
    const arrived = this.knownConversations
      ? [...new Set([...again, ...ids.filter((id) => !this.knownConversations!.has(id))])]
      : [];
    this.knownConversations = new Set(ids);
    if (arrived.length)
      changed.push(
        ...(await this.db.messages.where('conversationId').anyOf(arrived).toArray()).filter(
          (m) => m.role === 'user' && m.updatedAt < since,
        ),
      );
    let touched = arrived.length > 0;
    for (let i = 0; i < changed.length; i++) {
      // A long history takes a second or more to index: the thread is left free for other work between slices
      // (while building, for questions first: they do not wait for a build).
      if (i > 0 && i % CATCH_UP_SLICE === 0) await (this.ready ? nextTask() : this.lane.backgroundTurn());
      const m = changed[i];
      this.lastUpdate = Math.max(this.lastUpdate, m.updatedAt);
      const known = this.meta.get(m.id);
      // The overlap re-reads the last few seconds: a question indexed as it is now is skipped.
      if (known && known.updatedAt === m.updatedAt && !arrived.includes(m.conversationId)) continue;
      const doc = docOf(m);
      if (known) this.index.replace(doc);
      else {
        this.index.add(doc);
        for (const term of termsOf(doc.text))
          this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
      this.indexed++;
      touched = true;
      this.meta.set(m.id, {
        conversationId: m.conversationId,
        at: m.createdAt,
        updatedAt: m.updatedAt,
        terms: known?.terms ?? [...termsOf(doc.text)],
      });
    }
    return touched;
  }

  /** How many questions and distinct terms the index holds in memory, and how many terms it counts (what `forget` lowers). */
  get held(): { questions: number; terms: number; counted: number } {
    return { questions: this.index.documentCount, terms: this.index.termCount, counted: this.documentFrequency.size };
  }

  /** The conversation of an indexed question. */
  conversationOf(id: string): string | undefined {
    return this.meta.get(id)?.conversationId;
  }

  /** Each indexed question's id, conversation and time. */
  *questions(): IterableIterator<[string, { conversationId: string; at: number }]> {
    yield* this.meta.entries();
  }

  get size(): number {
    return this.meta.size;
  }

  /** In how many indexed questions `term` occurs. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** Full-text hits for `query`, best first. */
  search(query: string) {
    return this.index.search(query);
  }

  /**
   * Takes every question of these (forgotten) conversations out of the index
   * with their words (discarded, then vacuumed) and saves the index without
   * them. A pass that read them before they were forgotten finishes first, so
   * none comes back. Returns the questions' ids.
   */
  async forget(gone: ReadonlySet<string>): Promise<string[]> {
    await this.catching?.catch(() => undefined);
    const questions = [...this.meta].filter(([, m]) => gone.has(m.conversationId));
    for (const [id, m] of questions) {
      this.meta.delete(id);
      for (const term of m.terms) {
        const n = (this.documentFrequency.get(term) ?? 0) - 1;
        if (n > 0) this.documentFrequency.set(term, n);
        else this.documentFrequency.delete(term);
      }
    }
    for (const id of gone) {
      this.knownConversations?.delete(id);
      this.toReread.delete(id);
    }
    const ids = questions.map(([id]) => id);
    this.index.discardAll(ids);
    // A discarded question's words stay in the index until it is vacuumed: now, not when enough others are discarded.
    await this.index.vacuum();
    if (ids.length && this.ready) this.saveSoon();
    return ids;
  }

  /** True before the first pass: only a reload from the database can tell which questions a forgetting took. */
  get unopened(): boolean {
    return !this.knownConversations;
  }

  private saveSoon(): void {
    if (!this.options.persist || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saving = this.save().catch((err) => console.warn('Codelumi could not save the past-questions index', err));
    }, this.options.saveDelayMs ?? SAVE_DELAY_MS);
  }

  /**
   * Saves the index now (after any pass in progress, and after the questions
   * in flight). Not saved when a conversation it holds is gone from the
   * database (forgotten, and this index not told yet): it never writes a
   * forgotten conversation's words back. Resolves to whether it saved.
   */
  async save(): Promise<boolean> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.catching?.catch(() => undefined);
    if (!this.ready) return false;
    await this.lane.quiet(this.options.saveQuietMs ?? SAVE_QUIET_MS);
    const conversations = new Set<string>();
    const meta: SavedPast['meta'] = [];
    for (const [id, m] of this.meta) {
      conversations.add(m.conversationId);
      meta.push([id, m.conversationId, m.at, m.updatedAt, m.terms]);
    }
    const saved: SavedPast = {
      index: this.index.toJSON(),
      meta,
      lastUpdate: this.lastUpdate,
      conversations: [...(this.knownConversations ?? [])],
    };
    const data = JSON.stringify(saved);
    const ids = [...conversations];
    let gone: string[] = [];
    const written = await saveIndex(
      this.db,
      { key: PAST_QUESTIONS_INDEX, format: PAST_INDEX_FORMAT, covers: this.lastUpdate, data, savedAt: Date.now() },
      [this.db.conversations],
      async () => {
        const there = await this.db.conversations.bulkGet(ids);
        gone = ids.filter((_, i) => !there[i]);
        return gone.length === 0;
      },
    );
    // Gone from the database (forgotten without this index being told, or replaced by an archive): gone from here too,
    // and the next save goes through.
    if (gone.length) await this.forget(new Set(gone));
    return written;
  }

  /** Waits for a save already scheduled or running (tests, and before the worker's index is dropped). */
  async settled(): Promise<void> {
    if (this.saveTimer) await this.save();
    await this.saving?.catch(() => undefined);
  }

  /**
   * A small index over the newest questions, for a question that comes
   * before this index is ready: a bounded read, so it never waits on the build.
   */
  async recent(): Promise<MiniSearch<QuestionDoc>> {
    const rows = await this.db.messages
      .where('[role+updatedAt]')
      .between(['user', Dexie.minKey], ['user', Dexie.maxKey])
      .reverse()
      .limit(RECENT_WINDOW)
      .toArray();
    const index = new MiniSearch<QuestionDoc>(OPTIONS);
    index.addAll(rows.map(docOf));
    return index;
  }
}
