/**
 * Reading an archive file: streamed line by line, every line checked (the
 * header first, each row against its table's schema, the footer's count
 * last). Nothing is written here, so a file refused halfway has changed nothing.
 */
import { isCodelumiError } from '../core/errors';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  footerSchema,
  headerSchema,
  rowLineSchema,
  type ArchiveHeader,
  type ArchiveHooks,
  type ArchiveTable,
} from './format';
import { archiveCancelled, badArchive } from './errors';
import { readLines } from './lines';
import { rowProblem } from './rows';

/** A whole, checked archive: its header and its rows by table, in file order. */
export interface ParsedArchive {
  header: ArchiveHeader;
  rows: Map<ArchiveTable, Record<string, unknown>[]>;
  count: number;
}

/** How often (in lines) progress is reported and cancellation checked. */
const EVERY = 2000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The caller words the error with the line number; the parser's own words add nothing for the user.
    return undefined;
  }
}

function readHeader(text: string, currentVersion: number): ArchiveHeader {
  const value = parseJson(text);
  const format = (value as { format?: unknown } | null)?.format;
  if (value === undefined || format !== ARCHIVE_FORMAT) {
    const looksJson = /^\s*[[{]/.test(text);
    throw badArchive(
      looksJson
        ? 'This is not a Codelumi archive: it is JSON from another app (an export of ChatGPT or another assistant is imported as conversations, not as a backup).'
        : 'This is not a Codelumi archive: its first line is not an archive header.',
    );
  }
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) throw badArchive('The archive’s header is damaged, so it cannot be read.');
  const header = parsed.data as unknown as ArchiveHeader;
  if (header.formatVersion > ARCHIVE_FORMAT_VERSION || header.schemaVersion > currentVersion)
    throw badArchive(
      `This archive was made by a newer Codelumi (database version ${header.schemaVersion}; this one is at version ${currentVersion}). Update Codelumi (reload the page), then import it again.`,
    );
  return header;
}

/** The stream's own failures (gzip data cut short, bytes that are not text) in the user's words. */
function streamProblem(err: unknown): Error {
  const words = err instanceof Error ? err.message : String(err);
  if (/decod|utf|encod/i.test(words))
    return badArchive('This is not a Codelumi archive: it is not text (or its compressed data is damaged).');
  return badArchive(`The archive is damaged: its compressed data cannot be read (${words}).`);
}

/**
 * Reads and checks all of `blob` (gzip or plain JSON Lines). Throws an
 * `invalid:import` CodelumiError that says what is wrong: not an archive,
 * made by a newer Codelumi, a damaged line (by number and table), cut off
 * before its end. `currentVersion` is the database's version.
 */
export async function readArchive(
  blob: Blob,
  currentVersion: number,
  hooks: ArchiveHooks = {},
): Promise<ParsedArchive> {
  if (blob.size === 0) throw badArchive('The file is empty.');
  let header: ArchiveHeader | undefined;
  let footer: { rows: number } | undefined;
  const rows = new Map<ArchiveTable, Record<string, unknown>[]>();
  let count = 0;
  let lastLine = 0;
  try {
    for await (const line of readLines(blob)) {
      lastLine = line.number;
      if (line.number % EVERY === 0) {
        if (hooks.cancelled?.()) throw archiveCancelled();
        hooks.onProgress?.({ phase: 'reading', done: line.bytesRead, total: blob.size, unit: 'bytes' });
      }
      if (!header) {
        header = readHeader(line.text, currentVersion);
        continue;
      }
      if (line.text.trim() === '') continue;
      if (footer) throw badArchive(`The archive is damaged: line ${line.number} comes after its end.`);
      const value = parseJson(line.text);
      if (value === undefined) throw badArchive(`The archive is damaged: line ${line.number} is not valid JSON.`);
      if ((value as { end?: unknown } | null)?.end !== undefined) {
        const parsed = footerSchema.safeParse(value);
        if (!parsed.success) throw badArchive(`The archive is damaged: its last line (${line.number}) is broken.`);
        footer = parsed.data;
        continue;
      }
      const parsed = rowLineSchema.safeParse(value);
      if (!parsed.success)
        throw badArchive(`The archive is damaged: line ${line.number} is not a row of a known table.`);
      const { t, r } = parsed.data;
      const problem = rowProblem(t, r) ?? hooks.rowCheck?.(t, r);
      if (problem)
        throw badArchive(`The archive is damaged: line ${line.number} (a row of ${t}) is not valid: ${problem}.`);
      let list = rows.get(t);
      if (!list) rows.set(t, (list = []));
      list.push(r);
      count++;
    }
  } catch (err) {
    throw isCodelumiError(err) ? err : streamProblem(err);
  }
  if (!header) throw badArchive('The file is empty.');
  if (!footer || footer.rows !== count)
    throw badArchive(
      `The archive is incomplete: it ends at line ${lastLine}, before its last row (it was probably cut off while downloading or copying). Nothing was imported.`,
    );
  for (const [t, n] of Object.entries(header.tables) as [ArchiveTable, number][])
    if ((rows.get(t)?.length ?? 0) !== n)
      throw badArchive(
        `The archive is damaged: its header promises ${n} rows of ${t}, but it holds ${rows.get(t)?.length ?? 0}.`,
      );
  hooks.onProgress?.({ phase: 'reading', done: blob.size, total: blob.size, unit: 'bytes' });
  return { header, rows, count };
}
