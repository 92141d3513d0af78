/**
 * Streams one answer from Ollama into IndexedDB. The text is shown from
 * memory as it arrives (ActiveStreams) and saved at most every
 * `saveIntervalMs`, so a reload loses at most that fraction of a second.
 * Stop keeps what arrived; a broken stream keeps it too, with the error.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerMetrics, PromptTrace } from '../db/records';
import { completeAnswer, failAnswer, interruptAnswer, saveAnswerProgress } from '../db/messages';
import { CodelumiError, isCodelumiError } from '../errors';
import { createOllamaClient } from '../ollama/client';
import { classifyOllamaError } from '../ollama/classify';
import type { ChatMessage } from '../brain/prompt';
import type { ActiveStreams } from './active-streams';
import { splitThinkTags } from './think-tags';

export interface AnswerDeps {
  db: CodelumiDB;
  host: string;
  /** The page origin, for CORS advice in errors. */
  origin: string;
  streams: ActiveStreams;
  fetchImpl?: typeof fetch;
  /** Longest time between saves of a streaming answer. */
  saveIntervalMs?: number;
  /** Marks the answer as owned by this tab while it streams (Web Locks in the browser). */
  holdWhile?: (messageId: string, done: Promise<unknown>) => void;
  now?: () => number;
}

export interface AnswerRequest {
  answerId: string;
  conversationId: string;
  model: string;
  messages: ChatMessage[];
  trace: PromptTrace;
  options: { num_ctx: number; [key: string]: unknown };
  keepAlive?: string;
  /** Ask a thinking model for its reasoning separately. */
  think?: boolean;
  /** Text the answer already holds (Continue): new tokens are appended to it. */
  prefix?: { content: string; thinking: string };
}

export type AnswerOutcome =
  | { status: 'complete'; content: string }
  | { status: 'stopped'; content: string }
  | { status: 'failed'; content: string; error: CodelumiError };

/** Streams an answer into message `answerId` (already created in `streaming` state). Never throws. */
export async function streamAnswer(deps: AnswerDeps, req: AnswerRequest): Promise<AnswerOutcome> {
  const now = deps.now ?? Date.now;
  const controller = new AbortController();
  const baseFetch = deps.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  // ollama-js only gives its own signal to the fetch once headers arrive; ours
  // is merged in so Stop works while a model is still loading, too.
  const fetchWithStop: typeof fetch = (input, init) =>
    baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal });
  const client = createOllamaClient(deps.host, fetchWithStop);

  let raw = req.prefix?.content ?? '';
  let separateThinking = req.prefix?.thinking ?? '';
  let started = false;
  let responded = false;
  const visible = () => {
    const split = splitThinkTags(raw);
    return { content: split.content, thinking: [separateThinking, split.thinking].filter(Boolean).join('\n\n') };
  };

  deps.streams.start({
    messageId: req.answerId,
    conversationId: req.conversationId,
    ...visible(),
    phase: 'waiting',
    startedAt: now(),
    abort: () => controller.abort(),
  });

  // Made before the optional call: `holdWhile?.(…)` skips its arguments when
  // there is no holdWhile, and the `finally` below must always resolve it.
  let resolveDone!: () => void;
  const finished = new Promise<void>((r) => (resolveDone = r));
  deps.holdWhile?.(req.answerId, finished);

  // Throttled saves, one at a time, never blocking the stream.
  const interval = deps.saveIntervalMs ?? 200;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const snapshot = visible();
    saving = saving
      .then(() => saveAnswerProgress(deps.db, req.answerId, snapshot))
      // A failed intermediate save is not fatal: the final write retries it all.
      .catch(() => undefined);
  };
  const scheduleSave = () => {
    timer ??= setTimeout(flush, interval);
  };

  let metrics: AnswerMetrics | undefined;
  try {
    const stream = await client.chat({
      model: req.model,
      messages: req.prefix ? [...req.messages, { role: 'assistant', content: req.prefix.content }] : req.messages,
      stream: true,
      options: req.options,
      keep_alive: req.keepAlive,
      ...(req.think ? { think: true } : {}),
    });
    responded = true;
    for await (const chunk of stream) {
      const piece = chunk.message?.content ?? '';
      const thought = (chunk.message as { thinking?: string } | undefined)?.thinking ?? '';
      if (piece || thought) {
        if (!started) {
          started = true;
          deps.streams.update(req.answerId, { firstTokenAt: now() });
        }
        raw += piece;
        separateThinking += thought;
        const shown = visible();
        deps.streams.update(req.answerId, { ...shown, phase: shown.content ? 'answering' : 'thinking' });
        scheduleSave();
      }
      if (chunk.done) {
        metrics = {
          totalDurationNs: chunk.total_duration,
          loadDurationNs: chunk.load_duration,
          promptEvalCount: chunk.prompt_eval_count,
          promptEvalDurationNs: chunk.prompt_eval_duration,
          evalCount: chunk.eval_count,
          evalDurationNs: chunk.eval_duration,
          doneReason: (chunk as { done_reason?: string }).done_reason,
        };
      }
    }
    if (timer) clearTimeout(timer);
    await saving;
    const final = visible();
    // Earlier throttled saves may have failed (e.g. quota); the final write decides.
    await completeAnswer(deps.db, req.answerId, { ...final, metrics, trace: req.trace });
    return { status: 'complete', content: final.content };
  } catch (err) {
    if (timer) clearTimeout(timer);
    await saving;
    const partial = { ...visible(), trace: req.trace };
    if (controller.signal.aborted) {
      await interruptAnswer(deps.db, req.answerId, 'user', partial).catch(() => undefined);
      return { status: 'stopped', content: partial.content };
    }
    const error = isCodelumiError(err)
      ? err
      : await classifyOllamaError(err, {
          host: deps.host,
          model: req.model,
          origin: deps.origin,
          streamStarted: started,
          responded,
          fetchImpl: deps.fetchImpl,
        });
    await failAnswer(deps.db, req.answerId, error.toJSON(), partial).catch(() => undefined);
    return { status: 'failed', content: partial.content, error };
  } finally {
    deps.streams.end(req.answerId);
    resolveDone();
  }
}
