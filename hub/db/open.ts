/** Chooses the hub's PostgreSQL: a real server when a URL is given, else the embedded one. */
import type { HubDb } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface DbTarget {
  /** A PostgreSQL connection URL; the embedded database when absent. */
  databaseUrl?: string;
  /** The embedded database's folder; in memory when absent. */
  dataDir?: string;
  /** With a URL: work in this schema (the tests). */
  schema?: string;
}

/** Opens the database and brings its tables to the newest migration before anything else uses it. */
export async function openDatabase(target: DbTarget): Promise<HubDb> {
  const db = target.databaseUrl
    ? await openPostgres(target.databaseUrl, target.schema)
    : await openPglite(target.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
