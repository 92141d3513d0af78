/**
 * The index of the user's past questions (MiniSearch over every question's
 * text), kept current incrementally and, when asked to, saved in IndexedDB
 * (past-index-copy.ts) so a start loads it instead of reading and indexing
 * every question again. A missing, old or corrupt copy is rebuilt in the
 * background; until the index holds the history (`ready`), callers use
 * `recent()`, a small index over the newest questions. A loaded copy is
 * checked against the database (conversations gone, questions removed or
 * added behind its back): it never keeps, nor saves again, words the
 * database no longer holds.
 */
import Dexie from 'dexie';
import MiniSearch from 'minisearch';
import type { CodelumiDB } from '../db/db';
import type { Message } from '../core/records';
import { dropIndex, PAST_QUESTIONS_INDEX, saveIndex } from '../db/indexes';
import { nextTask } from '../core/timing';
import { createSaveQueue, type SaveQueue } from '../core/save-queue';
import { questionsSince } from './question-pages';
import { questionLane, type QuestionLane } from '../core/question-lane';
import { loadPastIndex, PAST_INDEX_FORMAT } from './past-index-copy';
import { QUESTION_INDEX_OPTIONS, questionDoc, type QuestionDoc } from './question-docs';
import { QuestionStore } from './question-store';

export { termsOf, type QuestionDoc } from './question-docs';
export { PAST_INDEX_FORMAT } from './past-index-copy';

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
/** How long that small index serves the questions that come while the index loads or builds. */
const RECENT_REUSE_MS = 10_000;
/** MiniSearch tells whether it vacuums but gives no promise for a vacuum it started itself: looked at again after this long. */
const VACUUM_POLL_MS = 10;

/** How the index is kept: saved or in memory only, whose lane it stands aside for, when it saves. */
export interface PastIndexOptions {
  /** Load the saved copy on open and save after changes (the worker); off, the index lives in memory only. */
  persist?: boolean;
  /** Whose questions go first: a full build and a save wait for them between slices. */
  lane?: QuestionLane;
  saveDelayMs?: number;
  /** How long no question must have come before a save (`SAVE_QUIET_MS`). */
  saveQuietMs?: number;
}

/** Every user message, by the index the catch-up reads. */
const allQuestions = (db: CodelumiDB) =>
  db.messages.where('[role+updatedAt]').between(['user', Dexie.minKey], ['user', Dexie.maxKey]);

