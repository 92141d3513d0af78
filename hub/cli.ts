/**
 * `npm run hub`: the Codelumi Hub on this machine (embedded PostgreSQL in
 * HUB_DATA_DIR, or the server at DATABASE_URL). `npm run hub -- aggregate`
 * runs the aggregation once and prints what it published; when a hub is
 * running on the same embedded database, it asks that hub to do it.
 */
import { readConfig } from './config';
import { runAggregation } from './aggregate/job';
import { lockHolder } from './db/lock';
import { describeAggregation, openConfiguredDatabase, startHub } from './server';

const USAGE = 'Usage: npm run hub [-- serve | aggregate]';

async function serveHub(): Promise<void> {
  const config = readConfig();
  const hub = await startHub(config);
  const where = config.databaseUrl ? 'PostgreSQL at DATABASE_URL' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  console.log(`Codelumi Hub listening on ${hub.url} (${where})`);
  console.log(
    `k = ${config.k}, epsilon = ${config.epsilon}, aggregating ${config.aggregateEverySeconds > 0 ? `every ${config.aggregateEverySeconds} s` : 'on demand only'}`,
  );
  const onAggregateSignal = () =>
    hub.aggregate().then(
      (o) => console.log(`hub: ${describeAggregation(o)}`),
      (err) => console.error('hub: aggregation failed:', err),
    );
  process.on('SIGUSR2', onAggregateSignal);
  const stop = () => {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    hub.close().then(
      () => process.exit(0),
      (err) => {
        console.error('hub: stopping failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}

async function aggregateOnce(): Promise<void> {
  const config = readConfig();
  const holder = config.databaseUrl ? undefined : lockHolder(config.dataDir);
  if (holder !== undefined) {
    // On Windows a signal ends the process instead of being delivered.
    if (process.platform === 'win32') {
      throw new Error(
        `The hub (process ${holder}) is using ${config.dataDir}; stop it first, or let its schedule aggregate`,
      );
    }
    process.kill(holder, 'SIGUSR2');
    console.log(`Asked the running hub (process ${holder}) to aggregate now; its output says what it published.`);
    return;
  }
  const { db, release } = await openConfiguredDatabase(config);
  try {
    console.log(describeAggregation(await runAggregation(db, config)));
  } finally {
    await db.close();
    release();
  }
}

const command = process.argv[2] ?? 'serve';
const commands: Record<string, () => Promise<void>> = { serve: serveHub, aggregate: aggregateOnce };
if (!(command in commands)) {
  console.error(`Unknown command "${command}". ${USAGE}`);
  process.exit(2);
}
commands[command]().catch((err: unknown) => {
  console.error(`hub: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
