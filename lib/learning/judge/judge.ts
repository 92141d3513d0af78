/**
 * The optional judge: when the user switched it on and their Ollama is idle,
 * the follow-ups the detector read without conviction (queue.ts) are shown to
 * the local model, one at a time, for a structured verdict (verdict.ts) that
 * may change the signal (apply-verdict.ts). It keeps out of a chat's way: it
 * waits while any answer is being written, gives up its request the moment
 * one starts in its tab (the follow-up stays queued), asks at most JUDGE_HOURLY_LIMIT times
 * an hour, and a request that takes longer than JUDGE_TIMEOUT_MS is dropped.
 */
import type { CodelumiDB } from '../../db/db';
import type { Message } from '../../core/records';
import { learnableNow } from '../../db/conversations';
import { applyVerdict, type VerdictResult } from './apply-verdict';
import { dequeueReading, queuedReadings, clearJudgeQueue, type QueuedReading } from './queue';
import { judgeMessages, parseVerdict, VERDICT_FORMAT, type Verdict } from './verdict';

/** Requests the judge may make in any hour. */
export const JUDGE_HOURLY_LIMIT = 20;
/** How long one verdict may take (a cold model loads first). */
export const JUDGE_TIMEOUT_MS = 60_000;
/** Where the judge's counts are kept (db.meta), for Settings. */
export const JUDGE_STATS_KEY = 'signals.judgeStats';
const HOUR_MS = 3_600_000;
/** How soon the judge looks again after finding an answer being written. */
const BUSY_RETRY_MS = 5_000;

/** What the judge has done, shown in Settings. */
export interface JudgeStats {
  /** Verdicts received, by what they did. */
  changed: number;
  agreed: number;
  unsure: number;
  /** Requests that failed (the model missing, a reply that was not a verdict, a timeout). */
  failed: number;
  /** The last failure, said plainly; cleared by the next verdict. */
  lastError?: string;
  /** When each request of the last hour was made (the budget). */
  recent: number[];
}

const EMPTY_STATS: JudgeStats = { changed: 0, agreed: 0, unsure: 0, failed: 0, recent: [] };

/** The judge's counts (zeros before it first asked). */
export async function judgeStats(db: CodelumiDB): Promise<JudgeStats> {
  const value = (await db.meta.get(JUDGE_STATS_KEY))?.value as Partial<JudgeStats> | undefined;
  return { ...EMPTY_STATS, ...(value ?? {}), recent: Array.isArray(value?.recent) ? value.recent : [] };
}

/** The one Ollama call the judge makes (ollama-js's `chat`, non-streamed, structured). */
export type JudgeChat = (
  request: {
    model: string;
    messages: { role: 'system' | 'user'; content: string }[];
    format: object;
    stream: false;
    options: { temperature: number };
  },
  signal: AbortSignal,
) => Promise<{ message: { content: string } }>;

/** What the judge needs from the tab. */
export interface JudgeDeps {
  db: CodelumiDB;
  /** The user's switch (Settings → Learning); undefined while the settings are not read yet (wait, drop nothing). */
  enabled(): boolean | undefined;
  /** The model to ask about an answer: the chosen one, else the model that wrote the answer; undefined: none known. */
  modelFor(answer: Message): string | undefined;
  chat: JudgeChat;
  /** True while an answer is being written (in this tab or another). */
  busy(): boolean | Promise<boolean>;
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

/** Failures that mean Ollama cannot be reached right now: the follow-up waits for the next chance. */
function unreachable(err: unknown): boolean {
  return err instanceof TypeError || (err instanceof Error && /fetch|network|ECONNREFUSED/i.test(err.message));
}

function describe(err: unknown, model: string): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/not found/i.test(text)) return `The model ${model} is not installed in Ollama.`;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return `${model} took longer than ${JUDGE_TIMEOUT_MS / 1000} s to answer.`;
  return `${model} could not judge a message: ${text}`;
}

/** Drains the judge's queue whenever poked and allowed (see the module's comment). */
export class SignalJudge {
  private draining = false;
  private again = false;
  private inFlight?: AbortController;
  private timer?: unknown;
  private stopped = false;

  constructor(private readonly deps: JudgeDeps) {}

