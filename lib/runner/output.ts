/**
 * Runaway output: a program that prints in a loop must not flood the page.
 * `OutputLimiter` keeps at most `limit` characters of stdout + stderr and
 * says once that the rest was dropped; `OutputBatcher` groups small writes
 * into chunks so a tight print loop sends a few messages, not millions.
 */

export const DEFAULT_OUTPUT_LIMIT = 100_000;
export const DEFAULT_TIME_LIMIT_MS = 10_000;

export type Stream = 'stdout' | 'stderr';

/** Counts characters against a limit; hands back what may still be shown. */
export class OutputLimiter {
  private used = 0;
  private dropped = 0;

  constructor(readonly limit: number = DEFAULT_OUTPUT_LIMIT) {}

  /** The part of `text` that fits (possibly ''), plus the notice when this write crossed the limit. */
  admit(text: string): { text: string; notice?: string } {
    if (this.used >= this.limit) {
      this.dropped += text.length;
      return { text: '' };
    }
    const room = this.limit - this.used;
    if (text.length <= room) {
      this.used += text.length;
      return { text };
    }
    this.used = this.limit;
    this.dropped += text.length - room;
    return {
      text: text.slice(0, room),
      notice: `\n[output stopped: more than ${this.limit.toLocaleString('en')} characters]\n`,
    };
  }

  /** True once output has gone past the limit. */
  get truncated(): boolean {
    return this.dropped > 0;
  }
}

/**
 * Sends writes as they come while they are few (so a line printed before a
 * long computation shows at once), and batches them once a program prints
 * faster than `perWindow` chunks per `windowMs` (so a print loop sends a few
 * messages a second, not millions). `flush()` sends what is left.
 */
export class OutputBatcher {
  private pending: { stream: Stream; text: string } | undefined;
  private windowStart = 0;
  private sentInWindow = 0;

  constructor(
    private readonly send: (stream: Stream, text: string) => void,
    private readonly now: () => number = () => Date.now(),
    private readonly maxChars = 4096,
    private readonly windowMs = 100,
    private readonly perWindow = 20,
  ) {}

  write(stream: Stream, text: string): void {
    if (!text) return;
    if (this.pending && this.pending.stream !== stream) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { stream, text };
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.sentInWindow = 0;
    }
    if (this.pending.text.length >= this.maxChars || this.sentInWindow < this.perWindow) this.flush();
  }

  /** True while some output waits to be sent. */
  get hasPending(): boolean {
    return !!this.pending;
  }

  flush(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    this.sentInWindow++;
    this.send(p.stream, p.text);
  }
}
