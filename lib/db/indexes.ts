/**
 * The saved search indexes (table `indexes`, schema v12): the analysis
 * worker's past-question index and each project's chunk index, so a start
 * loads them instead of rebuilding them. Derived data: a missing, old or
 * unreadable row only means a rebuild.
 */
import type { CodelumiDB } from './db';
import type { PersistedIndex } from '../core/records';
import { guardWrite } from './guard';

/** The key of the past-questions index (lib/retrieval/past.ts). */
export const PAST_QUESTIONS_INDEX = 'past-questions';

/** The key of a project's chunk index (lib/projects/ranking.ts). */
export function projectChunksIndex(projectId: string): string {
  return `project-chunks:${projectId}`;
}

/**
 * The saved index under `key` when it has this `format`; undefined when there
 * is none, it has another format, or it cannot be read (the caller rebuilds).
 * Never throws.
 */
export async function readIndex(db: CodelumiDB, key: string, format: number): Promise<PersistedIndex | undefined> {
  try {
    const row = await db.indexes.get(key);
    const readable =
      typeof row?.data === 'string' ||
      (typeof Blob === 'function' &&
        row?.data instanceof Blob &&
        (row.parts === undefined ||
          (Array.isArray(row.parts) && row.parts.every((n) => Number.isInteger(n) && n >= 0))));
    return row && row.format === format && readable ? row : undefined;
  } catch (err) {
    console.warn(`Codelumi could not read the saved index ${key}; it is rebuilt`, err);
    return undefined;
  }
}

/**
 * Saves an index, unless `stillCovered` (called inside the same read-write
 * transaction, over `reads` too) says part of what it holds is gone: a
 * conversation forgotten or a project deleted since the index read it, so
 * nothing forgotten comes back through a save racing the forgetting.
 * Resolves to whether the row was written.
 */
export async function saveIndex(
  db: CodelumiDB,
  row: PersistedIndex,
  reads: { name: string }[] = [],
  stillCovered: () => Promise<boolean> = async () => true,
): Promise<boolean> {
  return guardWrite(() =>
    db.transaction('rw', [db.indexes, ...reads.map((t) => t.name)], async () => {
      if (!(await stillCovered())) return false;
      await db.indexes.put(row);
      return true;
    }),
  );
}

/** Removes a saved index (a project deleted, a conversation forgotten: it is saved again without them). */
export async function dropIndex(db: CodelumiDB, key: string): Promise<void> {
  await guardWrite(() => db.indexes.delete(key));
}
