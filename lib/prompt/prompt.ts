/**
 * The Prompt Constructor: the persona, the user's own instructions, the
 * labelled context sections (preferences, corrections, answer style, project,
 * earlier conversations) and as much of the thread as fits the context
 * window, leaving room for the answer. Context takes at most half of the room
 * after the question; older turns give way to their summary, never silently,
 * and a question that cannot fit on its own is refused with `overflow:context`.
 */
import { CodelumiError } from '../core/errors';
import type { Message, PromptTrace } from '../core/records';
import { estimateMessageTokens, estimateTokens } from '../core/tokens';
import { renderSection, withoutExcluded, type ContextItem, type ContextSection } from './context-sections';
import { DEFAULT_VOICE, personaFor } from './persona';

/** The persona in the default voice (see ./persona), used when a request names none. */
export const CODELUMI_PERSONA = personaFor(DEFAULT_VOICE);

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PromptRequest {
  model: string;
  /** Context chosen for this question (learned preferences, corrections, style, project, earlier conversations), in order of importance. */
  context?: readonly ContextSection[];
  /** Ids of context items the user dropped in the inspector. */
  exclude?: readonly string[];
  /** Thread messages oldest first; the last one is the question being answered (or a partial answer to continue). */
  history: readonly Pick<Message, 'id' | 'role' | 'content'>[];
  /** A summary of the thread's older turns (through `throughMessageId`), used in their place when the thread does not fit. */
  summary?: { text: string; throughMessageId: string };
  /** Extra system text: settings' global prompt, then the conversation's own. */
  systemPrompts: readonly (string | undefined)[];
  /** num_ctx the request will carry. */
  contextLength: number;
  /** Tokens kept free for the answer. */
  answerReserve?: number;
  /** The persona paragraph (default: Codelumi's own). */
  persona?: string;
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

/** Share of the window (after the answer's room) that context may take before the conversation itself. */
export const CONTEXT_SHARE = 0.5;

function traceOf(section: ContextSection): TraceSection {
  return {
    name: section.name,
    tokens: estimateTokens(renderSection(section)),
    items: section.items.map((i) => ({ id: i.id, label: i.label, tokens: i.tokens })),
  };
}

/**
 * Fits the sections into `budget` tokens, keeping them in order and dropping
 * the last items first (the retriever already orders by importance).
 */
function fitSections(
  sections: readonly ContextSection[],
  budget: number,
): { kept: ContextSection[]; dropped: string[] } {
  const kept: ContextSection[] = [];
  const dropped: string[] = [];
  let used = 0;
  for (const section of sections) {
    const items: ContextItem[] = [];
    const overhead = estimateTokens(section.heading) + 4;
    for (const item of section.items) {
      const cost = item.tokens + 2 + (items.length === 0 ? overhead : 0);
      if (used + cost > budget) {
        dropped.push(item.id);
        continue;
      }
      used += cost;
      items.push(item);
    }
    if (items.length) kept.push({ ...section, items });
  }
  return { kept, dropped };
}

/** The heading of the summary of older turns; it comes last in a system prompt. */
export const SUMMARY_HEADING = '## Summary of the earlier part of this conversation';

/** Builds the chat messages for one request and the trace of what went in. */
export function constructPrompt(req: PromptRequest): BuiltPrompt {
  const reserve = req.answerReserve ?? defaultAnswerReserve(req.contextLength);
  const base = [req.persona ?? CODELUMI_PERSONA, ...req.systemPrompts.map((s) => s?.trim()).filter(Boolean)].join(
    '\n\n',
  );
  const room = req.contextLength - reserve - estimateMessageTokens({ content: base });
  const history = req.history.filter((m) => m.role !== 'system');
  if (history.length === 0) throw new Error('constructPrompt needs at least one message');

  const last = history[history.length - 1];
  // The question (and, when continuing, the question before the partial answer) must go in whole.
  const mustKeep = last.role === 'assistant' && history.length >= 2 ? 2 : 1;
  const required = history.slice(-mustKeep).reduce((n, m) => n + estimateMessageTokens(m), 0);
  if (required > room) {
    const tokens = estimateTokens(last.content);
    throw new CodelumiError(
      'overflow:context',
      `This message is about ${tokens.toLocaleString('en')} tokens, more than fits in ${req.model}’s context window of ${req.contextLength.toLocaleString('en')} tokens.`,
      { model: req.model, tokens, contextLength: req.contextLength },
    );
  }

  // Context may take up to half of what is left after the question; the conversation gets the rest.
  const chosen = withoutExcluded(req.context ?? [], req.exclude);
  const { kept: sections, dropped } = fitSections(chosen, Math.max(0, Math.floor((room - required) * CONTEXT_SHARE)));
  const sectionText = sections.map(renderSection);
  const contextTokens = sectionText.reduce((n, t) => n + estimateTokens(t) + 2, 0);
  let budget = room - contextTokens;

  // Newest turns first; when the older ones do not fit, a summary of them stands in (never a silent gap).
  const kept: typeof history = [];
  let used = 0;
  let cut = -1;
  for (let i = history.length - 1; i >= 0; i--) {
    const cost = estimateMessageTokens(history[i]);
    if (history.length - i > mustKeep && used + cost > budget) {
      cut = i;
      break;
    }
    used += cost;
    kept.unshift(history[i]);
  }
  let summary: PromptTrace['summary'];
  let summaryText = '';
  if (cut >= 0 && req.summary) {
    const through = history.findIndex((m) => m.id === req.summary!.throughMessageId);
    const text = `${SUMMARY_HEADING}\n${req.summary.text}`;
    const cost = estimateTokens(text) + 2;
    if (through !== -1 && through >= cut && cost <= budget) {
      // Drop kept turns the summary already covers, then fit the summary itself.
      while (kept.length > mustKeep && history.indexOf(kept[0]) <= through) {
        used -= estimateMessageTokens(kept[0]);
        kept.shift();
      }
      while (kept.length > mustKeep && used + cost > budget) {
        used -= estimateMessageTokens(kept[0]);
        kept.shift();
      }
      summaryText = text;
      summary = { throughMessageId: req.summary.throughMessageId, tokens: cost };
      budget -= cost;
    }
  }
  // A thread sent to the model should start with a question, not a dangling answer.
  while (kept.length > mustKeep && kept[0].role === 'assistant') {
    used -= estimateMessageTokens(kept[0]);
    kept.shift();
  }
  const keptIds = new Set(kept.map((m) => m.id));
  const omittedIds = history.filter((m) => !keptIds.has(m.id)).map((m) => m.id);
  const system = [base, ...sectionText, summaryText].filter(Boolean).join('\n\n');

  return {
    messages: [
      { role: 'system', content: system },
      ...kept.map((m) => ({ role: m.role, content: m.content }) as ChatMessage),
    ],
    trace: {
      model: req.model,
      contextLength: req.contextLength,
      promptTokens: used + estimateMessageTokens({ content: system }),
      historyIds: kept.map((m) => m.id),
      omittedIds,
      systemPrompt: system,
      sections: sections.length ? sections.map(traceOf) : undefined,
      excluded: req.exclude?.length ? [...req.exclude] : undefined,
      droppedForBudget: dropped.length ? dropped : undefined,
      summary,
    },
  };
}
