/**
 * The analysis worker: search, the learning engine and its prompt context, off
 * the main thread. Thin by design: it wires lib/ into a worker.
 */
import { expose } from 'comlink';
import { getDatabase } from '../lib/db/db';
import { closeForGoodWhenDeleted } from '../lib/db/deleted';
import { getSettings } from '../lib/db/settings';
import { ConversationSearch } from '../lib/search/conversation-search';
import { ollamaEmbeddingProvider } from '../lib/ollama/embeddings';
import { EmbeddingStore } from '../lib/retrieval/embedding-store';
import { createRetriever, type RetrieveInput } from '../lib/retrieval/retriever';
import { loadStylePriors } from '../lib/community/pack/priors';
import { forgetProjectPaths, prepareProject, projectContext, projectMentions } from '../lib/projects/project-context';
import { configureChunkIndexes, forgetChunkIndex } from '../lib/projects/ranking';
import { questionLane } from '../lib/core/question-lane';
import { memoryProfiles } from '../lib/memory/memory-profiles';
import { isCodelumiError } from '../lib/core/errors';
import type { ArchiveHooks, ArchiveProgress } from '../lib/archive/format';
import type { AnalysisWorkerApi } from '../lib/analysis/api';

/**
 * A module loaded on first use, once (a load that failed is tried again on the next use). Only what a question's
 * context needs is imported above: the learning engine with its signal model, the importers, the archive and
 * the training export are two thirds of this worker's script, and parsing them at start held the first question.
 */
function later<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

const db = getDatabase();
// "Delete all data" in a tab: this worker's next batch must not reopen (and so recreate) the deleted database.
closeForGoodWhenDeleted(db);
const conversations = new ConversationSearch(db);
const host = async () => (await getSettings(db)).ollamaHost;
const provider = ollamaEmbeddingProvider(host);
// The indexes retrieval reads are saved in IndexedDB and loaded on the next start, not rebuilt (lib/db/indexes.ts).
configureChunkIndexes({ persist: true, lane: questionLane });
// The memories and their comparison profiles load now, in pages a question can run between, and are then kept
// current row by row: a question never waits for the whole table (lib/memory/memory-profiles.ts).
void memoryProfiles(db, { turn: () => questionLane.backgroundTurn() })
  .start()
  .catch((err) => console.warn('Codelumi memories:', err));
const retriever = createRetriever(db, {
  persistIndexes: true,
  lane: questionLane,
  store: new EmbeddingStore(db, provider),
  project: { context: projectContext, mentions: projectMentions, prepare: prepareProject },
  // The community pack's evidence (tier 1 and above) guides answer styles the user has little evidence on.
  stylePriors: () => loadStylePriors(db),
});
/** True while the page streams an answer: learning then rests longer between batches. */
let foreground = false;
/**
 * A question's context is what the user waits for, so background work
 * (learning, embedding, building and saving indexes) waits until no retrieval
 * is running rather than holding the thread or the database while one is
 * (lib/core/question-lane.ts).
 */
const retrievalDone = (): Promise<void> => questionLane.idle();
const retrieve = (input: RetrieveInput) => questionLane.question(() => retriever.retrieve(input));
const locks = (self as unknown as { navigator?: { locks?: LockManager } }).navigator?.locks;
/** The learning engine, with the signal model: loaded for the first learning pass (a second after the start). */
const learning = later(async () => {
  const [{ createLearningEngine }, { createOllamaEmbedder }, { detectSignals }] = await Promise.all([
    import('../lib/learning/engine/engine'),
    import('../lib/learning/embeddings'),
    import('../lib/signals/learned/detect'),
  ]);
  const embedder = createOllamaEmbedder(host, fetch, provider);
  // Parse the model and compile the detector's patterns now (tens of milliseconds, once), not inside the first batch.
  detectSignals({
    prevUser: 'How do I sort a list?',
    prevAssistant: 'Use `sorted(xs)`.',
    message: 'thanks, that worked!',
  });
  return createLearningEngine(db, {
    // One tab's worker learns at a time, so no event is counted twice.
    withLock: locks ? <T>(fn: () => Promise<T>) => locks.request('codelumi:learning', fn) as Promise<T> : undefined,
    similarity: (a, b) => embedder.similarity(a, b),
    pauseBetweenBatches: () => (foreground ? 300 : 30),
    yieldTo: retrievalDone,
  });
});

