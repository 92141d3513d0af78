/**
 * Indexes a project folder into `projectFiles`: walks it (./walk.ts), reads
 * the text files, and writes what changed, in batches. A re-scan of the same
 * project updates changed files, adds new ones and removes those gone; a file
 * whose size and modification time are unchanged is not even read again.
 * Then the stack is detected and merged with the user's corrections. Runs
 * anywhere with a Dexie database (page, worker, Node in tests).
 */
import type { CodelumiDB } from '../db/db';
import type { ProjectFile, ProjectScanStats, SkipReason } from '../core/records';
import { guardWrite } from '../db/guard';
import { projectFileId } from '../db/projects';
import { projectChunksIndex } from '../db/indexes';
import type { FileSource } from './source';
import { walkFolder } from './walk';
import { decodeText, isLockfile, MAX_FILE_BYTES, MAX_FILES } from './rules';
import { detectStack, isManifest } from './detect';
import { mergeProfile } from './profile';
import { nextTask } from '../core/timing';
import { kindsOf, redactSecrets } from '../privacy/anonymize/secrets';

/**
 * The version of the content scan: a file checked by an older one (or none)
 * is read again on the next scan even when unchanged, so secrets indexed
 * before the scan knew them are replaced too.
 */
export const SECRETS_SCAN_VERSION = 1;
/** Files with replaced secrets listed by name in the scan's stats (the count covers all). */
const REDACTED_EXAMPLES = 50;

export interface ScanProgress {
  phase: 'reading' | 'saving' | 'detecting' | 'done';
  /** Files and skipped folders looked at so far. */
  seen: number;
  /** Text files indexed so far (new, changed and unchanged). */
  indexed: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** The file being read. */
  current?: string;
}

export interface IndexOptions {
  maxFileBytes?: number;
  maxFiles?: number;
  onProgress?: (progress: ScanProgress) => void;
  signal?: AbortSignal;
  /** The clock (tests). */
  now?: () => number;
}

/** A cheap, well-spread 53-bit hash of a string (cyrb53), to tell changed files from unchanged ones. */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const EXAMPLES_PER_REASON = 5;
/** Rows written per transaction. */
const BATCH_FILES = 100;
const BATCH_BYTES = 2 * 1024 * 1024;
/** Work between pauses that let the page (or the worker's other calls) breathe. */
const SLICE_MS = 12;

