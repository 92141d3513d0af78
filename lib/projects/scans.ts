/**
 * The scans running in this tab, one per project at most, with their live
 * progress, so the Projects page can show it (and pick it up again after the
 * user left the page and came back). Framework-free: the UI subscribes.
 */
import type { CodelumiDB } from '../db/db';
import type { ProjectScanStats } from '../core/records';
import type { FileSource } from './source';
import { indexProject, type ScanProgress } from './indexer';
import { Store, type Readable } from '../core/store';

export interface ScanState {
  projectId: string;
  progress: ScanProgress;
  /** Settles with the scan's stats; rejects with its error (AbortError when cancelled). */
  done: Promise<ProjectScanStats>;
  cancel(): void;
}

/** This tab's project scans, at most one per project; its `state` holds them by project id. */
export class ProjectScans {
  private readonly store = new Store<ReadonlyMap<string, ScanState>>(new Map());
  /** The running scans by project id: a new map on each change, the same one between (for useStore). */
  readonly state: Readable<ReadonlyMap<string, ScanState>> = this.store;

  /** Starts scanning `source` into the project; a scan already running for it is returned instead. */
  start(db: CodelumiDB, projectId: string, source: FileSource): ScanState {
    const existing = this.get(projectId);
    if (existing) return existing;
    const controller = new AbortController();
    const done = indexProject(db, projectId, source, {
      signal: controller.signal,
      onProgress: (progress) => {
        const current = this.get(projectId);
        // A new object each time, so subscribers see a change.
        if (current) this.put(projectId, { ...current, progress });
      },
    }).finally(() => this.put(projectId, undefined));
    // The caller handles the outcome through `done`; this only keeps an unwatched failure from being reported as unhandled.
    done.catch(() => undefined);
    const state: ScanState = {
      projectId,
      progress: { phase: 'reading', seen: 0, indexed: 0, skipped: {} },
      done,
      cancel: () => controller.abort(),
    };
    this.put(projectId, state);
    return state;
  }

  /** The scan of a project, if one is running. */
  get(projectId: string): ScanState | undefined {
    return this.store.get().get(projectId);
  }

  /** Calls `listener` on every change of any scan; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    return this.store.subscribe(listener);
  }

  /** Sets (or with undefined, drops) a project's scan in a new map. */
  private put(projectId: string, scan: ScanState | undefined): void {
    const next = new Map(this.store.get());
    if (scan) next.set(projectId, scan);
    else next.delete(projectId);
    this.store.set(next);
  }
}
