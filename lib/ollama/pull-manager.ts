/**
 * The pulls running in this tab, so the Models page, the welcome screen and
 * a "model not found" notice all show the same progress and can cancel it.
 */
import { createOllamaClient, fetchStoppedBy } from './client';
import { pullModel, type PullHandle, type PullProgress } from './pull';
import { Store, type Readable } from '../core/store';

export interface PullState {
  model: string;
  progress: PullProgress;
  status: 'pulling' | 'done' | 'failed' | 'cancelled';
  error?: string;
}

type Listener = () => void;

/** Starts, follows and cancels this tab's model pulls; its `state` is the list the screens show. */
export class PullManager {
  private states = new Map<string, PullState>();
  private handles = new Map<string, PullHandle>();
  private readonly store = new Store<PullState[]>([]);
  /** Current pulls, newest last; a new array on each change, the same one between (for useStore). */
  readonly state: Readable<PullState[]> = this.store;

  constructor(
    private readonly hostOf: () => string,
    private readonly onFinished: (model: string) => void = () => {},
    /** How long a pull may go without progress before it is stopped (see pullModel). */
    private readonly silenceMs?: number,
  ) {}

  /** Current pulls, newest last; a stable array between changes (for useSyncExternalStore). */
  list(): PullState[] {
    return this.store.get();
  }

  get(model: string): PullState | undefined {
    return this.states.get(model);
  }

  /** Starts pulling `model` unless it is already being pulled. */
  start(model: string): void {
    const name = model.trim();
    if (!name || this.states.get(name)?.status === 'pulling') return;
    const stop = new AbortController();
    const client = createOllamaClient(this.hostOf(), fetchStoppedBy(stop.signal));
    const initial: PullProgress = {
      status: 'starting',
      completedBytes: 0,
      totalBytes: 0,
      bytesPerSecond: 0,
      done: false,
    };
    this.set(name, { model: name, progress: initial, status: 'pulling' });
    const handle = pullModel(client, name, (progress) => this.set(name, { model: name, progress, status: 'pulling' }), {
      stop,
      silenceMs: this.silenceMs,
    });
    this.handles.set(name, handle);
    handle.finished.then(
      () => {
        this.set(name, { ...this.states.get(name)!, status: 'done' });
        this.onFinished(name);
      },
      (err: unknown) => {
        const cur = this.states.get(name)!;
        if (cur.status === 'cancelled') return;
        this.set(name, { ...cur, status: 'failed', error: describePullError(err) });
      },
    );
  }

  /** Cancels a running pull; Ollama keeps no half model. */
  cancel(model: string): void {
    const cur = this.states.get(model);
    if (!cur || cur.status !== 'pulling') return;
    this.set(model, { ...cur, status: 'cancelled' });
    this.handles.get(model)?.cancel();
  }

  /** Forgets a finished, failed or cancelled pull. */
  dismiss(model: string): void {
    if (this.states.get(model)?.status === 'pulling') return;
    this.states.delete(model);
    this.handles.delete(model);
    this.emit();
  }

  /** Calls `listener` after every change of any pull; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    return this.store.subscribe(listener);
  }

  private set(model: string, state: PullState): void {
    this.states.set(model, state);
    this.emit();
  }

  private emit(): void {
    this.store.set([...this.states.values()]);
  }
}

/** Words for a failed pull, from Ollama's own message where it has one. */
export function describePullError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/file does not exist|manifest/i.test(message)) {
    return 'Ollama could not find that model in its library. Check the name (e.g. qwen2.5-coder:7b).';
  }
  if (/fetch|network|Failed to/i.test(message)) return 'Lost the connection to Ollama during the pull.';
  return message;
}
