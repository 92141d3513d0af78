/**
 * The Prompt Constructor: the system prompt plus as much of the thread as fits
 * the context window, leaving room for the answer. Older turns are left out
 * (and listed in the trace) before the newest question ever is; a question
 * that cannot fit on its own is refused with `overflow:context`.
 */
import { CodelumiError } from '../errors';
import type { Message, PromptTrace } from '../db/records';
import { estimateMessageTokens, estimateTokens } from './tokens';
import { DEFAULT_VOICE, personaFor } from './persona';

/** The persona in the default voice (see ./persona), used when a request names none. */
export const CODELUMI_PERSONA = personaFor(DEFAULT_VOICE);

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the learning engine adds to a prompt (see lib/learning/context.ts). */
export interface LearnedSections {
  preferences: { id: string; text: string }[];
  corrections: { id: string; text: string }[];
  style?: { key: string; instruction: string; label: string };
}

export interface PromptRequest {
  model: string;
  /** Codelumi's persona paragraph in the user's voice (personaFor); default CODELUMI_PERSONA. */
  persona?: string;
  /** Preferences, relevant corrections and the answer style learned for this user. */
  learned?: LearnedSections;
  /** Thread messages oldest first; the last one is the question being answered (or a partial answer to continue). */
  history: readonly Pick<Message, 'id' | 'role' | 'content'>[];
  /** Extra system text: settings' global prompt, then the conversation's own. */
  systemPrompts: readonly (string | undefined)[];
  /** num_ctx the request will carry. */
  contextLength: number;
  /** Tokens kept free for the answer. */
  answerReserve?: number;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  trace: PromptTrace;
}

/** Tokens kept free for the answer when the caller does not say: a quarter of the window, 256..4096. */
export function defaultAnswerReserve(contextLength: number): number {
  return Math.min(4096, Math.max(256, Math.floor(contextLength / 4)));
}

type TraceSection = NonNullable<PromptTrace['sections']>[number];

/** The labelled learned sections of the system prompt, and their trace. */
function learnedSections(learned: LearnedSections | undefined): { text: string[]; trace: TraceSection[] } {
  const text: string[] = [];
  const trace: TraceSection[] = [];
  if (!learned) return { text, trace };
  const add = (name: string, heading: string, items: { id: string; text: string; label?: string }[]) => {
    if (items.length === 0) return;
    const body = items.map((i) => `- ${i.text}`).join('\n');
    text.push(`## ${heading}\n${body}`);
    trace.push({
      name,
      tokens: estimateTokens(body) + estimateTokens(heading),
      items: items.map((i) => ({ id: i.id, label: i.label ?? i.text, tokens: estimateTokens(i.text) })),
    });
  };
  add('Preferences', 'What you know about this user (follow these)', learned.preferences);
  add('Corrections', 'Corrections this user made to earlier answers (do not repeat those mistakes)', learned.corrections);
  if (learned.style) {
    add('Answer style', 'Answer style that works for this user on this kind of question', [
      { id: learned.style.key, text: learned.style.instruction, label: learned.style.label },
    ]);
  }
  return { text, trace };
}

/** Builds the chat messages for one request and the trace of what went in. */
export function constructPrompt(req: PromptRequest): BuiltPrompt {
  const learned = learnedSections(req.learned);
  const system = [req.persona ?? CODELUMI_PERSONA, ...req.systemPrompts.map((s) => s?.trim()).filter(Boolean), ...learned.text].join('\n\n');
  const systemTokens = estimateMessageTokens({ content: system });
  const budget = req.contextLength - (req.answerReserve ?? defaultAnswerReserve(req.contextLength)) - systemTokens;
  const history = req.history.filter((m) => m.role !== 'system');
  if (history.length === 0) throw new Error('constructPrompt needs at least one message');

  const last = history[history.length - 1];
  // The question (and, when continuing, the question before the partial answer) must go in whole.
  const mustKeep = last.role === 'assistant' && history.length >= 2 ? 2 : 1;
  const kept: typeof history = [];
  let used = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const cost = estimateMessageTokens(history[i]);
    const required = history.length - i <= mustKeep;
    if (used + cost > budget) {
      if (required) {
        const tokens = estimateTokens(last.content);
        throw new CodelumiError(
          'overflow:context',
          `This message is about ${tokens.toLocaleString('en')} tokens, more than fits in ${req.model}’s context window of ${req.contextLength.toLocaleString('en')} tokens.`,
          { model: req.model, tokens, contextLength: req.contextLength },
        );
      }
      break;
    }
    used += cost;
    kept.unshift(history[i]);
  }
  // A thread sent to the model should start with a question, not a dangling answer.
  while (kept.length > mustKeep && kept[0].role === 'assistant') {
    used -= estimateMessageTokens(kept[0]);
    kept.shift();
  }
  const keptIds = new Set(kept.map((m) => m.id));
  const omittedIds = history.filter((m) => !keptIds.has(m.id)).map((m) => m.id);

  return {
    messages: [{ role: 'system', content: system }, ...kept.map((m) => ({ role: m.role, content: m.content }) as ChatMessage)],
    trace: {
      model: req.model,
      contextLength: req.contextLength,
      promptTokens: used + systemTokens,
      historyIds: kept.map((m) => m.id),
      omittedIds,
      systemPrompt: system,
      sections: learned.trace.length ? learned.trace : undefined,
    },
  };
}
