/**
 * The page's side of updates: registers the service worker through
 * workbox-window, follows whether a new version waits and whether an answer
 * streams, and applies the update only when the user asks (skip waiting, then
 * reload once the new worker controls the page).
 */
import { updatePhase, type UpdatePhase } from './update-policy';
import { Store, type Readable } from '../core/store';

/** The part of workbox-window's `Workbox` used here (injected, so tests pass a fake). */
export interface ServiceWorkerHost {
  addEventListener(
    type: 'waiting' | 'controlling',
    listener: (event: { isUpdate?: boolean; isExternal?: boolean }) => void,
  ): void;
  register(): Promise<unknown>;
  update(): Promise<unknown>;
  messageSkipWaiting(): void;
}

/** Whether an answer streams in this tab (the tab's ActiveStreams fits). */
export interface BusySource {
  all(): readonly unknown[];
  subscribeAll(listener: () => void): () => void;
}

/** Checks for a new version at most this often when the window comes back into view. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export class UpdateController {
  private waiting = false;
  /** Another tab already activated the new worker: Reload only needs to reload. */
  private activatedElsewhere = false;
  private dismissed = false;
  private applying = false;
  private lastCheck = 0;
  private readonly store = new Store<UpdatePhase>('none');
  /** Where the update stands for this tab, told only when the phase changes (for useStore). */
  readonly state: Readable<UpdatePhase> = this.store;

  constructor(
    private readonly host: ServiceWorkerHost,
    private readonly streams: BusySource,
    private readonly reload: () => void,
    private readonly now: () => number = Date.now,
  ) {
    host.addEventListener('waiting', () => {
      this.waiting = true;
      this.dismissed = false;
      this.emit();
    });
    host.addEventListener('controlling', (event) => {
      if (this.applying) {
        this.reload();
      } else if (event.isUpdate || this.waiting) {
        // The new version took over from another tab; this page still runs the old one.
        this.waiting = true;
        this.activatedElsewhere = true;
        this.emit();
      }
    });
    streams.subscribeAll(() => this.emit());
  }

  /** Registers the worker; failures (private mode, no support) leave the app working online. */
  async start(): Promise<boolean> {
    this.lastCheck = this.now();
    try {
      await this.host.register();
      return true;
    } catch {
      return false;
    }
  }

  get phase(): UpdatePhase {
    return this.store.get();
  }

  /** Calls `listener` when the phase changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    return this.store.subscribe(listener);
  }

  /** The user pressed Reload: activate the waiting version, then reload into it. */
  apply(): void {
    if (this.phase !== 'offered') return;
    this.applying = true;
    this.emit();
    if (this.activatedElsewhere) this.reload();
    else this.host.messageSkipWaiting();
  }

  /** The user closed the offer; it comes back when another new version arrives. */
  dismiss(): void {
    this.dismissed = true;
    this.emit();
  }

  /** Asks the browser to look for a new version, at most once per interval (the window came back into view). */
  checkForUpdate(force = false): void {
    if (!force && this.now() - this.lastCheck < UPDATE_CHECK_INTERVAL_MS) return;
    this.lastCheck = this.now();
    // Offline or the server is down: the next check tries again.
    void this.host.update().catch(() => undefined);
  }

  private emit(): void {
    this.store.set(
      updatePhase({
        waiting: this.waiting,
        busy: this.streams.all().length > 0,
        dismissed: this.dismissed,
        applying: this.applying,
      }),
    );
  }
}
