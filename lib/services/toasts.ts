/**
 * Short notices at the bottom of the window ("Conversation deleted · Undo"),
 * held outside React: any part of the app shows one, the shell renders them.
 */
import { Store, type Readable } from '../core/store';

/** One notice; it can carry one action. */
export interface Toast {
  id: number;
  text: string;
  tone?: 'info' | 'error' | 'success';
  action?: { label: string; run: () => void };
  /** How long it stays up, in milliseconds (6 s unless given). */
  durationMs?: number;
}

/** What the app can do with notices. */
export interface ToastApi {
  /** Shows a notice and returns its id; it goes away by itself after its duration. */
  show(toast: Omit<Toast, 'id'>): number;
  /** Takes a notice down (nothing happens when it is already gone). */
  dismiss(id: number): void;
}

/** At most this many notices stand at once; a new one pushes the oldest out. */
export const MAX_TOASTS = 4;
const DEFAULT_DURATION_MS = 6000;

/** The tab's notices: the last few shown, each dismissed by itself after its duration. */
export class Toasts implements ToastApi {
  private readonly store = new Store<readonly Toast[]>([]);
  /** The notices on screen, oldest first (for useStore). */
  readonly state: Readable<readonly Toast[]> = this.store;
  private nextId = 1;

  constructor(private readonly setTimer: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms)) {}

  readonly show = (toast: Omit<Toast, 'id'>): number => {
    const id = this.nextId++;
    this.store.update((toasts) => [...toasts.slice(-(MAX_TOASTS - 1)), { ...toast, id }]);
    this.setTimer(() => this.dismiss(id), toast.durationMs ?? DEFAULT_DURATION_MS);
    return id;
  };

  readonly dismiss = (id: number): void => {
    const toasts = this.store.get();
    if (toasts.some((t) => t.id === id)) this.store.set(toasts.filter((t) => t.id !== id));
  };
}
