import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAggregation } from '@/hub/aggregate/job';
import { seededRandom as seededRng } from '../support/random';
import { storeBatch, withdrawInstall } from '@/hub/contributions';
import type { HubDb } from '@/hub/db/db';
import { openDatabase } from '@/hub/db/open';
import { latestPack } from '@/hub/pack';
import { freshPgliteDir } from './pglite-dir';
import { batch, newInstallKey, signal } from './support';

const LIMIT = { batches: 100, windowSeconds: 3600 };
const PARAMS = { k: 3, epsilon: 1, clamp: 10, rng: seededRng(3) };

describe('aggregation job (embedded PostgreSQL)', () => {
  let db: HubDb;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await freshPgliteDir();
    db = await openDatabase({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes nothing until a pattern reaches k installs, then a pack and the signal statistics', async () => {
    const keys = [newInstallKey(), newInstallKey(), newInstallKey()];
    for (const installKey of keys.slice(0, 2)) await storeBatch(db, batch({ installKey }), LIMIT);
    const early = await runAggregation(db, PARAMS);
    expect(early).toMatchObject({ changed: true, pack: undefined, signalCells: 0 });
    expect(await latestPack(db)).toBeUndefined();

    await storeBatch(db, batch({ installKey: keys[2], signals: [signal(), signal({ signal: 'thanks' })] }), LIMIT);
    const published = await runAggregation(db, PARAMS);
    expect(published.pack?.version).toBe(1);
    expect(published.pack?.kinds.map((k) => k.questionKind)).toEqual(['react/debug']);
    expect(await latestPack(db)).toEqual(published.pack);
    // code_ran_ok came from three installs, thanks from one.
    const cells = await db.query<{ signal: string; installs: number }>(
      'SELECT signal, installs FROM signal_aggregates',
    );
    expect(cells.map((c) => c.signal)).toEqual(['code_ran_ok']);
    expect(cells[0].installs).toBeGreaterThanOrEqual(3);
  });

  it('does not publish again while nothing changed', async () => {
    const before = await latestPack(db);
    const again = await runAggregation(db, PARAMS);
    expect(again.changed).toBe(false);
    expect(again.pack).toBeUndefined();
    expect(await latestPack(db)).toEqual(before);
  });

  it('publishes a pack without a pattern once a withdrawal takes it below k, even when nothing else is left', async () => {
    const [row] = await db.query<{ install_key: string }>('SELECT install_key FROM pattern_contributions LIMIT 1');
    expect(await withdrawInstall(db, row.install_key)).toBe(2);
    const after = await runAggregation(db, PARAMS);
    expect(after.pack).toMatchObject({ version: 2, kinds: [] });
    expect((await latestPack(db))?.version).toBe(2);
    expect(await db.query('SELECT * FROM signal_aggregates')).toEqual([]);
  });
});
