/**
 * What the user does in a chat, as plain async functions over the database
 * and Ollama: send, regenerate, edit and resend, continue. Each one writes
 * the question and the empty answer first, then streams into it.
 */
import type { CodelumiDB } from '../db/db';
import type { AppEvent, Conversation, Message, NewAppEvent, OmitEach } from '../core/records';
import type { Settings } from '../db/settings';
import { addUserMessage, conversationMessages, resumeAnswer, startAnswer } from '../db/messages';
import { createConversation, setAutomaticTitle, setConversationSummary } from '../db/conversations';
import { saveDraft } from '../db/drafts';
import { CodelumiError } from '../core/errors';
import { constructPrompt, defaultAnswerReserve, type BuiltPrompt } from '../prompt/prompt';
import { cleanSummary, planSummary, summaryRequest } from '../prompt/summary';
import { estimateTokens } from '../core/tokens';
import type { ContextSection } from '../prompt/context-sections';
import { personaFor } from '../prompt/persona';
import { newId } from '../core/ids';
import { rememberStatedNow } from '../memory/learned';
import { takeAnswerLock, type ReleaseLock } from './locks';
import { createOllamaClient, fetchWithin } from '../ollama/client';
import { chooseModel } from '../ollama/models';
import { buildThread } from '../db/thread';
import { streamAnswer, type AnswerDeps, type AnswerEnding } from './answer';
import { cleanModelTitle, fallbackTitle, generateTitle } from './title';
import type { RetrieveRequest } from '../retrieval/retriever';

export type { RetrieveRequest };

/** What the actions need to know about the model they answer with. */
export interface ModelFacts {
  name: string;
  contextLength?: number;
  capabilities: string[];
}

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

/** The context window to ask for: the setting, else the model's own capped at 8192, else 4096. */
export function effectiveContextLength(settings: Settings, model: ModelFacts | undefined): number {
  if (settings.contextLength > 0) return settings.contextLength;
  return Math.min(model?.contextLength ?? 4096, 8192);
}

/** The model a conversation answers with: its own, else the default, else the first installed chat model. */
export function modelFor(
  conversation: Pick<Conversation, 'model'> | undefined,
  settings: Settings,
  fallback?: () => string | undefined,
): string {
  return chooseModel(conversation?.model, settings.defaultModel, fallback);
}

export interface StartedAnswer {
  conversationId: string;
  answerId: string;
  /** Settles when the answer is complete, stopped or failed. */
  done: Promise<AnswerEnding>;
}

function noModel(): CodelumiError {
  return new CodelumiError('not_found:model', 'No model is chosen yet. Install or pick a model first.', {});
}

function buildPrompt(
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

/** The context for the question ending `history`; never fails or blocks the answer for long. */
async function contextFor(
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
  }
}

/** Reports an event to the learning engine, never failing the chat. */
function report(ctx: ChatDeps, event: OmitEach<AppEvent, 'seq' | 'at'>): void {
  try {
    ctx.report?.({ ...event, at: Date.now() });
  } catch {
    // Learning is best effort; the conversation goes on.
  }
}

/**
 * Takes the lock of a new answer, then lets `write` mark it `streaming`: in
 * this order, another tab never sees a `streaming` answer nobody holds (and
 * settles it as orphaned). The lock is let go if the write fails.
 */
async function lockedNewAnswer(
  ctx: ChatDeps,
  write: (answerId: string) => Promise<Message>,
): Promise<{ answer: Message; release: ReleaseLock }> {
  const answerId = newId();
  // A fresh id: no other tab can hold it, so this resolves at once.
  const release = (await takeAnswerLock(ctx.locks, answerId))!;
  try {
    return { answer: await write(answerId), release };
  } catch (err) {
    release();
    throw err;
  }
}

