/**
 * What the user does in a chat, as plain async functions over the database
 * and Ollama: send, regenerate, edit and resend, continue. Each one writes
 * the question and the empty answer first, then runs the turn's first steps
 * (turn.ts: retrieve, construct, stream) and resolves once the answer streams.
 */
import type { CodelumiDB } from '../db/db';
import type { Conversation, Message } from '../core/records';
import type { Settings } from '../db/settings';
import { addUserMessage, conversationMessages, resumeAnswer, startAnswer } from '../db/messages';
import { newConversation, setAutomaticTitle, storeConversation } from '../db/conversations';
import { saveDraft } from '../db/drafts';
import { buildThread } from '../db/thread';
import { CodelumiError } from '../core/errors';
import { newId } from '../core/ids';
import { rememberStatedNow } from '../memory/learned';
import { extractStatedMemories } from '../memory/statements';
import { createOllamaClient, fetchWithin } from '../ollama/client';
import { chooseModel } from '../ollama/models';
import type { BuiltPrompt } from '../prompt/prompt';
import { takeAnswerLock, type ReleaseLock } from './locks';
import { cleanModelTitle, fallbackTitle, generateTitle } from './title';
import {
  BACKGROUND_TIME_LIMIT_MS,
  constructTurnPrompt,
  reportEvent,
  retrieveContext,
  streamTurn,
  type ChatDeps,
  type StartedAnswer,
} from './turn';

/** The model a conversation answers with: its own, else the default, else the first installed chat model. */
export function modelFor(
  conversation: Pick<Conversation, 'model'> | undefined,
  settings: Settings,
  fallback?: () => string | undefined,
): string {
  return chooseModel(conversation?.model, settings.defaultModel, fallback);
}

