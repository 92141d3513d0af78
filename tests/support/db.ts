/**
 * Test databases: a real Dexie database over fake-indexeddb, each with its
 * own IndexedDB factory and a unique name, so tests never share rows.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase, type CodelumiDB } from '@/lib/db/db';

let counter = 0;

/** A unique database name for this test run. */
export function uniqueDbName(prefix = 'codelumi-test'): string {
  counter += 1;
  return `${prefix}-${counter}-${globalThis.crypto.randomUUID()}`;
}

/** A fresh, empty Codelumi database at the current schema version (not yet opened). */
export function freshDatabase(factory: IDBFactory = new IDBFactory()): CodelumiDB {
  return createDatabase({ name: uniqueDbName(), indexedDB: factory, IDBKeyRange });
}

export { IDBFactory, IDBKeyRange };
