/**
 * The hubs the API tests run against: the embedded PGlite always, and a real
 * PostgreSQL server when HUB_TEST_DATABASE_URL names one (`.ci/run` installs
 * and starts Debian's postgresql and sets it). Each test hub listens on a
 * free loopback port and works in a schema of its own on the server.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { HubConfig } from '@/hub/config';
import { openDatabase } from '@/hub/db/open';
import { startHub, type RunningHub } from '@/hub/server';
import { freshPgliteDir } from './pglite-dir';

export const TEST_DATABASE_URL = process.env.HUB_TEST_DATABASE_URL?.trim() || undefined;

export interface Backend {
  name: string;
  /** Why this backend is skipped, or undefined when it runs. */
  skip?: string;
  start(config: HubConfig): Promise<RunningHub>;
}

/** A hub configuration for tests: k = 2, exact counts (a huge epsilon), 3 batches per key per hour, no schedule. */
export function testConfig(over: Partial<HubConfig> = {}): HubConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '',
    k: 2,
    epsilon: 1e12,
    clamp: 1_000,
    aggregateEverySeconds: 0,
    rateLimit: { batches: 3, windowSeconds: 3600 },
    ...over,
  };
}

export const BACKENDS: Backend[] = [
  {
    name: 'embedded PostgreSQL (PGlite)',
    start: async (config) => {
      const dataDir = await freshPgliteDir();
      const hub = await startHub(config, { db: await openDatabase({ dataDir }) });
      return {
        ...hub,
        close: async () => {
          await hub.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL server (HUB_TEST_DATABASE_URL)',
    skip: TEST_DATABASE_URL
      ? undefined
      : 'HUB_TEST_DATABASE_URL is not set: the hub API tests against a real PostgreSQL server are skipped ' +
        '(bash .ci/run installs and starts one; or set it to e.g. postgres://user:pass@127.0.0.1/db)',
    start: async (config) => {
      const schema = `hub_test_${randomBytes(6).toString('hex')}`;
      const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
      const hub = await startHub(config, { db });
      return {
        ...hub,
        close: async () => {
          await db.exec(`DROP SCHEMA ${schema} CASCADE`);
          await hub.close();
        },
      };
    },
  },
];