/** One learning pass, measured as `codelumi:learn` (DevTools, `npm run bench`); new outcomes retrain the reranker (at most once a minute). */
async function learn(onBatch?: (seq: number) => void) {
  await retrievalDone();
  const engine = await learning();
  const start = performance.now();
  const report = await engine.processPending(onBatch);
  if (report.events > 0)
    performance.measure('codelumi:learn', { start, end: performance.now(), detail: { events: report.events } });
  if (report.answers.length && Date.now() - lastTrained > 60_000) {
    lastTrained = Date.now();
    await retrievalDone();
    await retriever.train().catch((err) => console.warn('Codelumi reranker:', err));
  }
  return report;
}
let lastTrained = 0;

let timer: ReturnType<typeof setTimeout> | undefined;
let running: Promise<unknown> = Promise.resolve();
function processSoon(delay = 250): void {
  if (timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    running = running.then(() => learn()).catch((err) => console.warn('Codelumi learning:', err));
  }, delay);
}

// Learn from what earlier sessions left, then look now and then for answers that ended a conversation.
processSoon(1000);
setInterval(() => {
  running = running
    .then(async () => (await learning()).checkDwell())
    .catch((err) => console.warn('Codelumi learning:', err));
}, 60_000);
// Embed past questions in the background, a few at a time, when an embedding model is installed and no answer streams.
setInterval(() => {
  if (foreground) return;
  running = running
    .then(retrievalDone)
    .then(() => retriever.embedSome(24))
    .catch(() => undefined);
}, 20_000);

// An archive upgrade cut short (a closed tab, a crashed worker) leaves a scratch copy of the archive's rows: gone now.
void import('../lib/archive/upgrade')
  .then(({ removeUpgradeLeftovers }) => removeUpgradeLeftovers({ locks }))
  .then((names) => {
    if (names.length) console.info('Codelumi: removed the scratch copy of an interrupted archive upgrade:', names);
  })
  .catch((err) => console.warn('Codelumi archive: could not remove an interrupted upgrade’s scratch database:', err));

/**
 * Conversations that got messages with old times (a later export of an imported one) are read again by
 * both indexes, in this worker and in every other tab's (each holds its own in memory).
 */
const rereads = typeof BroadcastChannel === 'function' ? new BroadcastChannel('codelumi:reread-conversations') : null;
function reread(ids: string[], tell = true): void {
  if (ids.length === 0) return;
  conversations.reread(ids);
  retriever.reread(ids);
  if (tell) rereads?.postMessage(ids);
}
rereads?.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (Array.isArray(event.data))
    reread(
      event.data.filter((id): id is string => typeof id === 'string'),
      false,
    );
});

/**
 * What a forgetting took from the database leaves memory too, in this worker and in every other tab's (each
 * holds its own indexes): a forgotten conversation's titles, messages, questions and vectors, a deleted
 * project's chunk index. Other tabs racing to forget the same conversations find nothing left to forget,
 * so only the tab that forgot can tell them.
 */
const forgotten = typeof BroadcastChannel === 'function' ? new BroadcastChannel('codelumi:forgotten') : null;
async function forgetConversations(ids: string[], tell = true): Promise<void> {
  if (ids.length === 0) return;
  if (tell) forgotten?.postMessage({ conversations: ids });
  await Promise.all([conversations.forget(ids), retriever.forget(ids)]);
}
function forgetProject(projectId: string, tell = true): void {
  forgetChunkIndex(projectId);
  forgetProjectPaths(db, projectId);
  if (tell) forgotten?.postMessage({ project: projectId });
}
forgotten?.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = (event.data ?? {}) as { conversations?: unknown; project?: unknown };
  if (Array.isArray(data.conversations))
    forgetConversations(
      data.conversations.filter((id): id is string => typeof id === 'string'),
      false,
    ).catch((err) => console.warn('Codelumi: could not drop forgotten conversations from memory:', err));
  if (typeof data.project === 'string') forgetProject(data.project, false);
});

// A long export is read a slice at a time; between slices a question's retrieval goes first.
const importer = later(async () => {
  const { createImporter } = await import('../lib/importers/importer');
  return createImporter(db, () => retrievalDone().then(() => new Promise((resolve) => setTimeout(resolve, 0))));
});
/**
 * `report`, passed on at most every 250 ms, and always when `final` says the work is done: each report makes the
 * page render, lay out and paint, which a report per chunk of a 100,000-message import turned into a stream of frames.
 */
function everyQuarterSecond<A extends unknown[]>(
  report: ((...args: A) => unknown) | undefined,
  final: (...args: A) => boolean,
): ((...args: A) => void) | undefined {
  if (!report) return undefined;
  let last = 0;
  return (...args) => {
    const now = performance.now();
    if (now - last < 250 && !final(...args)) return;
    last = now;
    // Not awaited: the page's answer must not hold a database transaction open.
    void Promise.resolve(report(...args)).catch(() => undefined);
  };
}

