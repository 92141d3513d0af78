/**
 * What the user does in a chat, as plain async functions over the database
 * and Ollama: send, regenerate, edit and resend, continue. Each one writes
 * the question and the empty answer first, then streams into it.
 */
import type { CodelumiDB } from '../db/db';
import type { AppEvent, Conversation, Message } from '../db/records';
import type { Settings } from '../db/settings';
import { addUserMessage, conversationMessages, resumeAnswer, startAnswer } from '../db/messages';
import { createConversation, setAutomaticTitle } from '../db/conversations';
import { saveDraft } from '../db/drafts';
import { CodelumiError } from '../errors';
import { constructPrompt, type BuiltPrompt, type LearnedSections } from '../brain/prompt';
import { personaFor } from '../brain/persona';
import { createOllamaClient } from '../ollama/client';
import { buildThread } from './thread';
import { streamAnswer, type AnswerDeps, type AnswerOutcome } from './answer';
import { cleanModelTitle, fallbackTitle, generateTitle } from './title';

/** What the actions need to know about the model they answer with. */
export interface ModelFacts {
  name: string;
  contextLength?: number;
  capabilities: string[];
}

export interface ChatContext extends AnswerDeps {
  settings: Settings;
  /** Facts about models by name, from the Models list (may be empty while offline). */
  modelFacts: (name: string) => ModelFacts | undefined;
  /** The model to use when neither the conversation nor the settings name one (the first installed chat model). */
  fallbackModel?: () => string | undefined;
  /** What learning adds to the prompt for a question (the memory worker); missing or failing means nothing. */
  learn?: (question: string, conversationContext: string) => Promise<LearnedSections | undefined>;
  /** Reports what happened (question sent, answer finished) to the learning engine. */
  report?: (event: Omit<AppEvent, 'seq'>) => void;
}

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
  return conversation?.model || settings.defaultModel || fallback?.() || '';
}

export interface StartedAnswer {
  conversationId: string;
  answerId: string;
  /** Settles when the answer is complete, stopped or failed. */
  done: Promise<AnswerOutcome>;
}

function noModel(): CodelumiError {
  return new CodelumiError('not_found:model', 'No model is chosen yet. Install or pick a model first.', {});
}

function buildPrompt(
  ctx: ChatContext,
  conversation: Conversation | undefined,
  model: string,
  history: Pick<Message, 'id' | 'role' | 'content'>[],
  learned?: LearnedSections,
): BuiltPrompt {
  return constructPrompt({
    model,
    history,
    learned,
    persona: personaFor(ctx.settings),
    systemPrompts: [ctx.settings.globalSystemPrompt, conversation?.systemPrompt],
    contextLength: effectiveContextLength(ctx.settings, ctx.modelFacts(model)),
  });
}

/** The learned context for the question ending `history`; never fails the answer. */
async function learnedFor(ctx: ChatContext, history: Pick<Message, 'role' | 'content'>[]): Promise<LearnedSections | undefined> {
  if (!ctx.learn) return undefined;
  const questions = history.filter((m) => m.role === 'user');
  const question = questions[questions.length - 1]?.content;
  if (!question) return undefined;
  const context = history.slice(-4, -1).map((m) => m.content).join('\n');
  try {
    return await ctx.learn(question, context);
  } catch {
    // Best effort, also when learn() throws before it returns a promise (the worker could not start).
    return undefined;
  }
}

/** Reports an event to the learning engine, never failing the chat. */
function report(ctx: ChatContext, event: Omit<AppEvent, 'seq' | 'at'>): void {
  try {
    ctx.report?.({ ...event, at: Date.now() });
  } catch {
    // Learning is best effort; the conversation goes on.
  }
}

