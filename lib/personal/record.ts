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

/** Changes a row's status (and its error), stamping `updatedAt`. */
export async function markVersion(
  db: CodelumiDB,
  id: string,
  status: PersonalModel['status'],
  now: number,
  error?: string,
): Promise<void> {
  await guardWrite(() => db.personalModels.update(id, { status, updatedAt: now, error }));
}
