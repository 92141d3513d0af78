/**
 * The hub's one database interface, over PostgreSQL either embedded (PGlite,
 * `npm run hub` with no set-up) or a real server (`DATABASE_URL`). The rest
 * of the hub writes plain PostgreSQL through it and never knows which.
 */

/** Runs one parameterized statement ($1, $2 …) and returns its rows. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface HubDb extends Queryable {
  /** Which PostgreSQL this is, for the start-up line and the tests. */
  readonly kind: 'pglite' | 'postgres';
  /** Runs a script of several statements without parameters (the migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
