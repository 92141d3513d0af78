/**
 * The hub's settings, read once from the environment (all optional; the
 * defaults run `npm run hub` on this machine with no set-up).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HubConfig {
  /** HUB_PORT, default 8787 (the app's default hub address). 0 picks a free port. */
  port: number;
  /** HUB_HOST, default 127.0.0.1 (this machine only); 0.0.0.0 in the container. */
  host: string;
  /** DATABASE_URL: a PostgreSQL server. When absent, the embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** HUB_DATA_DIR, default `.hub-data/` in the project (git-ignored). */
  dataDir: string;
  /** HUB_K, default 5: distinct installs a pattern or signal cell needs before it is published. */
  k: number;
  /** HUB_EPSILON, default 1.0: the differential-privacy budget of each published cell (hub/README.md). */
  epsilon: number;
  /** HUB_CLAMP, default 10: outcomes (or signal events) one install can weigh per cell. */
  clamp: number;
  /**
   * HUB_AGGREGATE_EVERY in seconds, default 86400 (daily: every pack spends privacy budget again, hub/README.md);
   * 0 turns the schedule off (the CLI still aggregates).
   */
  aggregateEverySeconds: number;
  /** HUB_RATE_LIMIT batches per install key per HUB_RATE_WINDOW seconds, default 60 per 3600. */
  rateLimit: { batches: number; windowSeconds: number };
}

/** The variables the hub reads (process.env, or a plain object in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

function numberFrom(env: Environment, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number of at least ${min}, not "${raw}"`);
  return value;
}

/** The configuration from `env`; throws with the variable's name when one is not a valid value. */
export function readConfig(env: Environment = process.env): HubConfig {
  const epsilon = numberFrom(env, 'HUB_EPSILON', 1, 0);
  if (epsilon === 0) throw new Error('HUB_EPSILON must be above 0');
  return {
    port: Math.floor(numberFrom(env, 'HUB_PORT', 8787, 0)),
    host: env.HUB_HOST?.trim() || '127.0.0.1',
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    dataDir: path.resolve(PROJECT_ROOT, env.HUB_DATA_DIR?.trim() || '.hub-data'),
    k: Math.floor(numberFrom(env, 'HUB_K', 5, 1)),
    epsilon,
    clamp: numberFrom(env, 'HUB_CLAMP', 10, 1),
    aggregateEverySeconds: numberFrom(env, 'HUB_AGGREGATE_EVERY', 86_400, 0),
    rateLimit: {
      batches: Math.floor(numberFrom(env, 'HUB_RATE_LIMIT', 60, 1)),
      windowSeconds: numberFrom(env, 'HUB_RATE_WINDOW', 3600, 1),
    },
  };
}
