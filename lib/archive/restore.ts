/**
 * Writing a checked archive into the database, in one transaction: either
 * every row is in, or (an error, a full disk, Cancel) nothing changed.
 *
 * - replace: every table is emptied (embeddings and folder handles too), then
 *   the archive's rows are put back exactly, with their ids and the event
 *   log's sequence numbers.
 * - merge: ids stay as they are, so importing the same archive twice adds
 *   nothing the second time. A row whose id is new is added. For a row whose
 *   id exists, the one with the later `updatedAt` is kept (tables that have
 *   it: conversations, messages, drafts, answers, patterns, memories,
 *   projects, project files, personal model versions, plans, plan step runs); a tie, or a table without it (settings, meta,
 *   runs, signals, corrections, training pairs, retrieval logs, model lists,
 *   contributions, model comparisons, workspace file versions), keeps the existing row. Two choices of the user's do not
 *   go by `updatedAt` (merge-rules.ts): "Don't learn from this" goes by when
 *   it was switched, and memories that are the same (same id or same key,
 *   learned on two devices) are combined into one. What the other device
 *   learned from a conversation that, merged, is kept out of learning here
 *   (signals, corrections, answer records, training pairs, comparison verdicts, memory sources) is
 *   not added. Events have no id of their own
 *   (the log numbers them), so an event is the same when its kind, time,
 *   conversation and message are; new ones are appended, and counted as
 *   already learned (their signals came with the archive). A merged
 *   conversation's message count is counted again.
 *
 * In both modes the device's privacy state (its tier, hub, install key,
 * community pack and batches about to be sent) stays this device's own
 * (device-own.ts): an archive never raises the tier.
 */
import type { Table } from 'dexie';
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { PAST_QUESTIONS_INDEX, projectChunksIndex } from '../db/indexes';
import { CURSOR_KEY } from '../learning/engine/cursor';
import type { ArchiveHooks, ArchiveTable } from './format';
import type { ParsedArchive } from './read';
import { archiveCancelled } from './errors';
import { combineMemories, mergedLearning, sameRow, withLearning } from './merge-rules';
import { notLearnedFrom } from '../db/conversations';
import type { Memory } from '../core/records';
import { sourcesOf, withoutSources } from '../memory/sources';
import { coveredThrough, isDeviceOwn, readDeviceOwn } from './device-own';
import { COVERED_THROUGH_META } from '../community/queue';

export type ImportMode = 'replace' | 'merge';

/** What an import did, per table. */
export interface ImportReport {
  mode: ImportMode;
  /** Rows written that the database did not have. */
  added: Partial<Record<ArchiveTable, number>>;
  /** Existing rows replaced by a newer one from the archive (merge). */
  updated: Partial<Record<ArchiveTable, number>>;
  /** Rows of the archive not written because the database's own were newer or the same (merge). */
  kept: Partial<Record<ArchiveTable, number>>;
  /** The archive's database version, and whether its rows went through the migrations. */
  fromVersion: number;
  upgraded: boolean;
  /** Whether the archive had the indexed text of project files. */
  projectFiles: boolean;
}

const CHUNK = 2000;

/** Tables whose rows say when they last changed: the later one wins a merge. */
const NEWER_WINS = new Set<ArchiveTable>([
  'conversations',
  'messages',
  'drafts',
  'answers',
  'patterns',
  'memories',
  'projects',
  'projectFiles',
  'personalModels',
  'plans',
  'planSteps',
]);

type Row = Record<string, unknown>;

/**
 * Tables of what learning drew from a conversation. A merge adds none of the
 * archive's rows of a conversation that, merged, is kept out of learning: the
 * other device learned them while it was not.
 */
const LEARNED = new Set<ArchiveTable>(['signals', 'signalCorrections', 'answers', 'trainingPairs', 'modelComparisons']);

/** The identity of an event, for telling an imported one from one already here. */
const eventKey = (e: Row) => `${String(e.kind)}|${String(e.at)}|${String(e.conversationId)}|${String(e.messageId)}`;

function keyOf(table: Table, row: Row): string | number {
  return row[table.schema.primKey.keyPath as string] as string | number;
}

interface Writer {
  report: ImportReport;
  written: number;
  total: number;
  hooks: ArchiveHooks;
}

function tick(w: Writer, n: number): void {
  if (w.hooks.cancelled?.()) throw archiveCancelled();
  w.written += n;
  w.hooks.onProgress?.({ phase: 'writing', done: w.written, total: w.total, unit: 'rows' });
}

const bump = (counts: Partial<Record<ArchiveTable, number>>, t: ArchiveTable, n: number) => {
  if (n > 0) counts[t] = (counts[t] ?? 0) + n;
};

