/**
 * The analysis worker's interface: everything the page may ask of it. One
 * typed object, called through Comlink; every method is async.
 */
import type { SearchHit } from '../search/conversation-search';
import type { DashboardData } from '../learning/dashboard';
import type { ProcessReport } from '../learning/engine/engine';
import type { ContextSection } from '../prompt/context-sections';
import type { RetrieveInput } from '../retrieval/retriever';
import type { RerankerModel } from '../retrieval/reranker';
import type { ImportPreview } from '../importers/importer';
import type { ImportResult } from '../importers/write';
import type { ArchiveProgress } from '../archive/format';
import type { ExportOptions } from '../archive/export';
import type { ImportMode, ImportReport } from '../archive/restore';
import type { Forgotten } from '../learning/forget';
import type { TrainingExport, TrainingExportOptions, TrainingPreview } from '../training/export';

export interface AnalysisWorkerApi {
  /** Full-text search over conversation titles and messages. */
  search(query: string, limit?: number): Promise<SearchHit[]>;
  /** Resolves when the worker is up (and its database open). */
  ping(): Promise<'pong'>;
  /** New events are in the events table: learn from them soon (debounced). */
  notify(): Promise<void>;
  /** Learn from every pending event now and report what happened (tests, the dashboard's refresh). */
  processNow(): Promise<ProcessReport>;
  /** The context sections for a question (learned, project, earlier conversations), within budget. */
  retrieve(input: RetrieveInput): Promise<ContextSection[]>;
  /** Builds what a question's retrieval reads (past questions' index, memories, the project's index) before the question comes; returns at once. */
  warm(projectId?: string): Promise<void>;
  /**
   * Forgets every conversation deleted at least `windowMs` before `now`, in one transaction (lib/learning/forget.ts
   * `forgetExpired`); resolves once they have also left this worker's indexes and vectors in memory, and has every
   * other tab's worker drop them too (BroadcastChannel `codelumi:forgotten`).
   */
  forgetExpired(now: number, windowMs: number): Promise<Forgotten>;
  /** Project `projectId` was deleted: its chunk index, built in the worker's memory, goes too (in every tab's worker). */
  forgetProject(projectId: string): Promise<void>;
  /** The on-device reranker as last trained (undefined: not enough outcomes yet). */
  reranker(): Promise<RerankerModel | undefined>;
  /** The learning dashboard's figures for the last `days` days. */
  dashboard(days: number): Promise<DashboardData>;
  /** The page is streaming an answer: learn in smaller slices until it is done. */
  setForeground(busy: boolean): Promise<void>;
  /** Reads another assistant's export and says what it holds, writing nothing; rejects with the reason for a file it cannot read. */
  previewImport(file: Blob, onProgress?: (fraction: number) => void): Promise<ImportPreview>;
  /** Writes the export `previewImport` read (one transaction); with `learn`, records its questions for the learning engine. */
  runImport(
    token: string,
    options: { learn: boolean },
    onProgress?: (written: number, total: number) => void,
  ): Promise<ImportResult>;
  /** Learns from an import's recorded events now (the same pass as every event), reporting the share done; returns what the history taught. */
  learnFromImport(
    events: { firstSeq: number; lastSeq: number },
    onProgress?: (fraction: number) => void,
  ): Promise<{ signals: number; memories: number }>;
  /** The whole database as one archive file (lib/archive), read in chunks in the worker; `onProgress` must be a Comlink proxy. */
  exportArchive(options: Omit<ExportOptions, 'now'>, onProgress?: (progress: ArchiveProgress) => void): Promise<Blob>;
  /** Imports an archive file (replace or merge, one transaction); throws `invalid:import` (nothing changed) for a file it cannot take. */
  importArchive(file: Blob, mode: ImportMode, onProgress?: (progress: ArchiveProgress) => void): Promise<ImportReport>;
  /**
   * What a training-data export with these options would hold (counts, samples), after learning from every pending
   * event; writes nothing. Read here because it walks the whole history (lib/training/export.ts).
   */
  previewTrainingExport(options: TrainingExportOptions): Promise<TrainingPreview>;
  /** The training-data export's zip, from the same selection as the preview (lib/training/export.ts). */
  exportTrainingData(options: TrainingExportOptions): Promise<TrainingExport>;
  /** Stops the export or import in progress (an import then changes nothing); it rejects with `aborted:user`. */
  cancelArchive(): Promise<void>;
}
