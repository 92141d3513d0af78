/**
 * The scans running in this tab, one per project at most, with their live
 * progress, so the Projects page can show it (and pick it up again after the
 * user left the page and came back). Framework-free: the UI subscribes.
 */
import type { CodelumiDB } from '../db/db';
import type { ProjectScanStats } from '../db/records';
import type { FileSource } from './source';
import { indexProject, type ScanProgress } from './indexer';

export interface ScanState {
  projectId: string;
  progress: ScanProgress;
  /** Settles with the scan's stats; rejects with its error (AbortError when cancelled). */
  done: Promise<ProjectScanStats>;
  cancel(): void;
}

export class ProjectScans {
  private readonly running = new Map<string, ScanState>();
  private readonly listeners = new Set<() => void>();

  /** Starts scanning `source` into the project; a scan already running for it is returned instead. */
  start(db: CodelumiDB, projectId: string, source: FileSource): ScanState {
    const existing = this.running.get(projectId);
    if (existing) return existing;
    const controller = new AbortController();
    const done = indexProject(db, projectId, source, {
      signal: controller.signal,
      onProgress: (progress) => {
        const current = this.running.get(projectId);
        // A new object each time, so subscribers see a change.
        if (current) this.running.set(projectId, { ...current, progress });
        this.emit();
      },
    }).finally(() => {
      this.running.delete(projectId);
      this.emit();
    });
    // The caller handles the outcome through `done`; this only keeps an unwatched failure from being reported as unhandled.
    done.catch(() => undefined);
    const state: ScanState = { projectId, progress: { phase: 'reading', seen: 0, indexed: 0, skipped: {} }, done, cancel: () => controller.abort() };
    this.running.set(projectId, state);
    this.emit();
    return state;
  }

  /** The scan of a project, if one is running. */
  get(projectId: string): ScanState | undefined {
    return this.running.get(projectId);
  }

  /** Calls `listener` on every change of any scan; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
