/**
 * Writing the archive: every archived table read in primary-key order, in
 * chunks, inside one read transaction (a consistent snapshot: a row written
 * meanwhile is either wholly in or wholly out), then gzip-compressed.
 */
import type { Table } from 'dexie';
import type { CodelumiDB } from '../db/db';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  ARCHIVE_TABLES,
  type ArchiveHeader,
  type ArchiveHooks,
  type ArchiveOptions,
  type ArchiveTable,
} from './format';
import { archiveCancelled } from './errors';
import type { Memory, MemorySource } from '../core/records';
import { withoutSources } from '../memory/sources';

/** Rows read per request: large enough to be quick, small enough to report progress and stop between chunks. */
const CHUNK = 2000;

export interface ExportOptions extends ArchiveOptions {
  /** The app's version, written in the header. */
  app: string;
  now?: () => number;
}

/** The conversations in the bin (deleted, waiting to be forgotten): a backup does not bring them back. */
async function binnedConversations(db: CodelumiDB): Promise<Set<string>> {
  const ids = await db.conversations.filter((c) => c.deletedAt !== undefined).primaryKeys();
  return new Set(ids);
}

/**
 * `row` as the archive holds it: undefined when it belongs to a conversation
 * in the bin (drafts are keyed by their conversation); a memory loses the
 * sources it has there (and goes with its last one), as forgetting would.
 */
function outsideBin(
  table: ArchiveTable,
  row: Record<string, unknown>,
  bin: Set<string>,
): Record<string, unknown> | undefined {
  if (bin.size === 0) return row;
  if (table === 'conversations') return bin.has(row.id as string) ? undefined : row;
  if (table === 'drafts') return bin.has(row.key as string) ? undefined : row;
  if (table === 'memories') {
    const memory = row as unknown as Memory;
    const binned = (s: MemorySource) => !!s.conversationId && bin.has(s.conversationId);
    return withoutSources(memory, binned, memory.updatedAt) as unknown as Record<string, unknown> | undefined;
  }
  return typeof row.conversationId === 'string' && bin.has(row.conversationId) ? undefined : row;
}

/** Every row of `table` in primary-key order, a chunk at a time (inside the caller's transaction). */
async function* chunksOf(table: Table): AsyncGenerator<Record<string, unknown>[]> {
  const keyPath = table.schema.primKey.keyPath as string;
  let rows = (await table.orderBy(':id').limit(CHUNK).toArray()) as Record<string, unknown>[];
  while (rows.length > 0) {
    yield rows;
    if (rows.length < CHUNK) return;
    const last = rows[rows.length - 1][keyPath] as string | number;
    rows = (await table.where(':id').above(last).limit(CHUNK).toArray()) as Record<string, unknown>[];
  }
}

/** gzip of `blob`, as a Blob. */
async function gzip(blob: Blob): Promise<Blob> {
  const stream = blob
    .stream()
    .pipeThrough(new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  return new Response(stream).blob();
}

/**
 * The whole database (the tables of ARCHIVE_TABLES, project files only when
 * `options.projectFiles`; conversations in the bin and their rows left out)
 * as a gzip-compressed archive. The header's `schemaVersion` is the open
 * database's own version. Cancelling throws `aborted:user` and writes nothing.
 */
export async function exportArchive(db: CodelumiDB, options: ExportOptions, hooks: ArchiveHooks = {}): Promise<Blob> {
  await db.open();
  const tables = ARCHIVE_TABLES.filter((t) => t !== 'projectFiles' || options.projectFiles);
  const parts: string[] = [];
  const counts: Partial<Record<ArchiveTable, number>> = {};
  let rows = 0;
  await db.transaction(
    'r',
    tables.map((t) => db.table(t)),
    async () => {
      const bin = await binnedConversations(db);
      let total = 0;
      for (const t of tables) total += await db.table(t).count();
      hooks.onProgress?.({ phase: 'reading', done: 0, total, unit: 'rows' });
      let seen = 0;
      for (const t of tables) {
        counts[t] = 0;
        for await (const chunk of chunksOf(db.table(t))) {
          if (hooks.cancelled?.()) throw archiveCancelled();
          let text = '';
          for (const stored of chunk) {
            const r = outsideBin(t, stored, bin);
            if (!r) continue;
            text += JSON.stringify({ t, r }) + '\n';
            counts[t]!++;
            rows++;
          }
          parts.push(text);
          seen += chunk.length;
          hooks.onProgress?.({ phase: 'reading', done: seen, total, unit: 'rows' });
        }
      }
    },
  );
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    schemaVersion: db.verno,
    exportedAt: (options.now ?? Date.now)(),
    app: options.app,
    tables: counts,
    options: { projectFiles: options.projectFiles },
  };
  const plain = new Blob([JSON.stringify(header) + '\n', ...parts, JSON.stringify({ end: true, rows }) + '\n'], {
    type: 'application/x-ndjson',
  });
  hooks.onProgress?.({ phase: 'compressing', done: 0, total: plain.size, unit: 'bytes' });
  const compressed = await gzip(plain);
  hooks.onProgress?.({ phase: 'compressing', done: plain.size, total: plain.size, unit: 'bytes' });
  return new Blob([compressed], { type: 'application/gzip' });
}
