/**
 * A real PostgreSQL server through node-postgres: how the hub is deployed
 * (`DATABASE_URL`, e.g. the compose file's postgres:16).
 */
import pg from 'pg';
import type { HubDb, Queryable } from './db';

// COUNT(*) and SUM come back as int8; the hub's numbers stay far below 2^53, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Connects a pool to `url`. With `schema`, every connection works in that
 * schema (created when missing): the tests run side by side in one database.
 */
export async function openPostgres(url: string, schema?: string): Promise<HubDb> {
  if (schema !== undefined && !/^\w{1,63}$/.test(schema)) throw new Error(`Not a schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server (a restart) is reported here; without a listener it would end the process.
  pool.on('error', (err) => console.error('hub: PostgreSQL connection lost:', err.message));
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const query = async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[];
  return {
    kind: 'postgres',
    query,
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      const tx: Queryable = {
        query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
      };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
