/**
 * Starting the hub: the database (migrated), the HTTP API and the aggregation
 * schedule, and stopping them in order.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createHubApp } from './api/app';
import { runAggregation, type AggregationOutcome } from './aggregate/job';
import type { HubConfig } from './config';
import type { HubDb } from './db/db';
import { lockDataDir } from './db/lock';
import { openDatabase, type DbTarget } from './db/open';

export interface RunningHub {
  /** Where it listens, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  db: HubDb;
  /** Runs the aggregation after any running one (what the schedule and SIGUSR2 do too). */
  aggregate(): Promise<AggregationOutcome>;
  /** Stops listening, the schedule and the database. */
  close(): Promise<void>;
}

/** One line about an aggregation run, for the hub's output. */
export function describeAggregation(o: AggregationOutcome): string {
  if (!o.changed) return `aggregation: nothing new (${o.patternRows} pattern rows, ${o.signalRows} signal rows)`;
  const pack = o.pack
    ? `published pack v${o.pack.version} with ${o.pack.kinds.length} question kinds, ${o.pack.kinds.reduce((n, k) => n + k.styles.length, 0)} styles`
    : 'no pack yet (no pattern reached k installs)';
  return `aggregation: ${pack}; ${o.signalCells} signal cells; from ${o.patternRows} pattern rows, ${o.signalRows} signal rows`;
}

/** The database `config` names: a PostgreSQL server, or the embedded one in the data folder (taken for this process). */
export async function openConfiguredDatabase(
  config: HubConfig,
  extra: Partial<DbTarget> = {},
): Promise<{ db: HubDb; release: () => void }> {
  if (config.databaseUrl)
    return { db: await openDatabase({ databaseUrl: config.databaseUrl, ...extra }), release: () => {} };
  const release = lockDataDir(config.dataDir);
  try {
    return { db: await openDatabase({ dataDir: config.dataDir, ...extra }), release };
  } catch (err) {
    release();
    throw err;
  }
}

/** Starts the hub as `config` says; resolves once it listens. */
export async function startHub(config: HubConfig, opened?: { db: HubDb; release?: () => void }): Promise<RunningHub> {
  const { db, release = () => {} } = opened ?? (await openConfiguredDatabase(config));
  const app = createHubApp({ db, rateLimit: config.rateLimit });
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    await db.close();
    release();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} on ${config.host} is in use (another hub?); set HUB_PORT to another port`);
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  // One aggregation at a time (the schedule, SIGUSR2, tests), and close() waits for the one running.
  let chain: Promise<unknown> = Promise.resolve();
  const aggregate = () => {
    const run = chain.then(() => runAggregation(db, config));
    chain = run.catch(() => undefined);
    return run;
  };
  const scheduled = () => {
    // A failed run is reported; the next one tries again.
    aggregate().then(
      (o) => console.log(`hub: ${describeAggregation(o)}`),
      (err) => console.error('hub: aggregation failed:', err),
    );
  };
  const timer =
    config.aggregateEverySeconds > 0 ? setInterval(scheduled, config.aggregateEverySeconds * 1000) : undefined;
  timer?.unref();
  // Once at start too: rows that arrived or were withdrawn before a restart (or a new k) need not wait a period.
  if (timer) scheduled();

  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    db,
    aggregate,
    close: async () => {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chain;
      await db.close();
      release();
    },
  };
}
