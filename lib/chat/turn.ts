/**
 * One turn of a chat, as a pipeline, in the order it runs:
 *
 *   retrieve   the context for the question (the analysis worker's retriever): retrieveContext
 *   construct  the prompt within the context window (prompt/prompt.ts): constructTurnPrompt
 *   stream     the answer from Ollama into the database (answer.ts): streamTurn
 *   process    the finished answer: its code blocks with their languages and
 *              how each runs, its run requests (response/response.ts): finishTurn
 *   report     what happened: to the learning engine (question sent: reportEvent; answer_done:
 *              streamTurn), to the runner (auto-run) and to the page (errors the thread cannot
 *              show): finishTurn
 *
 * What the user does (actions.ts: send, regenerate, edit and resend, continue)
 * writes the question and the empty answer and runs the first three steps;
 * each resolves with a StartedAnswer once the answer streams. `finishTurn`
 * takes a started answer through the rest (session.ts calls both).
 */
import type { AppEvent, Conversation, Message, NewAppEvent, OmitEach } from '../core/records';
import type { Settings } from '../db/settings';
import { conversationMessages } from '../db/messages';
import { setConversationSummary } from '../db/conversations';
import { buildThread } from '../db/thread';
import { constructPrompt, defaultAnswerReserve, type BuiltPrompt } from '../prompt/prompt';
import { cleanSummary, planSummary, summaryRequest } from '../prompt/summary';
import type { ContextSection } from '../prompt/context-sections';
import { personaFor } from '../prompt/persona';
import { estimateTokens } from '../core/tokens';
import { whenIdle } from '../core/timing';
import { createOllamaClient, fetchWithin } from '../ollama/client';
import { processBlocks, runRequests, type ProcessedBlock } from '../response/response';
import type { RetrieveRequest } from '../retrieval/retriever';
import type { RunnableBlock, SendFollowUp } from '../runner/board';
import type { RunnerLanguage } from '../runner/languages';
import type { ReleaseLock } from './locks';
import { streamAnswer, type AnswerDeps, type AnswerEnding } from './answer';

/** What a turn needs to know about the model it answers with. */
export interface ModelFacts {
  name: string;
  contextLength?: number;
  capabilities: string[];
}

/** What a turn works with: the database, Ollama, the settings and the analysis worker's retriever. */
export interface ChatDeps extends AnswerDeps {
  settings: Settings;
  /** Facts about models by name, from the Models list (may be empty while offline). */
  modelFacts: (name: string) => ModelFacts | undefined;
  /** The model to use when neither the conversation nor the settings name one (the first installed chat model). */
  fallbackModel?: () => string | undefined;
  /** The context for a question (the analysis worker's retriever); missing, failing or slow means none. */
  retrieve?: (input: RetrieveRequest) => Promise<ContextSection[] | undefined>;
  /** Reports what happened (question sent, answer finished) to the learning engine. */
  report?: (event: NewAppEvent) => void;
  /** Longest wait for a background request (a title, a summary); default BACKGROUND_TIME_LIMIT_MS. */
  backgroundTimeoutMs?: number;
}

/** A title or a summary that takes longer is given up (the fallback title, or no summary, stays). */
export const BACKGROUND_TIME_LIMIT_MS = 120_000;
/** At the latest this long after an answer completes, its conversation's summary is looked into even on a busy page. */
const SUMMARY_IDLE_WAIT_MS = 2000;

/** The context window to ask for: the setting, else the model's own capped at 8192, else 4096. */
export function effectiveContextLength(settings: Settings, model: ModelFacts | undefined): number {
  if (settings.contextLength > 0) return settings.contextLength;
  return Math.min(model?.contextLength ?? 4096, 8192);
}

/** A turn whose answer has started streaming. */
export interface StartedAnswer {
  conversationId: string;
  answerId: string;
  /** Settles when the answer is complete, stopped or failed. */
  done: Promise<AnswerEnding>;
}

