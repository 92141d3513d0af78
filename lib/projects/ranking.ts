/**
 * Each project's chunk index (chunk-index.ts), as the analysis worker keeps
 * it: in memory for the most recently used projects, saved in IndexedDB
 * (`indexes`, schema v12; when `configureChunkIndexes({ persist: true })`) so
 * a start loads it instead of chunking and indexing every file again, and
 * updated file by file when the project's files change (its `filesRevision`
 * moves on). A missing, old or corrupt copy is rebuilt.
 */
import type { CodelumiDB } from '../db/db';
import type { Project, ProjectFile } from '../core/records';
import { projectChunksIndex, readIndex, saveIndex } from '../db/indexes';
import { questionLane, type QuestionLane } from '../core/question-lane';
import { nextTask } from '../core/timing';
import { createSaveQueue, type SaveQueue } from '../core/save-queue';
import { CHUNK_INDEX_FORMAT, ProjectChunkIndex, type ChunkSource } from './chunk-index';

export { chunkId, codeTokens, ProjectChunkIndex, type ChunkSource, type RankedChunk } from './chunk-index';

/** How many projects' indexes are kept in memory at once (the most recently used). */
const CACHE_SIZE = 3;
const SAVE_DELAY_MS = 3_000;
/** A save waits until no question came for this long (serialising a large project's index is one long step). */
const SAVE_QUIET_MS = 15_000;

interface Entry {
  db: CodelumiDB;
  revision: number;
  index: Promise<ProjectChunkIndex>;
  /** The index in memory once there is one (while a newer revision is read in, the older one being updated). */
  ready?: ProjectChunkIndex;
}
const cache = new Map<string, Entry>();
/** One save at a time per project (lib/core/save-queue.ts), and what its next save writes. */
const saveQueues = new Map<string, SaveQueue>();
const toSave = new Map<string, { db: CodelumiDB; revision: number; index: ProjectChunkIndex }>();
let settings = {
  persist: false,
  lane: questionLane as QuestionLane,
  saveDelayMs: SAVE_DELAY_MS,
  saveQuietMs: SAVE_QUIET_MS,
};

/** How the last open of each project's index went: a saved copy as it was, one brought up to date, or built from every file. */
export const chunkIndexOpenings = new Map<string, 'loaded' | 'updated' | 'built'>();

/** Saves the indexes in IndexedDB and loads them on open (the analysis worker); by default they live in memory only. */
export function configureChunkIndexes(options: {
  persist?: boolean;
  lane?: QuestionLane;
  saveDelayMs?: number;
  saveQuietMs?: number;
}): void {
  settings = { ...settings, ...options };
}

const versionOf = (f: ProjectFile) => `${f.updatedAt}:${f.size}:${f.hash ?? ''}`;

async function readSources(db: CodelumiDB, projectId: string): Promise<ChunkSource[]> {
  const files = await db.projectFiles.where('projectId').equals(projectId).toArray();
  return files
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => ({ path: f.path, content: f.content, version: versionOf(f) }));
}

/** The saved copy of a project's index, with the revision it covers; undefined when there is none usable. */
async function loadSaved(
  db: CodelumiDB,
  projectId: string,
): Promise<{ index: ProjectChunkIndex; covers: number } | undefined> {
  const row = await readIndex(db, projectChunksIndex(projectId), CHUNK_INDEX_FORMAT);
  if (!row) return undefined;
  try {
    const json = typeof row.data === 'string' ? row.data : await row.data.text();
    return { index: await ProjectChunkIndex.load(json), covers: row.covers };
  } catch (err) {
    console.warn('Codelumi: a saved project index could not be read; it is rebuilt', err);
    return undefined;
  }
}

async function open(
  db: CodelumiDB,
  projectId: string,
  revision: number,
  previous: ProjectChunkIndex | undefined,
): Promise<ProjectChunkIndex> {
  let index = previous;
  if (!index && settings.persist) {
    const saved = await loadSaved(db, projectId);
    if (saved && saved.covers === revision) {
      chunkIndexOpenings.set(projectId, 'loaded');
      return saved.index;
    }
    index = saved?.index;
  }
  if (index) {
    // Questions may wait for an update (their project changed): it does not stand aside for them.
    await index.update(await readSources(db, projectId), nextTask);
    chunkIndexOpenings.set(projectId, 'updated');
  } else {
    // Questions do not wait for a build (they go without chunks): it stands aside for them between slices.
    const pause = () => settings.lane.backgroundTurn();
    index = await ProjectChunkIndex.build(await readSources(db, projectId), 200, pause);
    chunkIndexOpenings.set(projectId, 'built');
  }
  saveSoon(db, projectId, revision, index);
  return index;
}

