/** Every row of every table of a Codelumi database, as one JSON text (to look for words that must be gone). */
import type { CodelumiDB } from '@/lib/db/db';

/** The whole database as JSON, table by table (vectors as arrays). */
export async function dumpDatabase(db: CodelumiDB): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const table of db.tables) tables[table.name] = await table.toArray();
  return JSON.stringify(tables, (_key, value: unknown) => (value instanceof Float32Array ? [...value] : value));
}