/** Retrieve: the context for the question ending `history`; never fails or blocks the answer for long. */
export async function retrieveContext(
  ctx: ChatDeps,
  conversation: Conversation | undefined,
  model: string,
  history: Pick<Message, 'id' | 'role' | 'content'>[],
  exclude?: string[],
): Promise<ContextSection[] | undefined> {
  if (!ctx.retrieve) return undefined;
  const questions = history.filter((m) => m.role === 'user');
  const last = questions[questions.length - 1];
  const question = last?.content;
  if (!question) return undefined;
  // Measured as `codelumi:turn:retrieve` (the benchmark splits a Send's time into before, during and after this).
  const start = performance.now();
  try {
    return await ctx.retrieve({
      question,
      conversationContext: history
        .slice(-4, -1)
        .map((m) => m.content)
        .join('\n'),
      conversationId: conversation?.id,
      projectId: conversation?.projectId,
      contextLength: effectiveContextLength(ctx.settings, ctx.modelFacts(model)),
      exclude,
      questionId: last.id,
    });
  } catch {
    // Answering without context beats not answering.
    return undefined;
  } finally {
    const entry = 'codelumi:turn:retrieve';
    if (performance.getEntriesByName(entry).length >= 200) performance.clearMeasures(entry);
    performance.measure(entry, { start });
  }
}

/** Construct: the prompt for `history` within the context window (throws overflow:context when it cannot fit). */
export function constructTurnPrompt(
  ctx: ChatDeps,
  conversation: Conversation | undefined,
  model: string,
  history: Pick<Message, 'id' | 'role' | 'content'>[],
  context?: ContextSection[],
  exclude?: string[],
): BuiltPrompt {
  return constructPrompt({
    model,
    history,
    context,
    exclude,
    summary: conversation?.summary,
    persona: personaFor(ctx.settings),
    systemPrompts: [ctx.settings.globalSystemPrompt, conversation?.systemPrompt],
    contextLength: effectiveContextLength(ctx.settings, ctx.modelFacts(model)),
  });
}

/** Report: an event to the learning engine, never failing the chat. */
export function reportEvent(ctx: ChatDeps, event: OmitEach<AppEvent, 'seq' | 'at'>): void {
  try {
    ctx.report?.({ ...event, at: Date.now() });
  } catch {
    // Learning is best effort; the conversation goes on.
  }
}

/**
 * Stream: the answer from Ollama into its stored message, then let go of its
 * lock. A complete answer is reported to the learning engine (answer_done)
 * and, when the conversation has outgrown its share of the context window,
 * summarised in the background.
 */
export async function streamTurn(
  ctx: ChatDeps,
  conversation: Conversation,
  answer: Message,
  model: string,
  prompt: BuiltPrompt,
  release: ReleaseLock,
  prefix?: { content: string; thinking: string },
): Promise<AnswerEnding> {
  const facts = ctx.modelFacts(model);
  let outcome: AnswerEnding;
  try {
    outcome = await streamAnswer(
      { ...ctx, idleTimeoutMs: ctx.settings.silenceTimeoutSec * 1000 },
      {
        answerId: answer.id,
        conversationId: conversation.id,
        model,
        messages: prompt.messages,
        trace: prompt.trace,
        options: { num_ctx: prompt.trace.contextLength, num_predict: ctx.settings.maxAnswerTokens },
        keepAlive: ctx.settings.keepAlive,
        think: facts?.capabilities.includes('thinking') ?? false,
        prefix,
      },
    );
  } finally {
    // streamAnswer has written the answer's last state: another tab may take it now.
    release();
  }
  if (outcome.status === 'complete') {
    reportEvent(ctx, { kind: 'answer_done', conversationId: conversation.id, messageId: answer.id });
    // Background work, started once the page is idle: it reads and measures the whole conversation, which must not
    // add to the moment the answer completes (its render, its code's auto-run).
    void whenIdle(SUMMARY_IDLE_WAIT_MS).then(() => summarizeIfLong(ctx, conversation.id, model, answer.id));
  }
  return outcome;
}

