/**
 * How much each kind of data takes, estimated: the browser tells only the
 * site's total (and, in Chromium, IndexedDB against Cache Storage), so each
 * table's size is its row count times the mean size of a sample of its rows
 * (their JSON, binary data by its byte length), grouped into the kinds a
 * person recognises; the app's Cache Storage is added from the browser's
 * split, or else from the cached responses' declared lengths. An estimate:
 * IndexedDB's own overhead and compression are not counted.
 */
import type { CodelumiDB } from '../db/db';

/** A kind of data and the tables it is made of. */
export const DATA_KINDS: { kind: string; label: string; tables: string[] }[] = [
  { kind: 'conversations', label: 'Conversations and drafts', tables: ['conversations', 'messages', 'drafts'] },
  { kind: 'runs', label: 'Code runs', tables: ['runs'] },
  {
    kind: 'learning',
    label: 'What Codelumi learned (memories, signals, patterns)',
    tables: ['memories', 'signals', 'signalCorrections', 'answers', 'patterns', 'trainingPairs'],
  },
  { kind: 'brain', label: 'Search index for earlier answers', tables: ['embeddings', 'retrievals', 'indexes'] },
  { kind: 'projects', label: 'Projects and their files', tables: ['projects', 'projectFiles', 'projectHandles'] },
  { kind: 'activity', label: 'Activity log for learning', tables: ['events'] },
  {
    kind: 'personal',
    label: 'Your model’s versions and comparison verdicts',
    tables: ['personalModels', 'modelComparisons'],
  },
  { kind: 'plans', label: 'Plans and the files they built', tables: ['plans', 'planSteps', 'workspaceFiles'] },
  { kind: 'settings', label: 'Settings and model lists', tables: ['settings', 'knownModels', 'meta', 'contributions'] },
];

/** One kind's estimate. */
export interface KindUsage {
  kind: string;
  label: string;
  rows: number;
  bytes: number;
}

/** Rows read from each end of a table to estimate its mean row size. */
const SAMPLE = 20;

/** The size of a stored value in bytes, roughly as it is kept: text by its JSON, binary data by its length. */
export function sizeOf(value: unknown): number {
  let binary = 0;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      binary += v.byteLength;
      return 0;
    }
    if (v instanceof ArrayBuffer) {
      binary += v.byteLength;
      return 0;
    }
    if (typeof Blob === 'function' && v instanceof Blob) {
      binary += v.size;
      return 0;
    }
    return v;
  });
  return (text?.length ?? 0) + binary;
}

/** A table's estimated size: its rows, and their count times the mean size of the first and last rows. */
export async function estimateTable(db: CodelumiDB, name: string): Promise<{ rows: number; bytes: number }> {
  const table = db.table(name);
  const rows = await table.count();
  if (rows === 0) return { rows, bytes: 0 };
  const sample = [...(await table.limit(SAMPLE).toArray())];
  if (rows > SAMPLE) sample.push(...(await table.reverse().limit(SAMPLE).toArray()));
  const mean = sample.reduce((sum, row) => sum + sizeOf(row), 0) / sample.length;
  return { rows, bytes: Math.round(mean * rows) };
}

/** The part of the Cache Storage API read here (injected, so tests pass a fake). */
export interface CachesLike {
  keys(): Promise<string[]>;
  open(
    name: string,
  ): Promise<{ keys(): Promise<readonly Request[]>; match(r: Request): Promise<Response | undefined> }>;
}

/**
 * The bytes of the app's Cache Storage: the browser's own figure when it
 * splits usage (Chromium), else the sum of the cached responses' declared
 * lengths (bodies are not read). Undefined when neither is available.
 */
export async function cacheBytes(
  details: Record<string, number>,
  caches: CachesLike | undefined,
): Promise<number | undefined> {
  if (typeof details.caches === 'number') return details.caches;
  if (!caches) return undefined;
  let total = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const length = Number((await cache.match(request))?.headers.get('content-length') ?? 0);
      if (Number.isFinite(length)) total += length;
    }
  }
  return total;
}

/** Every kind's estimate, in DATA_KINDS order (tables the database lacks count as empty). */
export async function usageByKind(db: CodelumiDB): Promise<KindUsage[]> {
  const present = new Set(db.tables.map((t) => t.name));
  return Promise.all(
    DATA_KINDS.map(async ({ kind, label, tables }) => {
      const sizes = await Promise.all(tables.filter((t) => present.has(t)).map((t) => estimateTable(db, t)));
      return {
        kind,
        label,
        rows: sizes.reduce((n, s) => n + s.rows, 0),
        bytes: sizes.reduce((n, s) => n + s.bytes, 0),
      };
    }),
  );
}
