/**
 * Importing an archive file, start to end: read and check every line, bring
 * an older archive's rows up to the current schema, then write them in one
 * transaction. Anything wrong before the commit leaves the database as it was.
 */
import type { CodelumiDB } from '../db/db';
import type { ArchiveHooks } from './format';
import { readArchive } from './read';
import { restoreArchive, type ImportMode, type ImportReport } from './restore';
import { upgradeArchive, type ScratchPlatform } from './upgrade';

export interface ImportOptions {
  mode: ImportMode;
  /** Where an older archive's scratch database is made; the browser's own IndexedDB when not given. */
  platform?: ScratchPlatform;
}

/**
 * Imports `file` into `db` by `options.mode` (restore.ts says what replace and
 * merge keep). Throws `invalid:import` for a file that is not a whole,
 * readable archive of this or an older version, `aborted:user` when
 * cancelled, `quota:db` when the disk is full; in each case nothing changed.
 */
export async function importArchive(
  db: CodelumiDB,
  file: Blob,
  options: ImportOptions,
  hooks: ArchiveHooks = {},
): Promise<ImportReport> {
  await db.open();
  const parsed = await readArchive(file, db.verno, hooks);
  const current = await upgradeArchive(parsed, db.verno, options.platform, hooks);
  return restoreArchive(db, current, options.mode, hooks, parsed.header.schemaVersion);
}
