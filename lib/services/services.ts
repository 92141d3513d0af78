/**
 * The composition root: builds the tab's long-lived services once, outside
 * React, from a Platform. Building starts nothing (no listener, timer or
 * worker); startBackground (background.ts) does that. React only provides
 * the result and subscribes to its stores.
 */
import { QueryClient } from '@tanstack/query-core';
import type { CodelumiDB } from '../db/db';
import type { NewAppEvent } from '../core/records';
import { recordEvent } from '../db/events';
import { ActiveStreams } from '../chat/active-streams';
import { PullManager } from '../ollama/pull-manager';
import { createAnalysisWorkerClient, type AnalysisWorkerClient } from '../analysis/client';
import { RunBoard, runnerSettings } from '../runner/board';
import type { SandboxHost } from '../runner/host';
import { UpdateController } from '../pwa/update-controller';
import { ProjectScans } from '../projects/scans';
import { DEFAULT_OLLAMA_HOST } from '../db/settings';
import type { Platform } from './platform';
import { LiveSettings } from './live-settings';
import { queryKeys } from './query-keys';
import { Toasts } from './toasts';
import { Forgetting } from './forgetting';
import { DataWipe } from './data-wipe';
import { CodelumiError } from '../core/errors';
import { UNDO_WINDOW_MS, forgetExpired } from '../learning/forget';
import type { AppPlanner } from '../planner/app-service';
import { createTabPlanner } from './planner';

/** The tab's long-lived objects; components reach them through `useServices`. */
export interface Services {
  db: CodelumiDB;
  streams: ActiveStreams;
  pulls: PullManager;
  analysis: AnalysisWorkerClient;
  /** Code runs of this tab (the sandbox starts on the first run). */
  runner: RunBoard;
  /** The service worker's updates (null in development and where service workers are unavailable). */
  updates: UpdateController | null;
  /** This page's origin, for CORS advice. */
  origin: string;
  /** Records what the user did (copy, sent, left …) for the learning engine and wakes it. Never throws. */
  report: (event: NewAppEvent) => void;
  /** The stored settings, live while the background runs. */
  settings: LiveSettings;
  /** The cache of Ollama queries (connection, models) and worker queries (search, dashboard). */
  queryClient: QueryClient;
  /** This tab's project scans (they go on when the user leaves the Projects page). */
  scans: ProjectScans;
  /** The notices at the bottom of the window. */
  toasts: Toasts;
  /** Deleting conversations: undo within the window, then forgotten for good (timers run while the background does). */
  forgetting: Forgetting;
  /** "Delete all data" across tabs: telling the others, and whether another tab deleted it all under this one. */
  dataWipe: DataWipe;
  /** The Planner (the Build page): plans, their execution in the tab's sandbox, delivery. */
  planner: AppPlanner;
  /** The tab's code sandbox, created on first use (a temporary chat's runner shares it). */
  sandbox: () => SandboxHost;
  /** True for a temporary chat's services (lib/services/temporary.ts): nothing they hold reaches IndexedDB. */
  temporary: boolean;
  /** What the services were built from (startBackground listens to it). */
  platform: Platform;
  /** Stops the Planner's executions, terminates the analysis worker and removes the sandbox; they start again when next used. */
  release(): void;
}

/** Builds every shared service of the tab from `platform`; starts nothing (see startBackground). */
export function createServices(platform: Platform): Services {
  const db = platform.openDatabase();
  const settings = new LiveSettings();
  const queryClient = new QueryClient({
    defaultOptions: { queries: { refetchOnWindowFocus: false, networkMode: 'always' } },
  });
  const streams = new ActiveStreams();
  const dataWipe = new DataWipe(platform);
  const analysis = createAnalysisWorkerClient(() => {
    // A new worker would open the database again, and so recreate what another tab deleted.
    if (dataWipe.deletedElsewhere.get())
      throw new CodelumiError('unavailable:db', 'All data was deleted in another tab; reload the page.');
    return platform.createAnalysisWorker();
  });
  const serviceWorker = platform.createServiceWorker();
  let sandbox: SandboxHost | undefined;
  const sandboxHost = () => (sandbox ??= platform.createSandbox());
  const planner = createTabPlanner({
    db,
    settings: () => settings.current(),
    sandbox: sandboxHost,
    analysis,
    locks: platform.locks,
    origin: platform.origin,
    now: () => platform.now(),
  });
  const runner = new RunBoard({
    db,
    host: sandboxHost,
    settings: () => runnerSettings(settings.current()),
    // The run and its event are stored by the runner itself; the learning engine only needs a nudge.
    onRecorded: () => void analysis.notify().catch(() => undefined),
  });
  return {
    planner,
    db,
    sandbox: sandboxHost,
    temporary: false,
    streams,
    settings,
    queryClient,
    platform,
    origin: platform.origin,
    scans: new ProjectScans(),
    toasts: new Toasts(),
    dataWipe,
    forgetting: new Forgetting(
      db,
      {
        now: () => platform.now(),
        setTimer: (run, ms) => setTimeout(run, ms),
        clearTimer: (t) => clearTimeout(t as never),
      },
      (result) => {
        if (result instanceof Error) console.error('Codelumi could not forget a deleted conversation', result);
        // Searches, the dashboard and the sidebar's counts may have shown what is now gone.
        else if (result.conversations.length) void queryClient.invalidateQueries();
      },
      UNDO_WINDOW_MS,
      // In the analysis worker: forgetting a conversation reads and rewrites rows all over the database.
      // If the worker cannot run it (it failed to start, or died), the page does: a deletion is never left unforgotten.
      (now, windowMs) =>
        analysis.forgetExpired(now, windowMs).catch((err: unknown) => {
          if (dataWipe.deletedElsewhere.get()) throw err;
          console.warn('Codelumi forgets in the page: the background worker failed', err);
          return forgetExpired(db, now, windowMs);
        }),
    ),
    updates:
      serviceWorker &&
      new UpdateController(
        serviceWorker,
        streams,
        () => platform.reload(),
        () => platform.now(),
      ),
    pulls: new PullManager(
      () => settings.state.get()?.ollamaHost ?? DEFAULT_OLLAMA_HOST,
      () =>
        void queryClient
          .invalidateQueries({ queryKey: queryKeys.models.all })
          .then(() => queryClient.invalidateQueries({ queryKey: queryKeys.connection.all })),
    ),
    analysis,
    // The main thread only appends the event; all learning happens in the worker.
    report: (event) => {
      // Measured (visible in DevTools and to `npm run bench`): the main thread's share of reporting.
      const start = performance.now();
      void recordEvent(db, event)
        .then(() => {
          performance.measure('codelumi:report-stored', { start, end: performance.now() });
          return analysis.notify();
        })
        .catch(() => undefined);
      performance.measure('codelumi:report', { start, end: performance.now() });
    },
    runner,
    release() {
      planner.release();
      // Before the sandbox goes: a warm-up waiting for an idle moment would make a new one.
      runner.dispose();
      analysis.terminate();
      sandbox?.dispose();
      sandbox = undefined;
    },
  };
}