async function runAnswer(
  ctx: ChatContext,
  conversation: Conversation,
  answer: Message,
  model: string,
  prompt: BuiltPrompt,
  prefix?: { content: string; thinking: string },
): Promise<AnswerOutcome> {
  const facts = ctx.modelFacts(model);
  const outcome = await streamAnswer(ctx, {
    answerId: answer.id,
    conversationId: conversation.id,
    model,
    messages: prompt.messages,
    trace: prompt.trace,
    options: { num_ctx: prompt.trace.contextLength },
    keepAlive: ctx.settings.keepAlive,
    think: facts?.capabilities.includes('thinking') ?? false,
    prefix,
  });
  if (outcome.status === 'complete') report(ctx, { kind: 'answer_done', conversationId: conversation.id, messageId: answer.id });
  return outcome;
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
  ctx: ChatContext,
  input: { conversationId?: string; parentId: string | null; text: string; model?: string; draftKey: string },
): Promise<StartedAnswer> {
  const text = input.text.trim();
  if (!text) throw new CodelumiError('bad_request:ollama', 'Type a message first.');
  let conversation = input.conversationId ? await ctx.db.conversations.get(input.conversationId) : undefined;
  const model = input.model || modelFor(conversation, ctx.settings, ctx.fallbackModel);
  if (!model) throw noModel();

  const history = conversation ? await historyTo(ctx.db, conversation.id, input.parentId) : [];
  const pending = { id: 'pending-question', role: 'user' as const, content: text };
  buildPrompt(ctx, conversation, model, [...history, pending]); // throws overflow:context before any write

  conversation ??= await createConversation(ctx.db, { model: input.model || undefined });
  const question = await addUserMessage(ctx.db, conversation.id, input.parentId, text);
  await saveDraft(ctx.db, input.draftKey, '');
  if (conversation.titleSource === 'pending') {
    await setAutomaticTitle(ctx.db, conversation.id, fallbackTitle(text), 'fallback');
  }
  report(ctx, { kind: 'message_sent', conversationId: conversation.id, messageId: question.id });
  const answer = await startAnswer(ctx.db, conversation.id, question.id, model);
  const prompt = buildPrompt(ctx, conversation, model, [...history, question], await learnedFor(ctx, [...history, question]));
  const conv = conversation;
  const done = runAnswer(ctx, conv, answer, model, prompt).then(async (outcome) => {
    if (outcome.status === 'complete' && conv.titleSource === 'pending' && history.length === 0 && ctx.settings.autoTitle) {
      await nameConversation(ctx, conv.id, model, text, outcome.content);
    }
    return outcome;
  });
  return { conversationId: conv.id, answerId: answer.id, done };
}

/** Asks the model for a title; keeps the fallback when it fails. Never throws. */
export async function nameConversation(
  ctx: Pick<ChatContext, 'db' | 'host' | 'fetchImpl'>,
  conversationId: string,
  model: string,
  question: string,
  answer: string,
): Promise<void> {
  try {
    const title = await generateTitle(createOllamaClient(ctx.host, ctx.fetchImpl), model, question, answer);
    if (cleanModelTitle(title)) await setAutomaticTitle(ctx.db, conversationId, title, 'auto');
  } catch {
    // The fallback title from the question stays; naming is a nicety, not worth an error.
  }
}

/** Answers the question before `answer` again, as a new branch beside it. */
export async function regenerate(ctx: ChatContext, answer: Message, model?: string): Promise<StartedAnswer> {
  if (!answer.parentId) throw new CodelumiError('bad_request:ollama', 'This answer has no question to answer again.');
  const conversation = await ctx.db.conversations.get(answer.conversationId);
  if (!conversation) throw new CodelumiError('bad_request:ollama', 'The conversation no longer exists.');
  const use = model || modelFor(conversation, ctx.settings, ctx.fallbackModel) || answer.model;
  if (!use) throw noModel();
  const history = await historyTo(ctx.db, conversation.id, answer.parentId);
  const prompt = buildPrompt(ctx, conversation, use, history, await learnedFor(ctx, history));
  const next = await startAnswer(ctx.db, conversation.id, answer.parentId, use);
  return { conversationId: conversation.id, answerId: next.id, done: runAnswer(ctx, conversation, next, use, prompt) };
}

/** Sends an edited version of a question as a new branch beside the original. */
export async function editAndResend(ctx: ChatContext, question: Message, text: string): Promise<StartedAnswer> {
  const conversation = await ctx.db.conversations.get(question.conversationId);
  if (!conversation) throw new CodelumiError('bad_request:ollama', 'The conversation no longer exists.');
  return sendMessage(ctx, {
    conversationId: conversation.id,
    parentId: question.parentId,
    text,
    draftKey: `edit:${question.id}`,
  });
}

/** Continues an interrupted or failed answer where it stopped, appending to the same message. */
export async function continueAnswer(ctx: ChatContext, answer: Message): Promise<StartedAnswer> {
  const conversation = await ctx.db.conversations.get(answer.conversationId);
  if (!conversation || !answer.parentId) throw new CodelumiError('bad_request:ollama', 'There is nothing to continue.');
  const model = answer.model || modelFor(conversation, ctx.settings, ctx.fallbackModel);
  if (!model) throw noModel();
  const history = await historyTo(ctx.db, conversation.id, answer.parentId);
  const prompt = buildPrompt(
    ctx,
    conversation,
    model,
    [...history, { id: answer.id, role: 'assistant', content: answer.content }],
    await learnedFor(ctx, history),
  );
  // The partial answer goes as the prefix, not as history.
  prompt.messages.pop();
  await resumeAnswer(ctx.db, answer.id);
  return {
    conversationId: conversation.id,
    answerId: answer.id,
    done: runAnswer(ctx, conversation, answer, model, prompt, { content: answer.content, thinking: answer.thinking ?? '' }),
  };
}