async function runAnswer(
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
    report(ctx, { kind: 'answer_done', conversationId: conversation.id, messageId: answer.id });
    void summarizeIfLong(ctx, conversation.id, model, answer.id);
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

/** History of the thread that ends at `leafId`, excluding unfinished or failed answers. */
async function historyTo(db: CodelumiDB, conversationId: string, leafId: string | null): Promise<Message[]> {
  if (!leafId) return [];
  const thread = buildThread(await conversationMessages(db, conversationId), leafId);
  return thread
    .map((e) => e.message)
    .filter((m) => m.role !== 'assistant' || (m.content.trim() !== '' && m.status !== 'streaming'));
}

/**
 * Sends `text` after `parentId` in the conversation (a new conversation when
 * none is given). Checks the prompt fits before anything is written, so a
 * refused message stays in the composer. The draft is cleared once stored.
 */
export async function sendMessage(
  ctx: ChatDeps,
  input: {
    conversationId?: string;
    parentId: string | null;
    text: string;
    model?: string;
    draftKey: string;
    projectId?: string;
  },
): Promise<StartedAnswer> {
  const text = input.text.trim();
  if (!text) throw new CodelumiError('bad_request:ollama', 'Type a message first.');
  let conversation = input.conversationId ? await ctx.db.conversations.get(input.conversationId) : undefined;
  const model = input.model || modelFor(conversation, ctx.settings, ctx.fallbackModel);
  if (!model) throw noModel();

  const history = conversation ? await historyTo(ctx.db, conversation.id, input.parentId) : [];
  const pending = { id: 'pending-question', role: 'user' as const, content: text };
  buildPrompt(ctx, conversation, model, [...history, pending]); // throws overflow:context before any write

  conversation ??= await createConversation(ctx.db, {
    model: input.model || undefined,
    projectId: input.projectId || undefined,
  });
  const question = await addUserMessage(ctx.db, conversation.id, input.parentId, text);
  // What the message states ("always use TypeScript") holds from this answer on, not from whenever learning
  // next runs: a question asked right after would otherwise be answered without it.
  await rememberStatedNow(ctx.db, question);
  // The worker looks for context while this thread stores the rest.
  const context = contextFor(ctx, conversation, model, [...history, question]);
  await saveDraft(ctx.db, input.draftKey, '');
  if (conversation.titleSource === 'pending') {
    await setAutomaticTitle(ctx.db, conversation.id, fallbackTitle(text), 'fallback');
  }
  report(ctx, { kind: 'message_sent', conversationId: conversation.id, messageId: question.id });
  const conv = conversation;
  const { answer, release } = await lockedNewAnswer(ctx, (id) =>
    startAnswer(ctx.db, conv.id, question.id, model, Date.now(), id),
  );
  let prompt: BuiltPrompt;
  try {
    prompt = buildPrompt(ctx, conversation, model, [...history, question], await context);
  } catch (err) {
    release();
    throw err;
  }
  const done = runAnswer(ctx, conv, answer, model, prompt, release).then(async (outcome) => {
    if (
      outcome.status === 'complete' &&
      conv.titleSource === 'pending' &&
      history.length === 0 &&
      ctx.settings.autoTitle
    ) {
      await nameConversation(ctx, conv.id, model, text, outcome.content);
    }
    return outcome;
  });
  return { conversationId: conv.id, answerId: answer.id, done };
}

/** Asks the model for a title; keeps the fallback when it fails. Never throws. */
export async function nameConversation(
  ctx: Pick<ChatDeps, 'db' | 'host' | 'fetchImpl' | 'backgroundTimeoutMs'>,
  conversationId: string,
  model: string,
  question: string,
  answer: string,
): Promise<void> {
  try {
    // Bounded: the answer's `done` (and auto-run after it) waits for the title.
    const client = createOllamaClient(
      ctx.host,
      fetchWithin(ctx.backgroundTimeoutMs ?? BACKGROUND_TIME_LIMIT_MS, ctx.fetchImpl),
    );
    const title = await generateTitle(client, model, question, answer);
    if (cleanModelTitle(title)) await setAutomaticTitle(ctx.db, conversationId, title, 'auto');
  } catch {
    // The fallback title from the question stays; naming is a nicety, not worth an error.
  }
}

/**
 * Answers the question before `answer` again, as a new branch beside it.
 * `exclude` lists context items (by id) to leave out this time, as chosen in
 * the prompt inspector.
 */
export async function regenerate(
  ctx: ChatDeps,
  answer: Message,
  options: { model?: string; exclude?: string[] } = {},
): Promise<StartedAnswer> {
  const model = options.model;
  if (!answer.parentId) throw new CodelumiError('bad_request:ollama', 'This answer has no question to answer again.');
  const conversation = await ctx.db.conversations.get(answer.conversationId);
  if (!conversation) throw new CodelumiError('bad_request:ollama', 'The conversation no longer exists.');
  const use = model || modelFor(conversation, ctx.settings, ctx.fallbackModel) || answer.model;
  if (!use) throw noModel();
  const history = await historyTo(ctx.db, conversation.id, answer.parentId);
  const prompt = buildPrompt(
    ctx,
    conversation,
    use,
    history,
    await contextFor(ctx, conversation, use, history, options.exclude),
    options.exclude,
  );
  const parentId = answer.parentId;
  const { answer: next, release } = await lockedNewAnswer(ctx, (id) =>
    startAnswer(ctx.db, conversation.id, parentId, use, Date.now(), id),
  );
  return {
    conversationId: conversation.id,
    answerId: next.id,
    done: runAnswer(ctx, conversation, next, use, prompt, release),
  };
}

/** Sends an edited version of a question as a new branch beside the original. */
export async function editAndResend(ctx: ChatDeps, question: Message, text: string): Promise<StartedAnswer> {
  const conversation = await ctx.db.conversations.get(question.conversationId);
  if (!conversation) throw new CodelumiError('bad_request:ollama', 'The conversation no longer exists.');
  return sendMessage(ctx, {
    conversationId: conversation.id,
    parentId: question.parentId,
    text,
    draftKey: `edit:${question.id}`,
  });
}

/**
 * Continues an interrupted or failed answer where it stopped, appending to
 * the same message. Refused (`busy:answer`) while another tab writes it; the
 * text continued from is the stored one, not what this tab last showed.
 */
export async function continueAnswer(ctx: ChatDeps, shown: Message): Promise<StartedAnswer> {
  const release = await takeAnswerLock(ctx.locks, shown.id, { ifAvailable: true });
  if (!release) {
    throw new CodelumiError(
      'busy:answer',
      'This answer is still being written in another tab. Wait for it there, or stop it there, then continue.',
    );
  }
  try {
    const answer = await ctx.db.messages.get(shown.id);
    const conversation = answer && (await ctx.db.conversations.get(answer.conversationId));
    if (!answer || !conversation || !answer.parentId || answer.status === 'complete') {
      throw new CodelumiError('bad_request:ollama', 'There is nothing to continue.');
    }
    const model = answer.model || modelFor(conversation, ctx.settings, ctx.fallbackModel);
    if (!model) throw noModel();
    const history = await historyTo(ctx.db, conversation.id, answer.parentId);
    const prompt = buildPrompt(
      ctx,
      conversation,
      model,
      [...history, { id: answer.id, role: 'assistant', content: answer.content }],
      await contextFor(ctx, conversation, model, history, answer.trace?.excluded),
      answer.trace?.excluded,
    );
    // The partial answer goes as the prefix, not as history.
    prompt.messages.pop();
    if (!(await resumeAnswer(ctx.db, answer.id)))
      throw new CodelumiError('bad_request:ollama', 'There is nothing to continue.');
    return {
      conversationId: conversation.id,
      answerId: answer.id,
      done: runAnswer(ctx, conversation, answer, model, prompt, release, {
        content: answer.content,
        thinking: answer.thinking ?? '',
      }),
    };
  } catch (err) {
    release();
    throw err;
  }
}
