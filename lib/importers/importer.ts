/**
 * The import as the user goes through it: a file is read and shown (format,
 * counts, what is left out) before anything is written; on confirmation the
 * very export that was shown is written. Runs in the analysis worker, so a
 * 100 MB export never holds the page. One file waits for confirmation at a
 * time; choosing another replaces it.
 */
import type { CodelumiDB } from '../db/db';
import { newId } from '../core/ids';
import { invalidImport } from './errors';
import { conversationIdFor } from './ids';
import { parseExport } from './parse';
import { writeImport, type ImportResult } from './write';
import { SOURCE_NAMES, type SkipReport, type SourceApp } from './types';

/** What a file holds, shown before the user confirms. */
export interface ImportPreview {
  /** Names this read of the file for `run`. */
  token: string;
  app: SourceApp;
  appName: string;
  conversations: number;
  messages: number;
  /** Conversations of the file imported before (only their new messages would be added). */
  alreadyImported: number;
  skipped: SkipReport;
}

export interface Importer {
  /** Reads `file` and says what it holds; writes nothing. Throws `invalid:import` for a file it cannot read. */
  preview(file: Blob, onProgress?: (fraction: number) => void): Promise<ImportPreview>;
  /** Writes the file read by `preview` (one transaction); throws when `token` is not the file waiting. */
  run(
    token: string,
    options: { learn: boolean },
    onProgress?: (written: number, total: number) => void,
  ): Promise<ImportResult>;
}

/** The importer over `db`; `breathe` lets other requests to the worker in while a long file is read. */
export function createImporter(db: CodelumiDB, breathe?: () => Promise<void>): Importer {
  let waiting: { token: string; parsed: Awaited<ReturnType<typeof parseExport>> } | undefined;
  return {
    async preview(file, onProgress) {
      waiting = undefined;
      const parsed = await parseExport(await file.text(), { onProgress, breathe });
      const ids = parsed.conversations.map((c) => conversationIdFor(parsed.app, c.sourceId));
      const known = await db.conversations.bulkGet(ids);
      const token = newId();
      waiting = { token, parsed };
      return {
        token,
        app: parsed.app,
        appName: SOURCE_NAMES[parsed.app],
        conversations: parsed.conversations.length,
        messages: parsed.conversations.reduce((n, c) => n + c.messages.length, 0),
        alreadyImported: known.filter(Boolean).length,
        skipped: parsed.skipped,
      };
    },
    async run(token, options, onProgress) {
      if (!waiting || waiting.token !== token)
        throw invalidImport('The file is no longer open for import (the page was reloaded?). Choose it again.');
      const { parsed } = waiting;
      const result = await writeImport(db, parsed, { learn: options.learn, onProgress });
      waiting = undefined;
      return result;
    },
  };
}