function saveQueue(projectId: string): SaveQueue {
  let queue = saveQueues.get(projectId);
  if (!queue)
    saveQueues.set(
      projectId,
      (queue = createSaveQueue({
        delayMs: settings.saveDelayMs,
        // Serialising a large project's index is one long step: not while a question is in flight or came lately.
        moment: () => settings.lane.quiet(settings.saveQuietMs),
        ready: () => !settings.lane.busy,
        write: () => {
          const job = toSave.get(projectId);
          toSave.delete(projectId);
          return job ? save(job.db, projectId, job.revision, job.index) : Promise.resolve(false);
        },
        onError: (err) => console.warn('Codelumi could not save a project index', err),
      })),
    );
  return queue;
}

function saveSoon(db: CodelumiDB, projectId: string, revision: number, index: ProjectChunkIndex): void {
  if (!settings.persist) return;
  toSave.set(projectId, { db, revision, index });
  saveQueue(projectId).soon();
}

/**
 * Saves the index unless it was dropped meanwhile, or the project is gone or
 * changed again (then it is not what the files say). Serialises before its
 * first await (the save queue checked the moment in the same task).
 */
async function save(db: CodelumiDB, projectId: string, revision: number, index: ProjectChunkIndex): Promise<boolean> {
  if (cache.get(projectId)?.ready !== index) return false;
  // As a Blob: a large project's copy is megabytes, and a string value is deserialised whole on the thread that
  // reads the row, holding a question asked just after the start; a Blob's text is read without holding it.
  const data = new Blob([JSON.stringify(index)]);
  return saveIndex(
    db,
    { key: projectChunksIndex(projectId), format: CHUNK_INDEX_FORMAT, covers: revision, data, savedAt: Date.now() },
    [db.projects],
    async () => {
      const project = await db.projects.get(projectId);
      return !!project && (project.filesRevision ?? 0) === revision;
    },
  );
}

/** Saves every index whose save is scheduled, now, and waits for saves in progress (tests, benchmarks). */
export async function settleChunkIndexes(): Promise<void> {
  await Promise.all([...cache.values()].map((e) => e.index.catch(() => undefined)));
  await Promise.all([...saveQueues.values()].map((queue) => queue.settled()));
}

/**
 * The chunk index of a project: the one in memory, else its saved copy, else
 * built from its indexed files; brought up to date (only the changed files)
 * when the files changed since (their revision moved on).
 */
export function chunkIndexFor(
  db: CodelumiDB,
  project: Pick<Project, 'id' | 'filesRevision'>,
): Promise<ProjectChunkIndex> {
  const revision = project.filesRevision ?? 0;
  const cached = cache.get(project.id);
  if (cached && cached.revision === revision) {
    // Most recently used moves to the end.
    cache.delete(project.id);
    cache.set(project.id, cached);
    return cached.index;
  }
  const previous = cached?.ready;
  const index = open(db, project.id, revision, previous);
  const entry: Entry = { db, revision, index, ready: previous };
  cache.delete(project.id);
  cache.set(project.id, entry);
  index.then(
    (ready) => {
      if (cache.get(project.id) === entry) entry.ready = ready;
    },
    // A failed open is not kept: the next question tries again.
    () => {
      if (cache.get(project.id) === entry) cache.delete(project.id);
    },
  );
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return index;
}

/** True when the project's index is in memory (perhaps being brought up to date): a question may wait for it. False while it is still loaded or built. */
export function chunkIndexInMemory(projectId: string): boolean {
  return !!cache.get(projectId)?.ready;
}

/** Drops indexes from memory (one project's, or all), with their pending saves: after a delete, or in tests. */
export function forgetChunkIndex(projectId?: string): void {
  for (const id of projectId ? [projectId] : [...saveQueues.keys()]) {
    saveQueues.get(id)?.cancel();
    saveQueues.delete(id);
    toSave.delete(id);
  }
  if (projectId) cache.delete(projectId);
  else cache.clear();
}