function noModel(): CodelumiError {
  return new CodelumiError('not_found:model', 'No model is chosen yet. Install or pick a model first.', {});
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

/** History of the thread that ends at `leafId` (see answeredHistory). */
async function historyTo(db: CodelumiDB, conversationId: string, leafId: string | null): Promise<Message[]> {
  if (!leafId) return [];
  return answeredHistory(buildThread(await conversationMessages(db, conversationId), leafId).map((e) => e.message));
}

/** A thread's messages without the answers still streaming or empty: what a prompt's history holds. */
function answeredHistory(thread: Message[]): Message[] {
  return thread.filter((m) => m.role !== 'assistant' || (m.content.trim() !== '' && m.status !== 'streaming'));
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
    /**
     * The conversation and its thread as the page shows them (read from this database): the question goes after
     * the thread's last message, so when that is `parentId` they stand for reading both again. The thread's
     * streaming and empty answers are left out of the history as they would be from the database.
     */
    shown?: { conversation: Conversation; thread: Message[] };
    /**
     * The caller's check that Ollama can be reached: the history is read meanwhile, and nothing is written
     * before it settles. When it rejects, that error is the Send's and nothing is stored.
     */
    reachable?: Promise<void>;
  },
): Promise<StartedAnswer> {
  // Awaited only after the read below: handled from now on, so a quick failure is not reported as unhandled.
  input.reachable?.catch(() => undefined);
  const text = input.text.trim();
  // Each step before the retriever is asked, as a `codelumi:send:<step>` measure from the start (the benchmark reads them).
  const begun = performance.now();
  const step = (name: string) => {
    const entry = `codelumi:send:${name}`;
    if (performance.getEntriesByName(entry).length >= 200) performance.clearMeasures(entry);
    performance.measure(entry, { start: begun });
  };
  const read = async () => {
    if (!text) throw new CodelumiError('bad_request:ollama', 'Type a message first.');
    const shown = input.shown;
    const current =
      shown && shown.conversation.id === input.conversationId && (shown.thread.at(-1)?.id ?? null) === input.parentId;
    const found = current
      ? shown.conversation
      : input.conversationId
        ? await ctx.db.conversations.get(input.conversationId)
        : undefined;
    const model = input.model || modelFor(found, ctx.settings, ctx.fallbackModel);
    if (!model) throw noModel();
    const history = current
      ? answeredHistory(shown.thread)
      : found
        ? await historyTo(ctx.db, found.id, input.parentId)
        : [];
    const pending = { id: 'pending-question', role: 'user' as const, content: text };
    constructTurnPrompt(ctx, found, model, [...history, pending]); // throws overflow:context before any write
    step('history');
    return { found, model, history };
  };
  // Ollama's reachability is checked while the history is read; nothing is written before it passes, and when
  // both fail (Ollama down, so no model listed either) the reachability error is the one the user needs.
  const outcome = await read().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await input.reachable;
  if ('error' in outcome) throw outcome.error;
  step('checked');
  const { model, history, found } = outcome.value;
  // The worker looks for context while this thread stores the conversation (a new chat), the question and the
  // rest: their ids are chosen here so the retrieval can name them before they are written. What a message states
  // ("always use TypeScript") holds from this answer on, not from whenever learning next runs, so such a message
  // is stored, and what it states remembered, before the context is chosen.
  const conv = found ?? newConversation({ model: input.model || undefined, projectId: input.projectId || undefined });
  const questionId = newId();
  const states = !conv.noLearn && extractStatedMemories(text).length > 0;
  const askContext = (question: Pick<Message, 'id' | 'role' | 'content'>) =>
    retrieveContext(ctx, conv, model, [...history, question]);
  let context = states ? undefined : askContext({ id: questionId, role: 'user', content: text });
  if (!found) await storeConversation(ctx.db, conv);
  step('read');
  const question = await addUserMessage(ctx.db, conv.id, input.parentId, text, Date.now(), questionId);
  step('written');
  if (states) {
    await rememberStatedNow(ctx.db, question);
    context = askContext(question);
  }
  step('remembered');
  await saveDraft(ctx.db, input.draftKey, '');
  if (conv.titleSource === 'pending') {
    await setAutomaticTitle(ctx.db, conv.id, fallbackTitle(text), 'fallback');
  }
  reportEvent(ctx, { kind: 'message_sent', conversationId: conv.id, messageId: question.id });
  const { answer, release } = await lockedNewAnswer(ctx, (id) =>
    startAnswer(ctx.db, conv.id, question.id, model, Date.now(), id),
  );
  let prompt: BuiltPrompt;
  try {
    prompt = constructTurnPrompt(ctx, conv, model, [...history, question], await context);
  } catch (err) {
    release();
    throw err;
  }
  const done = streamTurn(ctx, conv, answer, model, prompt, release).then(async (outcome) => {
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
  const prompt = constructTurnPrompt(
    ctx,
    conversation,
    use,
    history,
    await retrieveContext(ctx, conversation, use, history, options.exclude),
    options.exclude,
  );
  const parentId = answer.parentId;
  const { answer: next, release } = await lockedNewAnswer(ctx, (id) =>
    startAnswer(ctx.db, conversation.id, parentId, use, Date.now(), id),
  );
  return {
    conversationId: conversation.id,
    answerId: next.id,
    done: streamTurn(ctx, conversation, next, use, prompt, release),
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
    const prompt = constructTurnPrompt(
      ctx,
      conversation,
      model,
      [...history, { id: answer.id, role: 'assistant', content: answer.content }],
      await retrieveContext(ctx, conversation, model, history, answer.trace?.excluded),
      answer.trace?.excluded,
    );
    // The partial answer goes as the prefix, not as history.
    prompt.messages.pop();
    if (!(await resumeAnswer(ctx.db, answer.id)))
      throw new CodelumiError('bad_request:ollama', 'There is nothing to continue.');
    return {
      conversationId: conversation.id,
      answerId: answer.id,
      done: streamTurn(ctx, conversation, answer, model, prompt, release, {
        content: answer.content,
        thinking: answer.thinking ?? '',
      }),
    };
  } catch (err) {
    release();
    throw err;
  }
}
