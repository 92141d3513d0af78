/**
 * The memories as the question path reads them: held in memory with each
 * correction's comparison profile, loaded once in pages (in the background
 * at the worker's start) and then kept current row by row from the change
 * feed (lib/db/memory-changes.ts) and a read of the rows written in the last
 * seconds, so a question never re-reads the table. A question that comes
 * while the first load runs uses the rows loaded so far and says how many it
 * went without. The feed is best effort (another tab's notice can be lost or
 * late): learned-context.ts reads the rows it picks again before a prompt
 * gets them.
 */
import type { CodelumiDB } from '../db/db';
import type { Memory } from '../core/records';
import { watchMemoryChanges } from '../db/memory-changes';
import { within } from '../core/timing';
import { similarityProfile, type SimilarityProfile } from '../signals/text/similarity';

/** Rows read (and their profiles built) per step of the first load: a question waits at most one step of the thread. */
const PAGE = 250;
/**
 * Rows written this long before the newest one seen are read again at every
 * question: a memory stated in the page just before the question is held
 * even when the feed's notice has not arrived yet.
 */
const RECENT_OVERLAP_MS = 5_000;
/** At most this many of those rows (the newest): the read stays small when many rows share a time (an import). */
const RECENT_LIMIT = 64;

/** The memories a question is answered with. */
export interface MemorySnapshot {
  memories: Memory[];
  /** The comparison profile of a memory of the snapshot (built once per row version). */
  profileOf(m: Memory): SimilarityProfile;
  /** False while the first load runs: `memories` are the rows read so far. */
  complete: boolean;
}

/** How the cache is made: what its first load stands aside for. */
export interface MemoryProfilesOptions {
  /** Awaited between pages of the first load (the worker's question lane: questions go first). */
  turn?: () => Promise<void>;
}

/** A cache of one database's memories (see the file comment); `memoryProfiles(db)` gives the shared one. */
export class MemoryProfiles {
  private rows = new Map<string, Memory>();
  private profiles = new WeakMap<Memory, SimilarityProfile>();
  private dirty = new Set<string>();
  private needsFull = true;
  /** Moves on with every change to all rows (a clear): a page read before it is not kept. */
  private generation = 0;
  /** The newest `updatedAt` held (never past the clock: a skewed row would hide newer ones). */
  private newest = -Infinity;
  private loading: Promise<void> | undefined;
  private list: Memory[] | undefined;
  /** Rows read from the database so far by id or in pages; the bounded read of the newest rows is not counted (tests count them). */
  rowsRead = 0;
  private readonly unwatch: () => void;

  constructor(
    private readonly db: CodelumiDB,
    private readonly options: MemoryProfilesOptions = {},
  ) {
    this.unwatch = watchMemoryChanges(db.name, (change) => {
      if ('all' in change) this.dropAll();
      else for (const id of change.ids) this.dirty.add(id);
    });
  }

  /** Stops following changes (the cache is then dropped). */
  close(): void {
    this.unwatch();
  }

  /**
   * Every row may be gone (a replace import's clear, a range delete): none of
   * the old rows is served from now on, not even while they are read again.
   */
  private dropAll(): void {
    this.generation++;
    this.rows.clear();
    this.dirty.clear();
    this.list = undefined;
    this.needsFull = true;
  }

  /** Starts (or joins) the first load; resolves when every row is held. */
  start(): Promise<void> {
    if (this.needsFull && !this.loading) {
      this.needsFull = false;
      this.loading = this.loadAll().finally(() => (this.loading = undefined));
      this.loading.catch(() => (this.needsFull = true));
    }
    return this.loading ?? Promise.resolve();
  }