const summarizing = new Set<string>();

/**
 * When a conversation outgrows its share of the context window, asks the
 * model (in the background) for a summary of the older turns, which the
 * prompt constructor then uses in their place. Never throws; one at a time
 * per conversation.
 */
export async function summarizeIfLong(
  ctx: ChatDeps,
  conversationId: string,
  model: string,
  leafId: string,
): Promise<boolean> {
  if (summarizing.has(conversationId)) return false;
  summarizing.add(conversationId);
  try {
    const conversation = await ctx.db.conversations.get(conversationId);
    if (!conversation) return false;
    const thread = buildThread(await conversationMessages(ctx.db, conversationId), leafId)
      .map((e) => e.message)
      .filter((m) => m.role !== 'system' && m.content.trim() && m.status !== 'streaming');
    const contextLength = effectiveContextLength(ctx.settings, ctx.modelFacts(model));
    const room = Math.floor((contextLength - defaultAnswerReserve(contextLength)) * 0.5);
    const plan = planSummary(thread, room, conversation.summary?.throughMessageId);
    if (!plan) return false;
    const client = createOllamaClient(
      ctx.host,
      fetchWithin(ctx.backgroundTimeoutMs ?? BACKGROUND_TIME_LIMIT_MS, ctx.fetchImpl),
    );
    const res = await client.chat({
      model,
      stream: false,
      think: false,
      options: { temperature: 0.2, num_predict: 400 },
      messages: summaryRequest(plan.older, conversation.summary?.text),
    });
    const text = cleanSummary(res.message?.content ?? '');
    if (!text) return false;
    await setConversationSummary(ctx.db, conversationId, {
      text,
      throughMessageId: plan.throughMessageId,
      tokens: estimateTokens(text),
      model,
      createdAt: Date.now(),
    });
    return true;
  } catch {
    // Without a summary the oldest turns are left out of the prompt (and listed in its trace); nothing is lost.
    return false;
  } finally {
    summarizing.delete(conversationId);
  }
}

/** What runs a finished answer's code (the tab's RunBoard). */
export interface TurnRunner {
  /** What auto-run may run, from Settings. */
  autoRunSettings(): { autoRun: Partial<Record<RunnerLanguage, boolean>>; autoRunSideEffects: boolean };
  autoRun(
    conversationId: string,
    messageId: string,
    requests: readonly RunnableBlock[],
    send?: SendFollowUp,
  ): Promise<void>;
}

/** Where a turn's end is reported. */
export interface TurnReport {
  runner: TurnRunner;
  /** Asks follow-ups (Fix it after a failed auto-run) in the turn's conversation. */
  followUp: SendFollowUp;
  /** An error the thread cannot show (storage refused the answer's own saves). */
  fail: (error: unknown, inAnswer: boolean) => void;
}

/** How a turn ended, with the processed answer when it completed. */
export type FinishedTurn = { ending: AnswerEnding; blocks: ProcessedBlock[]; requests: ProcessedBlock[] };

/**
 * Follows a started answer to its end, processes it and reports it: a
 * complete answer's run requests go to the runner (Settings decide which
 * blocks auto-run); a failure to store the answer goes to `fail` (other
 * failures are stored with the answer and shown in the thread).
 */
export async function finishTurn(started: StartedAnswer, report: TurnReport): Promise<FinishedTurn> {
  const ending = await started.done;
  if (ending.status === 'failed' && ending.error.code === 'quota:db') report.fail(ending.error, true);
  if (ending.status !== 'complete') return { ending, blocks: [], requests: [] };
  const blocks = processBlocks(ending.content);
  const requests = runRequests(blocks, report.runner.autoRunSettings());
  await report.runner.autoRun(started.conversationId, started.answerId, requests, report.followUp);
  return { ending, blocks, requests };
}