/** The archive job in progress (one at a time), and whether the page asked to stop it. */
let archiveJob: { cancelled: boolean } | undefined;
/** Runs one export or import; progress is passed on at most every 250 ms (each report makes the page lay out and paint). */
async function archiveWork<T>(
  onProgress: ((p: ArchiveProgress) => void) | undefined,
  work: (hooks: ArchiveHooks) => Promise<T>,
) {
  if (archiveJob) throw new Error('An export or import is already running in this tab.');
  const job = (archiveJob = { cancelled: false });
  const hooks: ArchiveHooks = {
    cancelled: () => job.cancelled,
    onProgress: everyQuarterSecond(onProgress, (p) => p.done >= p.total),
  };
  const start = performance.now();
  try {
    return await work(hooks);
  } catch (err) {
    // Errors cross Comlink as plain objects: keep the code the page words them by.
    throw isCodelumiError(err) ? err.toJSON() : err;
  } finally {
    archiveJob = undefined;
    performance.measure('codelumi:archive', { start, end: performance.now() });
  }
}

const api: AnalysisWorkerApi = {
  search: (query, limit) => conversations.search(query, limit),
  ping: async () => {
    await db.open();
    return 'pong';
  },
  notify: async () => processSoon(),
  processNow: async () => {
    await running;
    const report = await learn();
    await (await learning()).checkDwell();
    return report;
  },
  retrieve,
  warm: async (projectId) => {
    void retrievalDone()
      .then(() => retriever.warm(projectId))
      .catch((err) => console.warn('Codelumi retrieval warm-up:', err));
  },
  // Forgetting reads and writes many rows in one transaction: here, the page's thread stays free (lib/services/forgetting.ts).
  forgetExpired: async (now, windowMs) => {
    const { forgetExpired } = await import('../lib/learning/forget');
    const result = await forgetExpired(db, now, windowMs);
    await forgetConversations(result.conversations);
    return result;
  },
  forgetProject: async (projectId) => forgetProject(projectId),
  reranker: () => retriever.reranker(),
  dashboard: async (days) => (await import('../lib/learning/dashboard')).computeDashboard(db, days),
  setForeground: async (busy) => {
    foreground = busy;
  },
  previewImport: async (file, onProgress) =>
    (await importer()).preview(
      file,
      everyQuarterSecond(onProgress, (fraction) => fraction >= 1),
    ),
  runImport: async (token, options, onProgress) => {
    const result = await (
      await importer()
    ).run(
      token,
      options,
      everyQuarterSecond(onProgress, (written, total) => written >= total),
    );
    reread(result.conversationIds);
    return result;
  },
  learnFromImport: async ({ firstSeq, lastSeq }, onProgress) => {
    const total = lastSeq - firstSeq + 1;
    const onBatch = (seq: number) => onProgress?.(Math.min(1, Math.max(0, (seq - firstSeq + 1) / total)));
    // After any pass already running: it may have read some of these events, and the cursor says how far.
    const pass = running.then(() => learn(onBatch));
    running = pass.catch((err) => console.warn('Codelumi learning:', err));
    await pass;
    onProgress?.(1);
    const { learnedFromImport } = await import('../lib/importers/learned');
    return learnedFromImport(db, { firstSeq, lastSeq });
  },
  exportArchive: (options, onProgress) =>
    archiveWork(onProgress, async (hooks) => (await import('../lib/archive/export')).exportArchive(db, options, hooks)),
  importArchive: (file, mode, onProgress) =>
    archiveWork(onProgress, async (hooks) => {
      // Learn from this profile's pending events first: merged events then count as learned (lib/archive/restore.ts).
      await running;
      await learn();
      const [{ importArchive }, { planRowProblem }] = await Promise.all([
        import('../lib/archive/import'),
        import('../lib/planner/archive-rows'),
      ]);
      // Plan rows are held to the Planner's own rules (paths, plan schema): lib/archive cannot import them.
      const report = await importArchive(
        db,
        file,
        { mode, platform: { locks } },
        { ...hooks, rowCheck: planRowProblem },
      );
      // The archive's messages keep their own (older) times: every tab's indexes read its conversations again.
      reread((await db.conversations.toCollection().primaryKeys()) as string[]);
      return report;
    }),
  // The training export reads every answer, signal and run: here, never on the page's thread.
  previewTrainingExport: async (options) => {
    await running;
    await learn();
    await (await learning()).checkDwell();
    return (await import('../lib/training/export')).previewExport(db, options);
  },
  exportTrainingData: async (options) => {
    await running;
    await learn();
    await (await learning()).checkDwell();
    return (await import('../lib/training/export')).buildTrainingExport(db, options);
  },
  cancelArchive: async () => {
    if (archiveJob) archiveJob.cancelled = true;
  },
};

expose(api);
