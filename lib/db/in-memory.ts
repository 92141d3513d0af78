/**
 * A Codelumi database that lives in memory only (fake-indexeddb): the same
 * schema and functions as the stored one, so a temporary chat runs every
 * chat function unchanged while nothing of it reaches the browser's
 * IndexedDB. It is gone with the page, or when dropped.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase, type CodelumiDB } from './db';

/** The name of an in-memory database (never the stored one's, so no live query of the stored one wakes for it). */
export const IN_MEMORY_DB_NAME = 'codelumi-temporary';

/** A fresh, empty database in memory: its own factory, so nothing is shared with any other. */
export function createInMemoryDatabase(): CodelumiDB {
  return createDatabase({
    name: IN_MEMORY_DB_NAME,
    indexedDB: new IDBFactory(),
    IDBKeyRange: IDBKeyRange as unknown as typeof globalThis.IDBKeyRange,
  });
}
