/**
 * Notices a sandbox frame whose main thread is stuck (an endless loop, or
 * memory growth that stalls or crashes its process): the frame sends a beat
 * every half second; the app checks once a second and gives up after
 * `misses` checks in a row without one. Checks while the app's tab is hidden
 * do not count, because the browser then throttles the frame's timers too.
 */

export interface HeartbeatOptions {
  /** Called once, when the frame stayed silent for `misses` visible checks in a row. */
  onSilent(): void;
  /** True while the app's page is visible. */
  visible(): boolean;
  checkMs?: number;
  misses?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (id: unknown) => void;
}

/** A running watch: call `beat()` on each heartbeat, `stop()` when the frame is gone. */
export interface HeartbeatWatch {
  beat(): void;
  stop(): void;
}

/** Starts watching; see the file comment for when `onSilent` fires. */
export function watchHeartbeat(options: HeartbeatOptions): HeartbeatWatch {
  const every = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms));
  const clear = options.clearInterval ?? ((id) => globalThis.clearInterval(id as ReturnType<typeof setInterval>));
  const limit = options.misses ?? 4;
  let missed = 0;
  let stopped = false;
  const id = every(() => {
    if (stopped) return;
    missed = options.visible() ? missed + 1 : 0;
    if (missed < limit) return;
    stopped = true;
    clear(id);
    options.onSilent();
  }, options.checkMs ?? 1000);
  return {
    beat: () => void (missed = 0),
    stop: () => {
      stopped = true;
      clear(id);
    },
  };
}
