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
import type { Memory, Message, RetrievalRecord } from '../core/records';
import { fromChats, learnedFromAny, withoutSources } from '../memory/sources';
import { memoryItemId, scrubMemoryTrace, wordsChange } from '../memory/quoted';
import { scrubTrace } from '../retrieval/forget-trace';
import { withQuotes } from '../db/quotes';

type Row = Record<string, unknown>;

/** Rows read per request: large enough to be quick, small enough to report progress and stop between chunks. */
const CHUNK = 2000;

export interface ExportOptions extends ArchiveOptions {
  /** The app's version, written in the header. */
  app: string;
  now?: () => number;
}

/**
 * The conversations in the bin (deleted, waiting to be forgotten), which a
 * backup does not bring back, and what other rows hold of them: the export
 * leaves out what forgetting them would remove (lib/learning/forget.ts).
 */
interface Bin {
  conversations: ReadonlySet<string>;
  /** Their messages' ids: the retrieval logs of their questions go. */
  messages: ReadonlySet<string>;
  /** Their answers as other answers' traces list them (`qa:<id>`). */
  quotedAs: ReadonlySet<string>;
  /** The memories they taught, as exported: without their sources there (undefined: the memory is left out). */
  memories: ReadonlyMap<string, Memory | undefined>;
  /** Trace items (`memory:<id>`) of those memories that are left out, and of those whose words changed. */
  deleted: ReadonlySet<string>;
  edited: ReadonlySet<string>;
  /** The plans started from them: their step runs and workspace files go with them. */
  plans: ReadonlySet<string>;
  /** Every stored plan: a step run or workspace file of a plan that is gone (an older version's late write) is left out. */
  livePlans: ReadonlySet<string>;
}

/**
 * Reads the bin (inside the export's transaction). Only the binned
 * conversations' own messages are loaded (the bin holds what was deleted in
 * the undo window), and the memories are read once to find the ones they
 * taught: every other table is still streamed a chunk at a time.
 */
async function readBin(db: CodelumiDB): Promise<Bin> {
  const ids = await db.conversations.filter((c) => c.deletedAt !== undefined).primaryKeys();
  const conversations = new Set(ids);
  const livePlans = new Set((await db.plans.toCollection().primaryKeys()) as string[]);
  const memories = new Map<string, Memory | undefined>();
  const deleted = new Set<string>();
  const edited = new Set<string>();
  if (conversations.size === 0)
    return {
      conversations,
      messages: new Set(),
      quotedAs: new Set(),
      memories,
      deleted,
      edited,
      plans: new Set(),
      livePlans,
    };
  const plans = new Set(await db.plans.where('conversationId').anyOf(ids).primaryKeys());
  const messages = await db.messages.where('conversationId').anyOf(ids).toArray();
  const messageIds = new Set(messages.map((m) => m.id));
  // Forgetting's own rule: a source is theirs by its link, or, for a row from before sources were kept
  // (`mixed`), by quoting what their user said.
  const from = fromChats({
    conversations,
    messages: messageIds,
    said: messages.filter((m) => m.role === 'user').map((m) => m.content),
  });
  await db.memories.each((m) => {
    if (!learnedFromAny(m, from)) return;
    // The row's own time: the archive holds the memory as it is, less what the bin taught it.
    const left = withoutSources(m, from, m.updatedAt);
    memories.set(m.id, left);
    const why = wordsChange(m, left);
    if (why) (why === 'deleted' ? deleted : edited).add(memoryItemId(m.id));
  });
  const quotedAs = new Set(messages.filter((m) => m.role === 'assistant').map((m) => `qa:${m.id}`));
  return { conversations, messages: messageIds, quotedAs, memories, deleted, edited, plans, livePlans };
}

/** `message` without the bin's exchanges and the words of memories it changed in its trace (its `quotes` following). */
function scrubbedMessage(message: Message, bin: Bin): Message {
  let trace = message.trace;
  if (!trace?.sections) return message;
  if (bin.quotedAs.size) trace = scrubTrace(trace, bin.quotedAs) ?? trace;
  if (bin.deleted.size) trace = scrubMemoryTrace(trace, bin.deleted, 'deleted') ?? trace;
  if (bin.edited.size) trace = scrubMemoryTrace(trace, bin.edited, 'edited') ?? trace;
  return trace === message.trace ? message : withQuotes({ ...message, trace });
}

/** `log` without the bin's answers among its candidates; undefined when it is the log of one of the bin's questions. */
function scrubbedRetrieval(log: RetrievalRecord, bin: Bin): RetrievalRecord | undefined {
  if (bin.messages.has(log.questionId)) return undefined;
  if (!log.candidates.some((c) => bin.quotedAs.has(c.itemId))) return log;
  return { ...log, candidates: log.candidates.filter((c) => !bin.quotedAs.has(c.itemId)) };
}

/**
 * `row` as the archive holds it: undefined when it belongs to a conversation
 * in the bin (drafts are keyed by their conversation, retrieval logs by their
 * question, a plan's step runs and workspace files by their plan); a memory loses the sources it has there (and goes with its last
 * one), and other answers' traces and retrieval logs lose what they quote of
 * the bin, as forgetting would.
 */
function outsideBin(table: ArchiveTable, row: Row, bin: Bin): Row | undefined {
  if ((table === 'planSteps' || table === 'workspaceFiles') && !bin.livePlans.has(row.planId as string))
    return undefined;
  if (bin.conversations.size === 0) return row;
  if (table === 'conversations') return bin.conversations.has(row.id as string) ? undefined : row;
  if (table === 'drafts') return bin.conversations.has(row.key as string) ? undefined : row;
  if (table === 'memories')
    return bin.memories.has(row.id as string) ? (bin.memories.get(row.id as string) as Row | undefined) : row;
  if (table === 'retrievals') return scrubbedRetrieval(row as unknown as RetrievalRecord, bin) as Row | undefined;
  if ((table === 'planSteps' || table === 'workspaceFiles') && bin.plans.has(row.planId as string)) return undefined;
  if (typeof row.conversationId === 'string' && bin.conversations.has(row.conversationId)) return undefined;
  return table === 'messages' ? (scrubbedMessage(row as unknown as Message, bin) as unknown as Row) : row;
}

/** Every row of `table` in primary-key order, a chunk at a time (inside the caller's transaction). */
async function* chunksOf(table: Table): AsyncGenerator<Row[]> {
  const keyPath = table.schema.primKey.keyPath as string;
  let rows = (await table.orderBy(':id').limit(CHUNK).toArray()) as Row[];
  while (rows.length > 0) {
    yield rows;
    if (rows.length < CHUNK) return;
    const last = rows[rows.length - 1][keyPath] as string | number;
    rows = (await table.where(':id').above(last).limit(CHUNK).toArray()) as Row[];
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
      const bin = await readBin(db);
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
