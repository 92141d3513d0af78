/**
 * The embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly): what
 * `npm run hub` uses when no DATABASE_URL is set, so the hub runs on one
 * machine with no server to install.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { HubDb } from './db';

/** Opens (creating when missing) the embedded database kept in `dataDir`, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<HubDb> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (work) =>
      pg.transaction((tx) =>
        work({ query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows }),
      ),
    close: () => pg.close(),
  };
}