/** The past-questions index: see the module's comment. */
export class PastQuestionIndex {
  private store = new QuestionStore();
  /** The conversations there at the end of the last pass (undefined before the first). */
  private knownConversations: Set<string> | undefined;
  private catching: Promise<void> | undefined;
  /** A forgetting in progress (its words are taken out, then vacuumed): no save serialises meanwhile. */
  private forgetting: Promise<unknown> | undefined;
  /** Conversations whose questions are read again at the next pass (`reread`). */
  private toReread = new Set<string>();
  private opened = false;
  private readonly saves: SaveQueue;
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
    this.saves = createSaveQueue({
      delayMs: options.saveDelayMs ?? SAVE_DELAY_MS,
      moment: () => this.quietMoment(),
      ready: () => this.still(),
      write: () => this.write(),
      onError: (err) => console.warn('Codelumi could not save the past-questions index', err),
    });
  }

  /** Reads every question of these conversations again at the next pass. */
  reread(conversationIds: Iterable<string>): void {
    this.recentIndex = undefined;
    for (const id of conversationIds) this.toReread.add(id);
  }

  /**
   * Ready, no pass running and none known to be owed (conversations to read again after an import): what it lacks
   * can only be questions written since the last pass without a notice.
   */
  get current(): boolean {
    return this.ready && !this.catching && this.toReread.size === 0;
  }

  /** Resolves on a later task with no question in flight: a catch-up a question owes runs after it, not beside it. */
  afterQuestions(): Promise<void> {
    return this.lane.backgroundTurn();
  }

  /** Loads or builds the index, then indexes questions written since the last call (concurrent callers share one pass). */
  refresh(): Promise<void> {
    this.catching ??= this.pass().finally(() => (this.catching = undefined));
    return this.catching;
  }

  private async pass(): Promise<void> {
    let checkCount = false;
    if (!this.opened) {
      this.opened = true;
      // The newest questions first, for a question that comes while the copy loads or the index builds (a bounded
      // read and a small index: ready well before the whole history).
      if (this.options.persist) void this.recent().catch(() => undefined);
      checkCount = await this.load();
      this.opening = checkCount ? 'loaded' : 'built';
    }
    const { changed, removed } = await this.catchUp();
    // Behind the copy's back (a tab running an older version, a restart before a reread): the count tells.
    const reconciled = checkCount ? await this.reconcile() : { changed: false, removed: false };
    this.ready = true;
    if ((removed || reconciled.removed) && this.options.persist) await dropIndex(this.db, PAST_QUESTIONS_INDEX);
    if (changed || reconciled.changed || this.opening === 'built') this.saveSoon();
  }

  /** Restores the saved copy; false (and a clean empty index) when there is none usable. */
  private async load(): Promise<boolean> {
    if (!this.options.persist) return false;
    // A part at a time, a question first between parts (a long history's copy is megabytes).
    const saved = await loadPastIndex(this.db, () => this.lane.backgroundTurn());
    if (!saved) return false;
    this.store = new QuestionStore(saved);
    this.knownConversations = new Set(saved.conversations);
    return true;
  }

  /** Indexes what changed since the last pass, and takes out what left without a notice. */
  private async catchUp(): Promise<{ changed: boolean; removed: boolean }> {
    const { lastUpdate } = this.store;
    const since = lastUpdate === -Infinity ? -Infinity : lastUpdate - CATCH_UP_OVERLAP_MS;
    // Bounded requests over key ranges (question-pages.ts): one request for every question held the database for
    // seconds, and the first question's own reads and the page's write of it waited behind it.
    const changed: Message[] = await questionsSince(this.db, since, () =>
      this.ready ? nextTask() : this.lane.backgroundTurn(),
    );
    const ids = (await this.db.conversations.toCollection().primaryKeys()) as string[];
    const present = new Set(ids);
    const known = this.knownConversations;
    // Conversations that arrived since the last pass may hold questions older than its window
    // (imported history keeps its own times): all of their questions are read once, as are those to read again.
    const again = known ? [...this.toReread].filter((id) => present.has(id)) : [];
    this.toReread.clear();
    const arrived = known ? [...new Set([...again, ...ids.filter((id) => !known.has(id))])] : [];
    const whole = arrived.length
      ? (await this.db.messages.where('conversationId').anyOf(arrived).toArray()).filter((m) => m.role === 'user')
      : [];
    changed.push(...whole.filter((m) => m.updatedAt < since));
    // Gone without this index being told (forgotten by a tab running an older version, a replace import), or a
    // question no longer there in a conversation read whole: their words leave now.
    const stay = new Set(whole.map((m) => m.id));
    const rereadSet = new Set(arrived);
    const vanished = new Set(known ? [...known].filter((id) => !present.has(id)) : []);
    const out: string[] = [];
    // Over every question only when a conversation left or is read whole (not at every question's pass).
    if (vanished.size || rereadSet.size)
      for (const [id, m] of this.store.entries())
        if (vanished.has(m.conversationId) || (rereadSet.has(m.conversationId) && !stay.has(id))) out.push(id);
    await this.store.takeOut(out);
    let touched = arrived.length > 0 || out.length > 0;
    for (let i = 0; i < changed.length; i++) {
      // A long history takes a second or more to index: the thread is left free for other work between slices
      // (while building, for questions first: they do not wait for a build).
      if (i > 0 && i % CATCH_UP_SLICE === 0) await (this.ready ? nextTask() : this.lane.backgroundTurn());
      // A question whose conversation is gone by now (forgotten since it was read) is not indexed.
      if (!present.has(changed[i].conversationId)) continue;
      if (this.store.add(changed[i], rereadSet.has(changed[i].conversationId))) {
        this.indexed++;
        touched = true;
      }
    }
    // Known only now that their questions are in: a save never records a conversation as read before it was.
    this.knownConversations = present;
    return { changed: touched, removed: out.length > 0 };
  }

  /**
   * After a load: the number of questions in the database must be the number
   * held. When not, the ids tell which questions left (taken out) and which
   * came without a notice (indexed).
   */
  private async reconcile(): Promise<{ changed: boolean; removed: boolean }> {
    if ((await allQuestions(this.db).count()) === this.store.size) return { changed: false, removed: false };
    const there = new Set((await allQuestions(this.db).primaryKeys()) as string[]);
    const gone = [...this.store.entries()].map(([id]) => id).filter((id) => !there.has(id));
    await this.store.takeOut(gone);
    const missing = [...there].filter((id) => !this.store.has(id));
    for (let i = 0; i < missing.length; i += CATCH_UP_SLICE) {
      if (i > 0) await this.lane.backgroundTurn();
      for (const m of await this.db.messages.bulkGet(missing.slice(i, i + CATCH_UP_SLICE)))
        if (m && this.knownConversations?.has(m.conversationId) && this.store.add(m)) this.indexed++;
    }
    return { changed: gone.length + missing.length > 0, removed: gone.length > 0 };
  }

  /** How many questions and distinct terms the index holds in memory, and how many terms it counts (what `forget` lowers). */
  get held(): { questions: number; terms: number; counted: number } {
    return this.store.held;
  }

  /** The conversation of an indexed question. */
  conversationOf(id: string): string | undefined {
    return this.store.conversationOf(id);
  }

  /** Each indexed question's id, conversation and time. */
  *questions(): IterableIterator<[string, { conversationId: string; at: number }]> {
    yield* this.store.entries();
  }

  /** How many questions the index holds. */
  get size(): number {
    return this.store.size;
  }

  /** In how many indexed questions `term` occurs. */
  frequency(term: string): number {
    return this.store.frequency(term);
  }

  /** Full-text hits for `query`, best first. */
  search(query: string) {
    return this.store.search(query);
  }

  /**
   * Takes every question of these (forgotten) conversations out of the index
   * with their words (discarded, then vacuumed) and saves the index without
   * them. A pass that read them before they were forgotten finishes first, so
   * none comes back, and no save serialises until the words are out. Returns
   * the questions' ids.
   */
  forget(gone: ReadonlySet<string>): Promise<string[]> {
    // The small index of the newest questions is read again from the database, without them (at once: a load or a
    // pass may run for a while before the words below are taken out).
    this.recentIndex = undefined;
    const previous = this.forgetting;
    const run = (async () => {
      await previous?.catch(() => undefined);
      await this.catching?.catch(() => undefined);
      const ids = this.store.questionsOf(gone);
      for (const id of gone) {
        this.knownConversations?.delete(id);
        this.toReread.delete(id);
      }
      await this.store.takeOut(ids);
      if (ids.length && this.ready) this.saveSoon();
      return ids;
    })();
    const tracked = run.finally(() => {
      if (this.forgetting === tracked) this.forgetting = undefined;
    });
    tracked.catch(() => undefined);
    this.forgetting = tracked;
    return run;
  }

  /** True before the first pass: only a reload from the database can tell which questions a forgetting took. */
  get unopened(): boolean {
    return !this.knownConversations;
  }

  private saveSoon(): void {
    if (this.options.persist) this.saves.soon();
  }

  /** Resolves when a save may serialise: no pass, no forgetting, no vacuum, and the lane quiet (`saveQuietMs`). */
  private async quietMoment(): Promise<void> {
    await this.catching?.catch(() => undefined);
    await this.forgetting?.catch(() => undefined);
    while (this.store.vacuuming) await new Promise((resolve) => setTimeout(resolve, VACUUM_POLL_MS));
    await this.lane.quiet(this.options.saveQuietMs ?? SAVE_QUIET_MS);
  }

  /** Checked in the task that serialises: the moment still holds. */
  private still(): boolean {
    return !this.catching && !this.forgetting && !this.store.vacuuming && !this.lane.busy;
  }

  /** Serialises (synchronously, see `still`), then writes unless a conversation it holds is gone from the database. */
  private async write(): Promise<boolean> {
    const { data, parts } = this.store.serialise(this.knownConversations ?? []);
    const covers = this.store.lastUpdate;
    const ids = [...this.store.conversations()];
    let gone: string[] = [];
    const written = await saveIndex(
      this.db,
      { key: PAST_QUESTIONS_INDEX, format: PAST_INDEX_FORMAT, covers, data, parts, savedAt: Date.now() },
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

  /**
   * Saves the index now (after any pass, forgetting and vacuum in progress,
   * and after the questions in flight; one save at a time). Not saved when a
   * conversation it holds is gone from the database (forgotten, and this
   * index not told yet): it never writes a forgotten conversation's words
   * back. Resolves to whether it saved.
   */
  async save(): Promise<boolean> {
    await this.catching?.catch(() => undefined);
    if (!this.ready) return false;
    return this.saves.now();
  }

  /** Waits for a save already scheduled or running (tests, and before the worker's index is dropped). */
  async settled(): Promise<void> {
    await this.saves.settled();
  }

  /**
   * A small index over the newest questions, for a question that comes
   * before this index is ready: a bounded read, so it never waits on the build.
   */
  recent(): Promise<MiniSearch<QuestionDoc>> {
    // Built once for the questions that come while the index loads (each rebuild read and indexed 1,000 questions
    // again); a question asked meanwhile is in the current conversation, which retrieval leaves out anyway.
    const held = this.recentIndex;
    if (held && performance.now() - held.at < RECENT_REUSE_MS) return held.index;
    const made = { at: performance.now(), index: this.buildRecent() };
    this.recentIndex = made;
    // A build that failed is tried again by the next question.
    made.index.catch(() => {
      if (this.recentIndex === made) this.recentIndex = undefined;
    });
    return made.index;
  }

  private recentIndex: { at: number; index: Promise<MiniSearch<QuestionDoc>> } | undefined;

  private async buildRecent(): Promise<MiniSearch<QuestionDoc>> {
    const rows = await allQuestions(this.db).reverse().limit(RECENT_WINDOW).toArray();
    const index = new MiniSearch<QuestionDoc>(QUESTION_INDEX_OPTIONS);
    index.addAll(rows.map(questionDoc));
    return index;
  }
}
