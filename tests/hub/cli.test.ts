import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '@/hub/config';
import { freshPgliteDir } from './pglite-dir';
import { batch } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let dataDir = '';
const env = () => ({ ...process.env, DATABASE_URL: '', HUB_DATA_DIR: dataDir, HUB_PORT: '0', HUB_K: '1' });

const started: ChildProcess[] = [];

/** Starts `npm run hub`'s command; resolves with its address and a way to wait for a line of its output. */
async function startCli(): Promise<{ child: ChildProcess; url: string; waitFor(text: string): Promise<string> }> {
  const child = spawn(TSX, ['hub/cli.ts'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += String(d);
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitFor = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => out.includes(text) && resolve(out);
      waiters.push(check);
      child.once('exit', (code) => reject(new Error(`hub ended (${code}) before "${text}":\n${out}`)));
      check();
    });
  await waitFor('listening on');
  const url = /listening on (http:\/\/\S+)/.exec(out)![1];
  return { child, url, waitFor };
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

const aggregateCli = () => spawnSync(TSX, ['hub/cli.ts', 'aggregate'], { cwd: ROOT, env: env(), encoding: 'utf8' });

describe('npm run hub', () => {
  beforeAll(async () => {
    dataDir = await freshPgliteDir();
  }, 120_000);
  afterAll(async () => {
    // A failed test leaves its hub running: stop it before removing its folder.
    for (const child of started) if (child.exitCode === null && child.signalCode === null) await stop(child);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Three processes (two of them open the database) take 10 to 30 s on a busy two-core machine.
  it(
    'serves from its data folder, aggregates on request while running, and keeps the data once stopped',
    { timeout: 90_000 },
    async () => {
      const first = await startCli();
      const res = await fetch(`${first.url}/v1/contributions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(batch()),
      });
      expect(res.status).toBe(201);
      // The folder is the running hub's: `aggregate` asks it rather than opening the database a second time.
      expect(aggregateCli().stdout).toContain('Asked the running hub');
      await first.waitFor('published pack v1');
      expect(await stop(first.child)).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'hub.pid'))).toBe(false);

      // Stopped: `aggregate` opens the folder itself and finds the rows kept on disk, with nothing new since v1.
      const direct = aggregateCli();
      expect(direct.status).toBe(0);
      expect(direct.stdout).toContain('nothing new (1 pattern rows, 1 signal rows)');
    },
  );
});

describe('hub settings', () => {
  it('reads the defaults and refuses a setting that is not a valid number, naming it', () => {
    expect(readConfig({})).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      k: 5,
      epsilon: 1,
      aggregateEverySeconds: 86_400,
      rateLimit: { batches: 60, windowSeconds: 3600 },
    });
    expect(readConfig({}).dataDir).toBe(path.join(ROOT, '.hub-data'));
    expect(() => readConfig({ HUB_K: 'five' })).toThrow(/HUB_K/);
    expect(() => readConfig({ HUB_EPSILON: '0' })).toThrow(/HUB_EPSILON/);
  });
});
