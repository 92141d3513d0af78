/**
 * An archive from an older database version goes through the database's own
 * migrations: its rows are written into a scratch database declared only up
 * to the archive's version, which is then opened with every version declared,
 * so Dexie runs the same upgrade functions (lib/db/schema.ts) an old profile
 * runs when it opens. The upgraded rows are read back and the scratch
 * database deleted.
 */
import Dexie from 'dexie';
import { createDatabase, type OpenOptions } from '../db/db';
import { declareSchema } from '../db/schema';
import { newId } from '../core/ids';
import type { ArchiveHooks, ArchiveTable } from './format';
import type { ParsedArchive } from './read';
import { badArchive } from './errors';

/** Rows written per scratch transaction. */
const CHUNK = 5000;

/**
 * `db` as declareSchema sees it, with the versions after `last` left out: the
 * schema's own declarations and upgrades, stopped at an older version.
 */
function declaredUpTo(db: Dexie, last: number): Dexie {
  const skipped = { stores: () => skipped, upgrade: () => skipped };
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'version') return (n: number) => (n <= last ? target.version(n) : skipped);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** The platform parts a scratch database needs (the browser's own when not given). */
export type ScratchPlatform = Pick<OpenOptions, 'indexedDB' | 'IDBKeyRange'>;

/**
 * `archive`'s rows as the current schema has them: an archive at an older
 * `schemaVersion` is upgraded through the database's migrations; one at the
 * current version is returned as is. Throws `invalid:import` when the archive
 * holds a table its version did not have.
 */
export async function upgradeArchive(
  archive: ParsedArchive,
  currentVersion: number,
  platform: ScratchPlatform = {},
  hooks: ArchiveHooks = {},
): Promise<ParsedArchive> {
  const from = archive.header.schemaVersion;
  if (from >= currentVersion) return archive;
  const name = `codelumi-archive-upgrade-${newId()}`;
  const deps: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (platform.indexedDB) deps.indexedDB = platform.indexedDB;
  if (platform.IDBKeyRange) deps.IDBKeyRange = platform.IDBKeyRange;
  const old = new Dexie(name, deps);
  declareSchema(declaredUpTo(old, from));
  const upgraded = createDatabase({ name, ...platform });
  try {
    await old.open();
    const known = new Set(old.tables.map((t) => t.name));
    let done = 0;
    for (const [table, rows] of archive.rows) {
      if (!known.has(table))
        throw badArchive(
          `The archive is damaged: it holds rows of ${table}, which database version ${from} did not have.`,
        );
      for (let i = 0; i < rows.length; i += CHUNK) {
        await old.table(table).bulkPut(rows.slice(i, i + CHUNK));
        done += Math.min(CHUNK, rows.length - i);
        hooks.onProgress?.({ phase: 'upgrading', done, total: archive.count * 2, unit: 'rows' });
      }
    }
    old.close();
    await upgraded.open();
    const rows = new Map<ArchiveTable, Record<string, unknown>[]>();
    for (const table of archive.rows.keys()) {
      const list = (await upgraded.table(table).toArray()) as Record<string, unknown>[];
      rows.set(table, list);
      done += list.length;
      hooks.onProgress?.({ phase: 'upgrading', done, total: archive.count * 2, unit: 'rows' });
    }
    return { header: { ...archive.header, schemaVersion: upgraded.verno }, rows, count: archive.count };
  } finally {
    old.close();
    // Deleting waits for both connections to close; the scratch copy holds the user's data and must not stay.
    await upgraded.delete();
  }
}
