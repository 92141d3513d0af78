/**
 * Pulling a model: folds Ollama's per-layer progress lines into one figure
 * (bytes, percent, speed) for a progress bar, and runs a cancellable pull.
 */
import type { OllamaClient } from './client';

export interface PullProgress {
  status: string;
  completedBytes: number;
  totalBytes: number;
  /** 0..100, or undefined while the size is unknown. */
  percent?: number;
  /** Bytes per second, smoothed. */
  bytesPerSecond: number;
  done: boolean;
}

interface LayerState {
  total: number;
  completed: number;
}

export interface PullTracker {
  /** Folds one progress line in and returns the new overall progress. */
  update(line: PullLine, at: number): PullProgress;
  readonly progress: PullProgress;
}

/** A tracker that sums layers; its percent never goes backwards, also when the next layer starts. */
export function createPullTracker(startAt: number): PullTracker {
  const layers = new Map<string, LayerState>();
  let progress: PullProgress = { status: 'starting', completedBytes: 0, totalBytes: 0, bytesPerSecond: 0, done: false };
  let lastAt = startAt;
  let lastBytes = 0;
  return {
    get progress() {
      return progress;
    },
    update(line, at) {
      if (line.digest && typeof line.total === 'number') {
        const prev = layers.get(line.digest);
        layers.set(line.digest, {
          total: line.total,
          completed: Math.max(prev?.completed ?? 0, line.completed ?? 0),
        });
      }
      let total = 0;
      let completed = 0;
      for (const l of layers.values()) {
        total += l.total;
        completed += Math.min(l.completed, l.total);
      }
      let speed = progress.bytesPerSecond;
      const dt = (at - lastAt) / 1000;
      if (dt >= 0.25) {
        const instant = (completed - lastBytes) / dt;
        speed = speed === 0 ? instant : speed * 0.6 + instant * 0.4;
        lastAt = at;
        lastBytes = completed;
      }
      const done = line.status === 'success';
      const measured = total > 0 ? Math.min(100, (completed / total) * 100) : undefined;
      // A layer's size is known only once it starts, so the total grows as layers
      // start; the bar holds its place then instead of jumping back.
      const percent = done
        ? 100
        : measured === undefined
          ? progress.percent
          : Math.max(progress.percent ?? 0, measured);
      progress = {
        status: line.status,
        completedBytes: completed,
        totalBytes: total,
        percent,
        bytesPerSecond: Math.max(0, speed),
        done,
      };
      return progress;
    },
  };
}

/** One progress line as the tracker reads it. */
export interface PullLine {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

const byteCount = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/**
 * A progress line from Ollama, read as untrusted JSON: the status is text (an
 * object or number there would break the progress bar's words), sizes are
 * finite non-negative numbers, anything else is left out.
 */
export function readPullLine(value: unknown): PullLine {
  const line = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    status: typeof line.status === 'string' ? line.status.slice(0, 200) : '',
    digest: typeof line.digest === 'string' ? line.digest.slice(0, 200) : undefined,
    total: byteCount(line.total),
    completed: byteCount(line.completed),
  };
}

export interface PullHandle {
  /** Resolves when the pull succeeded; rejects on error or cancel. */
  finished: Promise<void>;
  cancel(): void;
}

/** How long a pull may go without a progress line before it counts as stalled (Ollama sends several a second while it downloads). */
export const PULL_SILENCE_LIMIT_MS = 60_000;

export interface PullOptions {
  now?: () => number;
  /** Stop after this long without a progress line (also before the first, not while Ollama verifies); default PULL_SILENCE_LIMIT_MS. */
  silenceMs?: number;
  /**
   * Aborted on cancel and on silence. Give the client a fetch that listens to
   * it (see PullManager): ollama-js passes its own signal only once headers
   * arrive, so a server that never answers could not be stopped otherwise.
   */
  stop?: AbortController;
}

const silenceError = (ms: number) =>
  new Error(
    `Ollama sent no progress for ${Math.round(ms / 1000)} s, so the pull was stopped. Check that Ollama is still running, then try again.`,
  );

/** Starts pulling `model`; `onProgress` gets the overall progress as it moves. */
export function pullModel(
  client: OllamaClient,
  model: string,
  onProgress: (p: PullProgress) => void,
  options: PullOptions = {},
): PullHandle {
  const now = options.now ?? Date.now;
  const silenceMs = options.silenceMs ?? PULL_SILENCE_LIMIT_MS;
  let abort: (() => void) | undefined;
  let cancelled = false;
  let wentSilent = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopAll = () => {
    options.stop?.abort();
    abort?.();
  };
  const heard = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      wentSilent = true;
      stopAll();
    }, silenceMs);
  };
  const finished = (async () => {
    const tracker = createPullTracker(now());
    heard();
    try {
      const stream = await client.pull({ model, stream: true });
      abort = () => stream.abort();
      if (cancelled || wentSilent) stream.abort();
      for await (const line of stream) {
        const read = readPullLine(line);
        // Ollama hashes every layer after "verifying sha256 digest" and says nothing until it is done,
        // which for a large model on a slow disk takes minutes: no limit then (the user can still cancel).
        if (read.status.startsWith('verifying')) clearTimeout(timer);
        else heard();
        onProgress(tracker.update(read, now()));
      }
    } catch (e) {
      if (wentSilent) throw silenceError(silenceMs);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    if (wentSilent) throw silenceError(silenceMs);
    if (!tracker.progress.done) throw new Error('The pull ended before Ollama reported success.');
  })();
  return {
    finished,
    cancel() {
      cancelled = true;
      stopAll();
    },
  };
}
