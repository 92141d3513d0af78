/** Row counts of every table, for the storage overview in Settings (counting is cheap; sizing rows is not). */
import type { CodelumiDB } from './db';

export interface TableCount {
  table: string;
  rows: number;
}

/** Counts every table's rows. */
export async function countRows(db: CodelumiDB): Promise<TableCount[]> {
  return Promise.all(db.tables.map(async (t) => ({ table: t.name, rows: await t.count() })));
}