function abortError(): Error {
  const err = new Error('The scan was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** What is indexed now, without the contents (rows are read one by one and only their metadata kept). */
async function indexedFiles(db: CodelumiDB, projectId: string) {
  const known = new Map<
    string,
    { size: number; lastModified?: number; hash?: string; checked: boolean; redacted?: string[] }
  >();
  await db.projectFiles
    .where('projectId')
    .equals(projectId)
    .each((f) =>
      known.set(f.path, {
        size: f.size,
        lastModified: f.lastModified,
        hash: f.hash,
        checked: f.secretsChecked === SECRETS_SCAN_VERSION,
        redacted: f.redacted,
      }),
    );
  return known;
}

/** The stack detected from the indexed paths (and skipped lockfiles) and the manifests' contents in the index. */
async function detectIndexedStack(db: CodelumiDB, projectId: string, present: Set<string>, lockfiles: string[]) {
  const paths = [...present, ...lockfiles];
  const manifests = new Map<string, string>();
  const manifestRows = await db.projectFiles.bulkGet(
    [...present].filter(isManifest).map((p) => projectFileId(projectId, p)),
  );
  for (const row of manifestRows) if (row) manifests.set(row.path, row.content);
  return detectStack({ paths, read: (p) => manifests.get(p) });
}

/**
 * Stores a finished scan on its project in one transaction: the stats, the
 * detected stack merged into the profile, and a new files revision when files
 * changed. A project deleted during the scan loses what the scan wrote.
 */
async function saveScan(
  db: CodelumiDB,
  projectId: string,
  stats: ProjectScanStats,
  detected: ReturnType<typeof detectStack>,
) {
  const { changes } = stats;
  const changed = changes.added + changes.updated + changes.removed > 0;
  await guardWrite(() =>
    db.transaction('rw', db.projects, db.projectFiles, db.indexes, async () => {
      const current = await db.projects.get(projectId);
      if (!current) {
        // Deleted while it was being scanned: take back what this scan wrote.
        await db.projectFiles.where('projectId').equals(projectId).delete();
        return;
      }
      // A removed file's words (a `.env` now ignored) leave the saved chunk index now, not when a question about this
      // project next saves it (perhaps never): it is rebuilt from the files as they are. A changed file's copy is
      // brought up to date by the next question, which is what keeps a restart after an edit cheap.
      if (changes.removed > 0) await db.indexes.delete(projectChunksIndex(projectId));
      await db.projects.update(projectId, {
        stats,
        profile: mergeProfile(current.profile, detected, stats.scannedAt),
        filesRevision:
          changed || current.filesRevision === undefined ? (current.filesRevision ?? 0) + 1 : current.filesRevision,
        updatedAt: stats.scannedAt,
      });
    }),
  );
}

/**
 * Scans `source` into the project's index and returns what the scan found.
 * Detected stack entries are merged into the profile (the user's edits win).
 * Throws `AbortError` when cancelled (files written so far stay, nothing is
 * removed); storage failures come as `quota:db` / `unavailable:db`.
 */
export async function indexProject(
  db: CodelumiDB,
  projectId: string,
  source: FileSource,
  options: IndexOptions = {},
): Promise<ProjectScanStats> {
  const now = options.now ?? Date.now;
  const started = now();
  const maxFiles = options.maxFiles ?? MAX_FILES;
  const project = await db.projects.get(projectId);
  if (!project) throw new Error(`No project ${projectId}`);

  const known = await indexedFiles(db, projectId);

  const progress: ScanProgress = { phase: 'reading', seen: 0, indexed: 0, skipped: {} };
  const examples: ProjectScanStats['examples'] = {};
  const changes = { added: 0, updated: 0, removed: 0, unchanged: 0 };
  const present = new Set<string>();
  const lockfiles: string[] = [];
  /** The indexed files holding replaced secrets, with their kinds. */
  const redacted = new Map<string, string[]>();
  let bytes = 0;
  let batch: ProjectFile[] = [];
  let batchBytes = 0;
  let sliceStart = now();

  const report = (current?: string) => options.onProgress?.({ ...progress, skipped: { ...progress.skipped }, current });
  const skip = (path: string, reason: SkipReason) => {
    progress.skipped[reason] = (progress.skipped[reason] ?? 0) + 1;
    const list = (examples[reason] ??= []);
    if (list.length < EXAMPLES_PER_REASON) list.push(path);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    batchBytes = 0;
    // A project deleted mid-scan gets no file back: the batch is written only while the project exists.
    await guardWrite(() =>
      db.transaction('rw', db.projects, db.projectFiles, async () => {
        if (!(await db.projects.get(projectId))) throw abortError();
        await db.projectFiles.bulkPut(rows);
      }),
    );
  };

  report();
  for await (const event of walkFolder(source, { maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES })) {
    if (options.signal?.aborted) throw abortError();
    progress.seen++;
    if (event.type === 'skip') {
      if (event.reason === 'lockfile' || isLockfile(event.path)) lockfiles.push(event.path);
      skip(event.path, event.reason);
    } else if (progress.indexed >= maxFiles) {
      skip(event.path, 'limit');
    } else {
      const { path, file } = event;
      const before = known.get(path);
      if (
        before &&
        before.checked &&
        before.size === file.size &&
        before.lastModified !== undefined &&
        before.lastModified === file.lastModified &&
        file.lastModified > 0
      ) {
        changes.unchanged++;
        progress.indexed++;
        present.add(path);
        bytes += file.size;
        if (before.redacted?.length) redacted.set(path, before.redacted);
      } else {
        let text: string | undefined;
        try {
          text = decodeText(new Uint8Array(await file.arrayBuffer()));
        } catch {
          skip(path, 'unreadable');
          continue;
        }
        if (text === undefined) {
          skip(path, 'binary');
        } else {
          // The hash is the file's own, so an unchanged file is still known as one; the index holds it without secrets.
          const hash = contentHash(text);
          const clean = redactSecrets(text);
          const kinds = kindsOf(clean.findings);
          progress.indexed++;
          present.add(path);
          bytes += file.size;
          if (kinds.length) redacted.set(path, kinds);
          if (before && before.checked && before.hash === hash) {
            changes.unchanged++;
            // Same content, new time: remember the time so the next scan need not read it.
            if (before.lastModified !== file.lastModified)
              await guardWrite(() =>
                db.projectFiles.update(projectFileId(projectId, path), { lastModified: file.lastModified }),
              );
          } else {
            // A file only checked again (indexed before the content scan) changed only if a secret was replaced.
            if (!before) changes.added++;
            else if (before.hash === hash && kinds.length === 0) changes.unchanged++;
            else changes.updated++;
            batch.push({
              id: projectFileId(projectId, path),
              projectId,
              path,
              content: clean.text,
              size: file.size,
              hash,
              lastModified: file.lastModified,
              updatedAt: now(),
              secretsChecked: SECRETS_SCAN_VERSION,
              ...(kinds.length ? { redacted: kinds } : {}),
            });
            batchBytes += file.size;
            if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
              progress.phase = 'saving';
              report(path);
              await flush();
              progress.phase = 'reading';
            }
          }
        }
      }
    }
    if (now() - sliceStart > SLICE_MS) {
      report(event.path);
      await nextTask();
      sliceStart = now();
    }
  }
  if (options.signal?.aborted) throw abortError();
  progress.phase = 'saving';
  report();
  await flush();
  const gone = [...known.keys()].filter((path) => !present.has(path));
  changes.removed = gone.length;
  if (gone.length) await guardWrite(() => db.projectFiles.bulkDelete(gone.map((p) => projectFileId(projectId, p))));

  progress.phase = 'detecting';
  report();
  const detected = await detectIndexedStack(db, projectId, present, lockfiles);

  const stats: ProjectScanStats = {
    files: progress.indexed,
    bytes,
    skipped: { ...progress.skipped },
    examples,
    changes,
    scannedAt: now(),
    durationMs: now() - started,
    ...(redacted.size
      ? {
          redacted: {
            files: redacted.size,
            examples: [...redacted]
              .sort((a, b) => a[0].localeCompare(b[0]))
              .slice(0, REDACTED_EXAMPLES)
              .map(([path, kinds]) => ({ path, kinds })),
          },
        }
      : {}),
  };
  await saveScan(db, projectId, stats, detected);
  progress.phase = 'done';
  report();
  return stats;
}
