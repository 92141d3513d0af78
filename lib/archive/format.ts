/**
 * The Codelumi archive: one file with every row of the database, as JSON
 * Lines (one JSON value per line), gzip-compressed. Line 1 is the header, then
 * one line per row (`{"t": table, "r": row}`), and the last line is the
 * footer with the number of rows, so a cut-off file is told from a whole one.
 * README.md in this folder documents the format for other tools.
 */
import * as z from '../core/zod';

/** What the header's `format` says: a file without it is not a Codelumi archive. */
export const ARCHIVE_FORMAT = 'codelumi-archive';
/** The version of the file layout (header, row lines, footer); the rows' shapes follow `schemaVersion`. */
export const ARCHIVE_FORMAT_VERSION = 1;
/** The suggested file name's ending. */
export const ARCHIVE_EXTENSION = '.codelumi.jsonl.gz';

/**
 * The tables an archive carries, in the order they are written. Left out:
 * `embeddings` (vectors of the local embedding model, rebuilt in the
 * background from the text), `indexes` (the saved search indexes, derived
 * from messages and project files and rebuilt on the next start),
 * `projectHandles` (the browser's permission on a folder, which cannot leave
 * the browser) and, unless asked, `projectFiles`.
 */
export const ARCHIVE_TABLES = [
  'settings',
  'meta',
  'knownModels',
  'projects',
  'projectFiles',
  'conversations',
  'messages',
  'drafts',
  'runs',
  'events',
  'signals',
  'signalCorrections',
  'answers',
  'patterns',
  'memories',
  'trainingPairs',
  'retrievals',
  'contributions',
  'personalModels',
  'modelComparisons',
  'plans',
  'planSteps',
  'workspaceFiles',
] as const;

export type ArchiveTable = (typeof ARCHIVE_TABLES)[number];

/** What the export left out on purpose, so the importing side can say so. */
export interface ArchiveOptions {
  /** The indexed text of project files (projects and their stack profiles are always in). */
  projectFiles: boolean;
}

/** Line 1 of an archive. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  /** The database version the rows were read at (Dexie's `verno`); older ones are upgraded on import. */
  schemaVersion: number;
  /** Milliseconds since 1970 (UTC). */
  exportedAt: number;
  /** The app's version that wrote it ("unknown" when it could not tell). */
  app: string;
  /** Rows per table, in the order written. */
  tables: Partial<Record<ArchiveTable, number>>;
  options: ArchiveOptions;
}

/** The last line: how many row lines came before it. */
export interface ArchiveFooter {
  end: true;
  rows: number;
}

/** One row line. */
export interface ArchiveRowLine {
  t: ArchiveTable;
  r: Record<string, unknown>;
}

const tableName = z.enum(ARCHIVE_TABLES);

/** The header as read from a file (unknown keys are allowed: a later format may add some). */
export const headerSchema = z.looseObject({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.int().check(z.minimum(1)),
  schemaVersion: z.int().check(z.minimum(1)),
  exportedAt: z.number(),
  app: z.string(),
  tables: z.partialRecord(tableName, z.count()),
  options: z.looseObject({ projectFiles: z.boolean() }),
});

/** A row line: a known table and an object. */
export const rowLineSchema = z.object({ t: tableName, r: z.record(z.string(), z.unknown()) });

/** The footer. */
export const footerSchema = z.object({ end: z.literal(true), rows: z.count() });

/** Where an export or import is, for a progress bar. */
export interface ArchiveProgress {
  /** reading: rows out of the database, or bytes of the file; upgrading: an older archive's rows through the migrations; writing: rows into the database; compressing: the export's bytes. */
  phase: 'reading' | 'compressing' | 'upgrading' | 'writing';
  done: number;
  total: number;
  /** What `done` and `total` count. */
  unit: 'rows' | 'bytes';
}

/** Hooks of a long export or import: progress, and a way to stop it. */
export interface ArchiveHooks {
  onProgress?: (progress: ArchiveProgress) => void;
  /** Checked between chunks: true stops the work (an import then changes nothing). */
  cancelled?: () => boolean;
  /**
   * More rules for a row than rows.ts knows (the Planner's paths and plan
   * schema, which lib/archive cannot import): why the row is refused, or
   * undefined. A refused row fails the import (`invalid:import`) like any bad row.
   */
  rowCheck?: (table: ArchiveTable, row: Record<string, unknown>) => string | undefined;
}
