/**
 * `npm run bench -- hub`: the Codelumi Hub under load on loopback. Starts
 * `npm run hub` (embedded PostgreSQL, PGlite, in a fresh folder) in its own
 * process, sends contribution batches from 8 concurrent clients for a
 * bounded time (contributions per second, latency percentiles), fills the
 * database up to 100,000 contributions (signal and pattern rows), then stops
 * the hub and reports the database's size and one aggregation's time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAggregation } from '../../hub/aggregate/job';
import { openDatabase } from '../../hub/db/open';
import { WIRE_SIGNAL_KINDS, type ContributionBatch } from '../../lib/privacy/hub-api';
import { percentile, ROOT } from './harness';

export const TOTAL_CONTRIBUTIONS = 100_000;
const CLIENTS = 8;
const SUSTAINED_MS = 20_000;
const INSTALLS = 5_000;

const TOPICS = ['react', 'python', 'rust', 'go', 'sql', 'css', 'node', 'java', 'bash', 'docker'];
const INTENTS = ['debug', 'explain', 'write', 'review', 'test'];
const KINDS = TOPICS.flatMap((t) => INTENTS.map((i) => `${t}/${i}`));
const STYLES = ['short', 'medium', 'long'].flatMap((len) =>
  ['code', 'prose'].flatMap((first) =>
    ['steps', 'no-steps'].flatMap((steps) => ['tests', 'no-tests'].map((t) => `${len}|${first}-first|${steps}|${t}`)),
  ),
);
const WEEKS = Array.from({ length: 10 }, (_, i) => `2026-W${40 + i}`);

export interface HubBenchResult {
  sustained: { seconds: number; batches: number; rows: number; p50Ms: number; p95Ms: number; p99Ms: number };
  /** Rows per batch in the sustained phase (signals + patterns). */
  rowsPerBatch: number;
  fill: { seconds: number; batches: number };
  stored: { batches: number; patternRows: number; signalRows: number };
  databaseBytes: number;
  diskBytes: number;
  aggregationMs: number;
  packKinds: number;
  packStyles: number;
}

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
const installKeys = Array.from({ length: INSTALLS }, () => `ck_${randomBytes(32).toString('base64url')}`);

/** A batch from a random install with `signals` and `patterns` rows, each cell once. */
function randomBatch(signals: number, patterns: number): ContributionBatch {
  const signalRows = new Map<string, ContributionBatch['signals'][number]>();
  while (signalRows.size < signals) {
    const row = {
      week: pick(WEEKS),
      questionKind: pick(KINDS),
      signal: pick(WIRE_SIGNAL_KINDS),
      count: 1 + Math.floor(Math.random() * 30),
    };
    signalRows.set(`${row.week} ${row.questionKind} ${row.signal}`, row);
  }
  const patternRows = new Map<string, ContributionBatch['patterns'][number]>();
  while (patternRows.size < patterns) {
    const questionKind = pick(KINDS);
    const answerStyle = pick(STYLES);
    patternRows.set(`${questionKind} ${answerStyle}`, {
      questionKind,
      answerStyle,
      successes: Math.floor(Math.random() * 40),
      failures: Math.floor(Math.random() * 10),
      description: `${questionKind.replace('/', ' ')}: ${answerStyle.split('|').join(', ')}`,
    });
  }
  return {
    v: 1,
    batchId: randomUUID(),
    installKey: pick(installKeys),
    tier: 3,
    createdAt: new Date().toISOString(),
    signals: [...signalRows.values()],
    patterns: [...patternRows.values()],
  };
}

async function startHubProcess(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['hub/cli.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      HUB_DATA_DIR: dataDir,
      HUB_PORT: '0',
      HUB_AGGREGATE_EVERY: '0',
      HUB_RATE_LIMIT: '1000000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`The hub ended before listening (exit ${code}): ${out}`)));
  });
  return { url, child };
}

async function post(url: string, batch: ContributionBatch): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/v1/contributions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(batch),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`The hub answered ${res.status} to a valid batch`);
  return performance.now() - started;
}

/** Runs CLIENTS loops sending batches made by `next` until it returns undefined; returns each request's latency. */
async function load(url: string, next: () => ContributionBatch | undefined): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let b = next(); b; b = next()) latencies.push(await post(url, b));
    }),
  );
  return latencies;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/** Runs the hub benchmark; takes about a minute on two cores. */
export async function benchHub(): Promise<HubBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-hub-bench-'));
  try {
    const { url, child } = await startHubProcess(dataDir);
    let rows = 0;
    let sustained: HubBenchResult['sustained'];
    let fill: HubBenchResult['fill'];
    // A typical weekly batch: 20 signal counts and 8 patterns.
    const rowsPerBatch = 28;
    try {
      let started = performance.now();
      const deadline = started + SUSTAINED_MS;
      const latencies = await load(url, () => {
        if (performance.now() >= deadline || rows + rowsPerBatch > TOTAL_CONTRIBUTIONS) return undefined;
        rows += rowsPerBatch;
        return randomBatch(20, 8);
      });
      const seconds = (performance.now() - started) / 1000;
      sustained = {
        seconds,
        batches: latencies.length,
        rows,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        p99Ms: percentile(latencies, 99),
      };
      // The rest up to 100,000 in large batches (100 signal counts and 50 patterns).
      started = performance.now();
      const filled = await load(url, () => {
        const left = TOTAL_CONTRIBUTIONS - rows;
        if (left <= 0) return undefined;
        const patterns = Math.min(50, Math.floor(left / 3));
        const signals = Math.min(100, left - patterns);
        rows += signals + patterns;
        return randomBatch(signals, patterns);
      });
      fill = { seconds: (performance.now() - started) / 1000, batches: filled.length };
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }

    const db = await openDatabase({ dataDir });
    try {
      const count = async (table: string) =>
        Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
      const stored = {
        batches: await count('batches'),
        patternRows: await count('pattern_contributions'),
        signalRows: await count('signal_contributions'),
      };
      const [{ bytes }] = await db.query<{ bytes: number }>('SELECT pg_database_size(current_database()) AS bytes');
      const started = performance.now();
      const outcome = await runAggregation(db, { k: 5, epsilon: 1, clamp: 10 });
      const aggregationMs = performance.now() - started;
      return {
        sustained,
        rowsPerBatch,
        fill,
        stored,
        databaseBytes: Number(bytes),
        diskBytes: folderBytes(dataDir),
        aggregationMs,
        packKinds: outcome.pack?.kinds.length ?? 0,
        packStyles: outcome.pack?.kinds.reduce((n, k) => n + k.styles.length, 0) ?? 0,
      };
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
