/**
 * An archive from an older database version goes through the database's own
 * migrations: its rows are written into a scratch database declared only up
 * to the archive's version, which is then opened with every version declared,
 * so Dexie runs the same upgrade functions (lib/db/schema.ts) an old profile
 * runs when it opens. The upgraded rows are read back and the scratch
 * database deleted. One left behind (the tab closed or the worker died during
 * an upgrade) is deleted by `removeUpgradeLeftovers` when the worker next starts.
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

/** Every scratch database's name starts with this, and no other database's does (the real one is `codelumi`). */
export const SCRATCH_PREFIX = 'codelumi-archive-upgrade-';

/** The Web Lock an upgrade holds on its scratch database while it works: another tab never deletes one in use. */
export const scratchLock = (name: string) => `codelumi:${name}`;

/** Scratch databases in use by an upgrade in this worker (for platforms without Web Locks). */
const inUse = new Set<string>();

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
export type ScratchPlatform = Pick<OpenOptions, 'indexedDB' | 'IDBKeyRange'> & {
  /** Web Locks, shared by every tab of the profile: an upgrade holds one on its scratch database. */
  locks?: LockManager;
};

const dexieDeps = (platform: ScratchPlatform) => {
  const deps: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (platform.indexedDB) deps.indexedDB = platform.indexedDB;
  if (platform.IDBKeyRange) deps.IDBKeyRange = platform.IDBKeyRange;
  return deps;
};

/**
 * Deletes the scratch databases an interrupted upgrade left behind (each holds
 * a copy of an archive's rows) and returns their names. Only names starting
 * with `SCRATCH_PREFIX` are touched, never the real database; one an upgrade
 * is still using (its Web Lock held, in any tab, or in use in this worker) is
 * left alone.
 */
export async function removeUpgradeLeftovers(platform: ScratchPlatform = {}): Promise<string[]> {
  const factory = platform.indexedDB ?? globalThis.indexedDB;
  // A browser that cannot list its databases (Firefox before 126) cannot find leftovers either.
  if (typeof factory.databases !== 'function') return [];
  const names = (await factory.databases())
    .map((d) => d.name)
    .filter((name): name is string => !!name?.startsWith(SCRATCH_PREFIX) && !inUse.has(name));
  const removed: string[] = [];
  for (const name of names) {
    const remove = async () => {
      await new Dexie(name, dexieDeps(platform)).delete();
      removed.push(name);
    };
    if (platform.locks)
      await platform.locks.request(scratchLock(name), { ifAvailable: true }, async (lock) => {
        if (lock) await remove();
      });
    else await remove();
  }
  return removed;
}

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
  const name = `${SCRATCH_PREFIX}${newId()}`;
  inUse.add(name);
  try {
    return platform.locks
      ? ((await platform.locks.request(scratchLock(name), () =>
          upgradeIn(name, archive, platform, hooks),
        )) as ParsedArchive)
      : await upgradeIn(name, archive, platform, hooks);
  } finally {
    inUse.delete(name);
  }
}

/** The upgrade itself, through the scratch database `name` (deleted at the end, whatever happens). */
async function upgradeIn(
  name: string,
  archive: ParsedArchive,
  platform: ScratchPlatform,
  hooks: ArchiveHooks,
): Promise<ParsedArchive> {
  const from = archive.header.schemaVersion;
  const old = new Dexie(name, dexieDeps(platform));
  declareSchema(declaredUpTo(old, from));
  const upgraded = createDatabase({ name, indexedDB: platform.indexedDB, IDBKeyRange: platform.IDBKeyRange });
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
