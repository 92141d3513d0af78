/**
 * Streams one answer from Ollama into IndexedDB. The text is shown from
 * memory as it arrives (ActiveStreams) and saved at most every
 * `saveIntervalMs`, so a reload loses at most that fraction of a second.
 * Stop keeps what arrived; a broken stream keeps it too, with the error;
 * so does a server gone silent mid-stream (no chunk for `idleTimeoutMs`),
 * which ends the answer interrupted, ready for Continue.
 */
import type { CodelumiDB } from '../db/db';
import type { AnswerMetrics, PromptTrace } from '../core/records';
import { completeAnswer, failAnswer, interruptAnswer, saveAnswerProgress } from '../db/messages';
import { CodelumiError, isCodelumiError } from '../core/errors';
import { createOllamaClient, fetchStoppedBy } from '../ollama/client';
import { idleWatch } from '../core/timing';
import { classifyOllamaError } from '../ollama/classify';
import { readChatChunk } from '../ollama/chat-chunk';
import type { ChatMessage } from '../prompt/prompt';
import type { ActiveStreams } from './active-streams';
import { splitThinkTags } from '../response/think-tags';

export interface AnswerDeps {
  db: CodelumiDB;
  host: string;
  /** The page origin, for CORS advice in errors. */
  origin: string;
  streams: ActiveStreams;
  fetchImpl?: typeof fetch;
  /** Longest time between saves of a streaming answer. */
  saveIntervalMs?: number;
  /**
   * Gives up on a stream that has started (Ollama answered) when no chunk
   * arrives for this long: the answer is kept, interrupted as 'silent'. Off when unset.
   */
  idleTimeoutMs?: number;
  /** The tabs' locks on answers (navigator.locks in the browser); none means one tab. */
  locks?: LockManager;
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

export type AnswerEnding =
  | { status: 'complete'; content: string }
  | { status: 'stopped'; content: string }
  /** Ollama went silent mid-stream, or stopped at the length limit (num_predict): kept, interrupted, ready for Continue. */
  | { status: 'interrupted'; content: string; reason: 'silent' | 'length' }
  | { status: 'failed'; content: string; error: CodelumiError };

/** Streams an answer into message `answerId` (already created in `streaming` state). Never throws. */
export async function streamAnswer(deps: AnswerDeps, req: AnswerRequest): Promise<AnswerEnding> {
  const now = deps.now ?? Date.now;
  const controller = new AbortController();
  /** `idle.fired` tells when the silence, not the user, aborted the stream. */
  const idle = idleWatch(deps.idleTimeoutMs, () => controller.abort());
  // Stop works while a model is still loading, too (before ollama-js has a signal of its own).
  const client = createOllamaClient(deps.host, fetchStoppedBy(controller.signal, deps.fetchImpl));

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
    // Before this, Ollama may be loading the model (minutes for a big one); from here on it streams.
    idle.restart();
    for await (const line of stream) {
      idle.restart();
      const chunk = readChatChunk(line);
      const piece = chunk.message?.content ?? '';
      const thought = chunk.message?.thinking ?? '';
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
          doneReason: chunk.done_reason,
        };
      }
    }
    idle.stop();
    if (timer) clearTimeout(timer);
    await saving;
    const final = visible();
    if (metrics?.doneReason === 'length') {
      // Cut at the length limit (num_predict): not finished, so it waits for Continue like a stopped answer.
      await interruptAnswer(deps.db, req.answerId, 'length', { ...final, trace: req.trace });
      return { status: 'interrupted', content: final.content, reason: 'length' };
    }
    // Earlier throttled saves may have failed (e.g. quota); the final write decides.
    await completeAnswer(deps.db, req.answerId, { ...final, metrics, trace: req.trace });
    return { status: 'complete', content: final.content };
  } catch (err) {
    idle.stop();
    if (timer) clearTimeout(timer);
    await saving;
    const partial = { ...visible(), trace: req.trace };
    if (idle.fired) {
      await interruptAnswer(deps.db, req.answerId, 'silent', partial).catch(() => undefined);
      return { status: 'interrupted', content: partial.content, reason: 'silent' };
    }
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
    idle.stop();
    deps.streams.end(req.answerId);
  }
}