async function putAll(db: CodelumiDB, t: ArchiveTable, rows: Row[], w: Writer): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db.table(t).bulkPut(chunk);
    bump(w.report.added, t, chunk.length);
    tick(w, chunk.length);
  }
}

async function mergeRows(
  db: CodelumiDB,
  t: ArchiveTable,
  rows: Row[],
  w: Writer,
  projects: Set<string>,
): Promise<Set<string>> {
  const table = db.table(t);
  const touched = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk =
      t === 'meta' ? rows.slice(i, i + CHUNK).filter((r) => r.key !== CURSOR_KEY) : rows.slice(i, i + CHUNK);
    const existing = (await table.bulkGet(chunk.map((r) => keyOf(table, r)))) as (Row | undefined)[];
    const off = LEARNED.has(t)
      ? await notLearnedFrom(
          db,
          chunk.map((r) => String(r.conversationId)),
        )
      : undefined;
    const winners: Row[] = [];
    chunk.forEach((row, k) => {
      const have = existing[k];
      if (!have && off?.has(String(row.conversationId))) {
        bump(w.report.kept, t, 1);
        return;
      }
      const newer = !!have && NEWER_WINS.has(t) && (row.updatedAt as number) > (have.updatedAt as number);
      // The newer row, but with the user's latest "Don't learn from this" whichever row it came with.
      const winner = have && t === 'conversations' ? withLearning(newer ? row : have, mergedLearning(have, row)) : row;
      if (!have) {
        winners.push(row);
        bump(w.report.added, t, 1);
      } else if (newer || (t === 'conversations' && !sameRow(winner, have))) {
        winners.push(winner);
        bump(w.report.updated, t, 1);
      } else {
        bump(w.report.kept, t, 1);
        return;
      }
      if (t === 'messages') touched.add(row.conversationId as string);
      if (t === 'conversations') touched.add(row.id as string);
      if (t === 'projectFiles') projects.add(String(row.projectId));
      if (t === 'projects') projects.add(String(row.id));
    });
    if (winners.length) await table.bulkPut(winners);
    tick(w, chunk.length);
  }
  return touched;
}

/**
 * Merges the archive's memories: each one with the copies of it here (the same
 * id, or the same key: learned on two devices) becomes one row
 * (`combineMemories`), and the other copies here go. Copies within the
 * archive are combined the same way.
 */