  /** Something changed (the queue, the settings, an answer finished): judge what waits, if allowed. */
  poke(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return Promise.resolve();
    }
    return this.drain();
  }

  /** An answer started streaming: the request in flight is given up (its follow-up stays queued). */
  yieldToChat(): void {
    this.inFlight?.abort(new DOMException('An answer started streaming.', 'AbortError'));
  }

  /** Stops for good: the request in flight is given up and no timer stays. */
  stop(): void {
    this.stopped = true;
    this.yieldToChat();
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      do {
        this.again = false;
        while (await this.judgeNext());
      } while (this.again && !this.stopped);
    } finally {
      this.draining = false;
    }
  }

  /** Judges the oldest waiting follow-up; false when there is nothing to do now. */
  private async judgeNext(): Promise<boolean> {
    const { db } = this.deps;
    if (this.stopped) return false;
    // This tab is told when its own answer ends, not when another tab's does (or when a lock is let go): look again.
    if (await this.deps.busy()) {
      this.wakeAt(BUSY_RETRY_MS);
      return false;
    }
    const queue = await queuedReadings(db);
    if (queue.length === 0) return false;
    const enabled = this.deps.enabled();
    if (enabled === undefined) return false;
    // Nothing waits for a rule that is off: what was read while it was off is not sent later.
    if (!enabled) {
      await clearJudgeQueue(db);
      return false;
    }
    const stats = await judgeStats(db);
    const now = this.deps.now();
    const recent = stats.recent.filter((t) => t > now - HOUR_MS);
    if (recent.length >= JUDGE_HOURLY_LIMIT) {
      this.wakeAt(recent[0] + HOUR_MS - now);
      return false;
    }
    return this.judge(queue[0], { ...stats, recent });
  }

  private wakeAt(ms: number): void {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      void this.poke();
    }, ms);
  }

  private async judge(item: QueuedReading, stats: JudgeStats): Promise<boolean> {
    const { db } = this.deps;
    const [answer, message] = await db.messages.bulkGet([item.answerId, item.messageId]);
    const question = answer?.parentId ? await db.messages.get(answer.parentId) : undefined;
    const model = answer && this.deps.modelFor(answer);
    // A chat in the bin, or kept out of learning since it was queued, is not shown to any model.
    const learnable = !!answer && (await learnableNow(db, [answer.conversationId])).has(answer.conversationId);
    if (!answer || !message || !model || !learnable) {
      await dequeueReading(db, item.messageId);
      return true;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(JUDGE_TIMEOUT_MS)]);
    stats.recent.push(this.deps.now());
    let verdict: Verdict | undefined;
    let failure: string | undefined;
    try {
      const reply = await this.deps.chat(
        {
          model,
          messages: judgeMessages({
            question: question?.role === 'user' ? question.content : undefined,
            answer: answer.content,
            followUp: message.content,
          }),
          format: VERDICT_FORMAT,
          stream: false,
          options: { temperature: 0 },
        },
        signal,
      );
      verdict = parseVerdict(reply.message.content);
      if (!verdict) failure = `${model} replied with something that is not a verdict.`;
    } catch (err) {
      // Given up for a chat, or Ollama is away: the follow-up waits for the next chance, and the request is not counted.
      if (controller.signal.aborted || unreachable(err)) {
        stats.recent.pop();
        if (!controller.signal.aborted) await this.saveStats({ ...stats, lastError: describe(err, model) });
        return false;
      }
      failure = describe(err, model);
    } finally {
      this.inFlight = undefined;
    }
    let result: VerdictResult | undefined;
    if (verdict) result = await applyVerdict(db, item, verdict, model, this.deps.now());
    await dequeueReading(db, item.messageId);
    const next: JudgeStats = failure
      ? { ...stats, failed: stats.failed + 1, lastError: failure }
      : { ...stats, lastError: undefined };
    if (result === 'changed' || result === 'agreed' || result === 'unsure') next[result] += 1;
    await this.saveStats(next);
    return true;
  }

  private async saveStats(stats: JudgeStats): Promise<void> {
    await this.deps.db.meta.put({ key: JUDGE_STATS_KEY, value: stats });
  }
}
