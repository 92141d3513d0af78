/**
 * The memories as the question path reads them: held in memory with each
 * correction's comparison profile, loaded once in pages (in the background
 * at the worker's start) and then kept current row by row from the change
 * feed (lib/db/memory-changes.ts), so a question never re-reads the table. A
 * question that comes while the first load runs uses the rows loaded so far
 * and says how many it went without.
 */
import type { CodelumiDB } from '../db/db';
import type { Memory } from '../core/records';
import { watchMemoryChanges } from '../db/memory-changes';
import { within } from '../core/timing';
import { similarityProfile, type SimilarityProfile } from '../signals/text/similarity';

/** Rows read (and their profiles built) per step of the first load: a question waits at most one step of the thread. */
const PAGE = 250;

/** The memories a question is answered with. */
export interface MemorySnapshot {
  memories: Memory[];
  /** The comparison profile of a memory of the snapshot (built once per row version). */
  profileOf(m: Memory): SimilarityProfile;
  /** False while the first load runs: `memories` are the rows read so far. */
  complete: boolean;
}

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
  private loading: Promise<void> | undefined;
  private list: Memory[] | undefined;
  /** Rows read from the database so far (tests count them). */
  rowsRead = 0;
  private readonly unwatch: () => void;

  constructor(
    private readonly db: CodelumiDB,
    private readonly options: MemoryProfilesOptions = {},
  ) {
    this.unwatch = watchMemoryChanges(db.name, (change) => {
      if ('all' in change) this.needsFull = true;
      else for (const id of change.ids) this.dirty.add(id);
    });
  }

  /** Stops following changes (the cache is then dropped). */
  close(): void {
    this.unwatch();
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
      // A change reported elsewhere may still be on its way: a count that disagrees reads the table again, in the background.
      if (this.dirty.size === 0 && !this.needsFull && (await this.db.memories.count()) !== this.rows.size) {
        this.needsFull = true;
        void this.start().catch(() => undefined);
      }
    }
    return {
      memories: (this.list ??= [...this.rows.values()]),
      profileOf: (m) => this.profileOf(m),
      complete: done && !this.loading,
    };
  }

  private profileOf(m: Memory): SimilarityProfile {
    let p = this.profiles.get(m);
    if (!p) this.profiles.set(m, (p = similarityProfile(m.text)));
    return p;
  }

  private put(m: Memory): void {
    this.rows.set(m.id, m);
    // Corrections are compared with every question: profile them now, not on the question's time.
    if (m.kind === 'correction' && m.enabled === 1) this.profileOf(m);
  }

  private async applyChanges(): Promise<void> {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    try {
      const fresh = await this.db.memories.bulkGet(ids);
      this.rowsRead += ids.length;
      ids.forEach((id, i) => {
        const m = fresh[i];
        if (m) this.put(m);
        else this.rows.delete(id);
      });
      this.list = undefined;
    } catch (err) {
      for (const id of ids) this.dirty.add(id);
      throw err;
    }
  }

  /** Reads every row in pages by id (a question may run between pages) and drops rows no longer there. */
  private async loadAll(): Promise<void> {
    const seen = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const page =
        after === undefined
          ? await this.db.memories.orderBy(':id').limit(PAGE).toArray()
          : await this.db.memories.where(':id').above(after).limit(PAGE).toArray();
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