async function mergeMemories(db: CodelumiDB, rows: Row[], w: Writer): Promise<void> {
  // What was learned in a conversation kept out of learning here is not added: every source there is taken out,
  // as switching learning off does here (`withoutSources`), not only the latest one the row's link names. A memory
  // left with none is not added, unless the user wrote or edited it (theirs, it stays unlinked).
  const off = await notLearnedFrom(
    db,
    rows.flatMap((r) => sourcesOf(r as unknown as Memory).map((s) => String(s.conversationId))),
  );
  const groups = new Map<string, Row[]>();
  for (const stored of rows) {
    // The row's own time, so that merging the same archive again gives the same row.
    const memory = stored as unknown as Memory;
    const row = withoutSources(memory, (s) => off.has(String(s.conversationId)), memory.updatedAt) as unknown as
      Row | undefined;
    if (!row) {
      bump(w.report.kept, 'memories', 1);
      continue;
    }
    const group = typeof row.key === 'string' ? `key:${row.key}` : `id:${String(row.id)}`;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  for (const incoming of groups.values()) {
    const byId = (await db.memories.bulkGet(incoming.map((r) => r.id as string))) as (Row | undefined)[];
    const key = incoming.find((r) => typeof r.key === 'string')?.key as string | undefined;
    const byKey = key === undefined ? [] : ((await db.memories.where('key').equals(key).toArray()) as unknown as Row[]);
    const here = [
      ...new Map([...byId, ...byKey].filter((r): r is Row => !!r).map((r) => [r.id as string, r])).values(),
    ];
    const combined = combineMemories([...here, ...incoming]);
    const same = here.find((r) => r.id === combined.id);
    const gone = here.filter((r) => r.id !== combined.id).map((r) => r.id as string);
    if (gone.length) await db.memories.bulkDelete(gone);
    if (here.length === 0) {
      bump(w.report.added, 'memories', 1);
      bump(w.report.kept, 'memories', incoming.length - 1);
    } else if (!same || gone.length || !sameRow(same, combined)) bump(w.report.updated, 'memories', incoming.length);
    else bump(w.report.kept, 'memories', incoming.length);
    if (!same || !sameRow(same, combined)) await db.memories.put(combined as never);
  }
  tick(w, rows.length);
}

/** Appends the archive's events the log does not have yet; the learning cursor moves past them if it was caught up. */
async function mergeEvents(db: CodelumiDB, rows: Row[], w: Writer): Promise<void> {
  const lastBefore = ((await db.events.orderBy('seq').lastKey()) as number | undefined) ?? 0;
  const cursor = (await db.meta.get(CURSOR_KEY))?.value;
  const seen = new Set<string>();
  await db.events.each((e) => void seen.add(eventKey(e as unknown as Row)));
  const fresh: Row[] = [];
  for (const row of rows) {
    const key = eventKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    const { seq: _seq, ...rest } = row;
    void _seq;
    fresh.push(rest);
  }
  for (let i = 0; i < fresh.length; i += CHUNK) await db.table('events').bulkAdd(fresh.slice(i, i + CHUNK));
  bump(w.report.added, 'events', fresh.length);
  bump(w.report.kept, 'events', rows.length - fresh.length);
  tick(w, rows.length);
  const caughtUp = (typeof cursor === 'number' ? cursor : 0) >= lastBefore;
  const lastAfter = (await db.events.orderBy('seq').lastKey()) as number | undefined;
  if (fresh.length && caughtUp && lastAfter !== undefined) await db.meta.put({ key: CURSOR_KEY, value: lastAfter });
}

/**
 * Writes `archive` (already checked, and upgraded to the current schema) into
 * `db` by `mode` (see the module's comment), in one transaction. Cancelling
 * or any failure rolls everything back. Storage errors come as `quota:db` /
 * `unavailable:db`.
 */
export async function restoreArchive(
  db: CodelumiDB,
  archive: ParsedArchive,
  mode: ImportMode,
  hooks: ArchiveHooks = {},
  fromVersion = archive.header.schemaVersion,
): Promise<ImportReport> {
  // The device's privacy state is its own (device-own.ts): never taken from an archive, kept through a replace.
  const importable = [...archive.rows].map(([t, rows]) => [t, rows.filter((r) => !isDeviceOwn(t, r))] as const);
  const w: Writer = {
    report: {
      mode,
      added: {},
      updated: {},
      kept: {},
      fromVersion,
      upgraded: fromVersion !== archive.header.schemaVersion,
      projectFiles: archive.header.options.projectFiles,
    },
    written: 0,
    total: importable.reduce((n, [, rows]) => n + rows.length, 0),
    hooks,
  };
  const through = coveredThrough(archive.rows.get('contributions') ?? []);
  // What the backup's device already sent is not sent again from here (device-own.ts).
  const noteCovered = async () => {
    const had = (await db.meta.get(COVERED_THROUGH_META))?.value;
    if (through > (typeof had === 'number' ? had : 0)) await db.meta.put({ key: COVERED_THROUGH_META, value: through });
  };
  await guardWrite(() =>
    db.transaction('rw', db.tables, async () => {
      if (mode === 'replace') {
        const own = await readDeviceOwn(db);
        for (const table of db.tables) await table.clear();
        for (const [t, rows] of importable) await putAll(db, t, rows, w);
        await db.settings.bulkPut(own.settings as never[]);
        await db.meta.bulkPut(own.meta as never[]);
        await db.contributions.bulkPut(own.contributions as never[]);
        return noteCovered();
      }
      const touched = new Set<string>();
      const projects = new Set<string>();
      for (const [t, rows] of importable) {
        if (t === 'events') await mergeEvents(db, rows, w);
        else if (t === 'memories') await mergeMemories(db, rows, w);
        else for (const id of await mergeRows(db, t, rows, w, projects)) touched.add(id);
      }
      for (const id of touched) {
        const messageCount = await db.messages.where('conversationId').equals(id).count();
        await db.conversations.update(id, { messageCount });
      }
      await dropMergedIndexes(db, projects, touched.size > 0);
      await noteCovered();
    }),
  );
  return w.report;
}

/**
 * A merge writes rows with their own (older) times, which the saved search
 * indexes would not read again: the past-questions copy goes when messages or
 * conversations came in, and each project whose files or row were written gets a
 * new files revision (caches read its files again) and loses its saved chunk
 * index (it may hold files the merge replaced).
 */
async function dropMergedIndexes(
  db: CodelumiDB,
  projects: ReadonlySet<string>,
  conversationsTouched: boolean,
): Promise<void> {
  if (conversationsTouched) await db.indexes.delete(PAST_QUESTIONS_INDEX);
  for (const id of projects) {
    await db.indexes.delete(projectChunksIndex(id));
    const project = await db.projects.get(id);
    if (project) await db.projects.update(id, { filesRevision: (project.filesRevision ?? 0) + 1 });
  }
}