  /**
   * The memories now. Without `budgetMs` it waits for the whole table; with
   * it, a load still running gets at most that long and the snapshot is what
   * was read by then (`complete` false). Rows changed since the last call are
   * read again by id, never the whole table.
   */
  async snapshot(budgetMs?: number): Promise<MemorySnapshot> {
    const loading = this.start();
    const done =
      budgetMs === undefined
        ? (await loading, true)
        : ((await within(
            loading.then(() => true),
            budgetMs,
          )) ?? false);
    if (done && !this.loading) {
      await this.applyChanges();
      // A change reported elsewhere may be lost or still on its way: a count that disagrees reads the table again, in the background.
      if (this.dirty.size === 0 && !this.needsFull && (await this.db.memories.count()) !== this.rows.size) {
        this.needsFull = true;
        void this.start().catch(() => undefined);
      }
    }
    return {
      memories: (this.list ??= [...this.rows.values()]),
      profileOf: (m) => this.profileOf(m),
      complete: done && !this.loading && !this.needsFull,
    };
  }

  /**
   * Takes these rows as the database has them now (read by the caller, in
   * `ids` order; undefined for a row that is gone), whatever the feed said.
   */
  refreshRows(ids: readonly string[], fresh: readonly (Memory | undefined)[]): void {
    ids.forEach((id, i) => {
      const m = fresh[i];
      if (m) this.put(m);
      else this.rows.delete(id);
    });
    this.list = undefined;
  }

  private profileOf(m: Memory): SimilarityProfile {
    let p = this.profiles.get(m);
    if (!p) this.profiles.set(m, (p = similarityProfile(m.text)));
    return p;
  }

  private put(m: Memory): void {
    this.rows.set(m.id, m);
    this.newest = Math.max(this.newest, Math.min(m.updatedAt, Date.now()));
    // Corrections are compared with every question: profile them now, not on the question's time.
    if (m.kind === 'correction' && m.enabled === 1) this.profileOf(m);
  }

  /** Reads the rows the feed named, and those written in the last seconds (a notice from elsewhere may not be here yet). */
  private async applyChanges(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    const generation = this.generation;
    try {
      const [fresh, recent] = await Promise.all([
        ids.length ? this.db.memories.bulkGet(ids) : [],
        this.newest === -Infinity
          ? []
          : this.db.memories
              .where('updatedAt')
              .aboveOrEqual(this.newest - RECENT_OVERLAP_MS)
              .reverse()
              .limit(RECENT_LIMIT)
              .toArray(),
      ]);
      // A clear came meanwhile: these rows may be older than it, the full read that follows has them.
      if (generation !== this.generation) return;
      this.rowsRead += ids.length;
      this.refreshRows(ids, fresh);
      for (const m of recent) if (this.rows.get(m.id)?.updatedAt !== m.updatedAt) this.put(m);
      this.list = undefined;
    } catch (err) {
      for (const id of ids) this.dirty.add(id);
      throw err;
    }
  }

  /**
   * Reads every row in pages by id (a question may run between pages) and
   * drops rows no longer there. A clear during the load starts it again from
   * the first row.
   */
  private async loadAll(): Promise<void> {
    let seen = new Set<string>();
    let after: string | undefined;
    let generation = this.generation;
    for (;;) {
      const page =
        after === undefined
          ? await this.db.memories.orderBy(':id').limit(PAGE).toArray()
          : await this.db.memories.where(':id').above(after).limit(PAGE).toArray();
      if (generation !== this.generation) {
        // Read before a clear: not kept, and the load starts over.
        ({ generation } = this);
        this.needsFull = false;
        seen = new Set();
        after = undefined;
        continue;
      }
      this.rowsRead += page.length;
      for (const m of page) {
        seen.add(m.id);
        this.put(m);
      }
      this.list = undefined;
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
      await this.options.turn?.();
    }
    for (const id of this.rows.keys()) if (!seen.has(id) && !this.dirty.has(id)) this.rows.delete(id);
    this.list = undefined;
  }
}

const shared = new WeakMap<CodelumiDB, MemoryProfiles>();

/** The database's shared memory cache; `options` apply when it is first made (the worker makes it first, with its lane). */
export function memoryProfiles(db: CodelumiDB, options?: MemoryProfilesOptions): MemoryProfiles {
  let cache = shared.get(db);
  if (!cache) shared.set(db, (cache = new MemoryProfiles(db, options)));
  return cache;
}
