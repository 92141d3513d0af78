/**
 * The rows of db.personalModels: a version is written `creating` before the
 * request goes out and then marked `created` or `failed` (with the user's
 * words for why), so a reload mid-create never loses that it was tried.
 */
import type { CodelumiDB } from '../db/db';
import type { PersonalModel } from '../core/records';
import { guardWrite } from '../db/guard';

/** Every version, newest first (deleted ones too: their numbers stay taken). */
export async function allVersions(db: CodelumiDB): Promise<PersonalModel[]> {
  const rows = await db.personalModels.toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt || b.version - a.version);
}

/** Writes a new row; the row as stored. */
export async function recordVersion(db: CodelumiDB, row: PersonalModel): Promise<PersonalModel> {
  await guardWrite(() => db.personalModels.put(row));
  return row;
}

type Status = PersonalModel['status'];

/**
 * The statuses a create's own outcome may replace: `created` also over a
 * `failed` that another tab guessed for a create it took as left behind (the
 * create's own answer is the truer one); `failed` only over `creating`, so
 * another tab's finding that Ollama has the model stands; neither over `deleted`.
 */
export const CREATE_OUTCOME_FROM: Record<'created' | 'failed', readonly Status[]> = {
  created: ['creating', 'failed'],
  failed: ['creating'],
};

/**
 * Changes a row's status (and its error), stamping `updatedAt`, only while
 * the row is in one of the `from` statuses and `when` (if given) holds for
 * it: read and written in one transaction, so a change made meanwhile by
 * another tab (a deletion above all) is never overwritten. Resolves with
 * whether the row was changed.
 */
export async function markVersion(
  db: CodelumiDB,
  id: string,
  status: Status,
  now: number,
  options: { from: readonly Status[]; error?: string; when?: (row: PersonalModel) => boolean },
): Promise<boolean> {
  return guardWrite(() =>
    db.transaction('rw', db.personalModels, async () => {
      const row = await db.personalModels.get(id);
      if (!row || !options.from.includes(row.status) || (options.when && !options.when(row))) return false;
      await db.personalModels.update(id, { status, updatedAt: now, error: options.error });
      return true;
    }),
  );
}
